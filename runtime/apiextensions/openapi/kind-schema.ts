// The published schemas of a custom resource kind and its list: the CRD's own schema with the
// fields every Kubernetes object has (apiVersion, kind, metadata) put in as kube does.
import { isObject, type JsonObject } from './json.js';
import { definitionName, LIST_META, OBJECT_META } from './names.js';
import { structuralCopy, unfold } from './structural.js';
import { toSwagger2 } from './swagger2.js';

export type Dialect = 'v3' | 'v2';

export interface KindNames {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
}

export const refTo = (dialect: Dialect, name: string): string => (dialect === 'v3' ? `#/components/schemas/${name}` : `#/definitions/${name}`);

/** A reference with a description. OpenAPI 3.0 ignores siblings of $ref, so v3 wraps it in allOf. */
function describedRef(dialect: Dialect, name: string, description: string): JsonObject {
  return dialect === 'v3' ? { description, allOf: [{ $ref: refTo(dialect, name) }] } : { $ref: refTo(dialect, name), description };
}

const API_VERSION = (): JsonObject => ({ type: 'string', description: 'The versioned schema of this representation of an object, group/version.' });
const KIND = (): JsonObject => ({ type: 'string', description: 'The REST resource this object represents, in CamelCase.' });
const OBJECT_META_DESCRIPTION = "Standard object's metadata.";

function addTypeMeta(s: JsonObject): void {
  const props = isObject(s['properties']) ? s['properties'] : (s['properties'] = {});
  props['apiVersion'] = API_VERSION();
  props['kind'] = KIND();
}

/** Objects embedded in a field (x-kubernetes-embedded-resource) get the same envelope fields, which are then required. */
function addEmbeddedEnvelope(s: JsonObject, dialect: Dialect): void {
  for (const child of [
    ...(isObject(s['properties']) ? Object.values(s['properties']) : []),
    s['items'],
    s['additionalProperties'],
  ]) {
    if (isObject(child)) addEmbeddedEnvelope(child, dialect);
  }
  // In v2 such fields under an open node would make kubectl reject the unknown ones.
  if (dialect === 'v2' && s['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (s['x-kubernetes-embedded-resource'] !== true) return;
  addTypeMeta(s);
  (s['properties'] as JsonObject)['metadata'] = describedRef(dialect, OBJECT_META, OBJECT_META_DESCRIPTION);
  const required = Array.isArray(s['required']) ? [...(s['required'] as unknown[])] : [];
  for (const f of ['kind', 'apiVersion']) if (!required.includes(f)) required.push(f);
  s['required'] = required;
}

export interface KindSchemaInput {
  readonly names: KindNames;
  readonly schema: JsonObject | undefined;
  readonly preserveUnknownFields: boolean;
  readonly selectableFields: readonly string[];
}

export function kindSchema(input: KindSchemaInput, dialect: Dialect): JsonObject {
  const { names, schema } = input;
  let out: JsonObject;
  // A v2 schema that allows unknown fields at its root is published bare: kubectl's v2 reader
  // would otherwise reject every field the schema does not list.
  if (!schema || (dialect === 'v2' && (schema['x-kubernetes-preserve-unknown-fields'] === true || input.preserveUnknownFields))) {
    out = { type: 'object' };
  } else {
    out = unfold(structuralCopy(schema));
    if (dialect === 'v2') toSwagger2(out);
    const props = isObject(out['properties']) ? out['properties'] : (out['properties'] = {});
    props['metadata'] = describedRef(dialect, OBJECT_META, OBJECT_META_DESCRIPTION);
    addTypeMeta(out);
    addEmbeddedEnvelope(out, dialect);
  }
  out['x-kubernetes-group-version-kind'] = [{ group: names.group, kind: names.kind, version: names.version }];
  if (input.selectableFields.length > 0) {
    out['x-kubernetes-selectable-fields'] = input.selectableFields.map((p) => ({ fieldPath: p.replace(/^\./, '') }));
  }
  return out;
}

export function listSchema(names: KindNames, dialect: Dialect): JsonObject {
  return {
    description: `${names.listKind} is a list of ${names.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: API_VERSION(),
      items: { description: `List of ${names.plural}.`, type: 'array', items: { $ref: refTo(dialect, definitionName(names.group, names.version, names.kind)) } },
      kind: KIND(),
      metadata: describedRef(dialect, LIST_META, 'Standard list metadata.'),
    },
    'x-kubernetes-group-version-kind': [{ group: names.group, kind: names.listKind, version: names.version }],
  };
}
