// One served version of a CRD as a ResourceDescriptor: the names accepted for it, its scope,
// verbs, status and scale subresources, printer columns and field metadata.
import type { FieldMeta, PrinterColumn, PrinterColumnType, ResourceDescriptor, SubresourceDescriptor, Verb } from '../../api/index.js';
import { CREATION_TIMESTAMP_DESCRIPTION } from '../../table/metadata-docs.js';
import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from '../crd.js';
import { fieldsOfSchema } from './fields.js';

const VERBS: readonly Verb[] = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];
const PRINTER_TYPES: readonly PrinterColumnType[] = ['integer', 'number', 'string', 'boolean', 'date'];

// kube serves one Age column for a version that declares none.
const DEFAULT_COLUMNS: readonly PrinterColumn[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: CREATION_TIMESTAMP_DESCRIPTION },
];

function printerColumns(version: CustomResourceDefinitionVersion): readonly PrinterColumn[] {
  const declared = version.additionalPrinterColumns ?? [];
  if (declared.length === 0) return DEFAULT_COLUMNS;
  return declared.map((c) => ({
    name: c.name,
    type: (PRINTER_TYPES as readonly string[]).includes(c.type) ? (c.type as PrinterColumnType) : 'string',
    jsonPath: c.jsonPath,
    ...(c.format !== undefined && c.format !== '' ? { format: c.format } : {}),
    ...(c.description !== undefined && c.description !== '' ? { description: c.description } : {}),
    ...(c.priority !== undefined ? { priority: c.priority } : {}),
  }));
}

function subresources(crd: CustomResourceDefinition, version: CustomResourceDefinitionVersion): SubresourceDescriptor[] {
  const own = { group: crd.spec.group, version: version.name, kind: crd.status?.acceptedNames?.kind || crd.spec.names.kind };
  const out: SubresourceDescriptor[] = [];
  if (version.subresources?.status !== undefined) {
    out.push({ name: 'status', verbs: SUBRESOURCE_VERBS, kind: own, requestKind: own, responseKind: own });
  }
  if (version.subresources?.scale !== undefined) {
    const scale = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    out.push({ name: 'scale', verbs: SUBRESOURCE_VERBS, kind: scale, requestKind: scale, responseKind: scale });
  }
  return out;
}

/** The descriptor of `version` as served under the CRD's accepted names. */
export function crdVersionDescriptor(crd: CustomResourceDefinition, version: CustomResourceDefinitionVersion): ResourceDescriptor {
  const names = crd.status?.acceptedNames?.plural ? crd.status.acceptedNames : crd.spec.names;
  const kind = names.kind;
  const fields: Record<string, FieldMeta> = fieldsOfSchema(version.schema?.openAPIV3Schema as Record<string, unknown> | undefined);
  return {
    group: crd.spec.group,
    version: version.name,
    kind,
    listKind: names.listKind || `${kind}List`,
    plural: names.plural,
    singular: names.singular || kind.toLowerCase(),
    shortNames: [...(names.shortNames ?? [])],
    categories: [...(names.categories ?? [])],
    scope: crd.spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
    verbs: VERBS,
    subresources: subresources(crd, version),
    fields,
    printerColumns: printerColumns(version),
    selectableFields: (version.selectableFields ?? []).map((f) => f.jsonPath.replace(/^\./, '')),
  };
}
