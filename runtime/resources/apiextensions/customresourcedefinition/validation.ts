// Validation of CustomResourceDefinition objects, with kube's field paths and messages: the
// name, group, names, scope, versions (one storage, at least one served), conversion, each
// version's schema (the schema room's structural checks), printer columns and subresources.
import { fieldErrors, type FieldError } from '../../../api/index.js';
import { checkStructuralSchema, type JSONSchemaProps } from '../../../apiextensions/schema/index.js';
import { isDNS1123Subdomain } from '../../../registry/index.js';
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionNames,
  CustomResourceDefinitionVersion,
} from '../../../../generated/apiextensions.k8s.io/v1/types.js';
import { isDNS1035Label } from './names.js';

const SCOPES = ['Cluster', 'Namespaced'];
const CONVERSIONS = ['None', 'Webhook'];
const COLUMN_TYPES = ['integer', 'number', 'string', 'boolean', 'date'];

function validateNames(names: CustomResourceDefinitionNames | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const n = names ?? ({} as Partial<CustomResourceDefinitionNames>);
  const label = (value: string | undefined, field: string, required: boolean, prefix = '') => {
    if (value === undefined || value === '') {
      if (required) errs.push(fieldErrors.required(`${path}.${field}`));
      return;
    }
    const problems = isDNS1035Label(prefix ? value.toLowerCase() : value);
    if (problems.length > 0) errs.push(fieldErrors.invalid(`${path}.${field}`, value, prefix + problems.join(',')));
  };
  label(n.plural, 'plural', true);
  label(n.singular, 'singular', false);
  label(n.kind, 'kind', true, 'may have mixed case, but should otherwise match: ');
  label(n.listKind, 'listKind', false, 'may have mixed case, but should otherwise match: ');
  if (n.kind && n.listKind && n.kind === n.listKind) errs.push(fieldErrors.invalid(`${path}.listKind`, n.listKind, 'kind and listKind may not be the same'));
  (n.shortNames ?? []).forEach((s, i) => {
    const problems = isDNS1035Label(s);
    if (problems.length > 0) errs.push(fieldErrors.invalid(`${path}.shortNames[${i}]`, s, problems.join(',')));
  });
  (n.categories ?? []).forEach((c, i) => {
    const problems = isDNS1035Label(c);
    if (problems.length > 0) errs.push(fieldErrors.invalid(`${path}.categories[${i}]`, c, problems.join(',')));
  });
  return errs;
}

function validateVersion(v: CustomResourceDefinitionVersion, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const problems = isDNS1035Label(v.name ?? '');
  if (problems.length > 0) errs.push(fieldErrors.invalid(`${path}.name`, v.name, problems.join(',')));
  const schema = v.schema?.openAPIV3Schema as JSONSchemaProps | undefined;
  if (schema === undefined) errs.push(fieldErrors.required(`${path}.schema.openAPIV3Schema`, 'schemas are required'));
  // With the status subresource, kube allows only a few keywords at the schema root.
  else errs.push(...checkStructuralSchema(schema, `${path}.schema.openAPIV3Schema`, { statusSubresource: v.subresources?.status !== undefined }));
  (v.additionalPrinterColumns ?? []).forEach((c, i) => {
    const cp = `${path}.additionalPrinterColumns[${i}]`;
    if (!c.name) errs.push(fieldErrors.required(`${cp}.name`));
    if (!c.type) errs.push(fieldErrors.required(`${cp}.type`));
    else if (!COLUMN_TYPES.includes(c.type)) errs.push(fieldErrors.notSupported(`${cp}.type`, c.type, COLUMN_TYPES));
    if (!c.jsonPath) errs.push(fieldErrors.required(`${cp}.JSONPath`));
  });
  const scale = v.subresources?.scale;
  if (scale) {
    const sp = `${path}.subresources.scale`;
    if (!scale.specReplicasPath) errs.push(fieldErrors.required(`${sp}.specReplicasPath`));
    else if (!scale.specReplicasPath.startsWith('.spec.')) errs.push(fieldErrors.invalid(`${sp}.specReplicasPath`, scale.specReplicasPath, 'should be a json path under .spec'));
    if (!scale.statusReplicasPath) errs.push(fieldErrors.required(`${sp}.statusReplicasPath`));
    else if (!scale.statusReplicasPath.startsWith('.status.')) errs.push(fieldErrors.invalid(`${sp}.statusReplicasPath`, scale.statusReplicasPath, 'should be a json path under .status'));
    if (scale.labelSelectorPath && !/^\.(spec|status)\./.test(scale.labelSelectorPath)) {
      errs.push(fieldErrors.invalid(`${sp}.labelSelectorPath`, scale.labelSelectorPath, 'should be a json path under either .spec or .status'));
    }
  }
  return errs;
}

export function validateCustomResourceDefinition(crd: CustomResourceDefinition): FieldError[] {
  const errs: FieldError[] = [];
  const spec = crd.spec ?? ({} as CustomResourceDefinition['spec']);
  const name = crd.metadata?.name ?? '';
  const plural = spec.names?.plural ?? '';
  if (name !== `${plural}.${spec.group ?? ''}`) errs.push(fieldErrors.invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));

  if (!spec.group) errs.push(fieldErrors.required('spec.group'));
  else {
    const problems = isDNS1123Subdomain(spec.group);
    if (problems.length > 0) errs.push(fieldErrors.invalid('spec.group', spec.group, problems.join(',')));
    if (spec.group.split('.').length < 2) errs.push(fieldErrors.invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  }

  if (!spec.scope) errs.push(fieldErrors.required('spec.scope'));
  else if (!SCOPES.includes(spec.scope)) errs.push(fieldErrors.notSupported('spec.scope', spec.scope, SCOPES));

  const versions = spec.versions ?? [];
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    errs.push(...validateVersion(v, `spec.versions[${i}]`));
  });
  if (versions.filter((v) => v.storage).length !== 1) errs.push(fieldErrors.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  if (!versions.some((v) => v.served)) errs.push(fieldErrors.invalid('spec.versions', versions, 'must have at least one version marked as served'));
  if (!unique) errs.push(fieldErrors.invalid('spec.versions', versions, 'must contain unique version names'));

  errs.push(...validateNames(spec.names, 'spec.names'));

  const conversion = spec.conversion;
  if (conversion) {
    if (!CONVERSIONS.includes(conversion.strategy)) errs.push(fieldErrors.notSupported('spec.conversion.strategy', conversion.strategy, CONVERSIONS));
    else if (conversion.strategy === 'Webhook' && conversion.webhook === undefined) errs.push(fieldErrors.required('spec.conversion.webhook', 'must be set when strategy is set to Webhook'));
    else if (conversion.strategy === 'None' && conversion.webhook !== undefined) errs.push(fieldErrors.forbidden('spec.conversion.webhook', 'should not be set when strategy is not set to Webhook'));
  }
  if (spec.preserveUnknownFields === true) {
    errs.push(fieldErrors.invalid('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead'));
  }
  return errs;
}

/** What an update may not change; `established`: the CRD already serves under its names. */
export function validateCustomResourceDefinitionUpdate(crd: CustomResourceDefinition, old: CustomResourceDefinition, established: boolean): FieldError[] {
  const errs = validateCustomResourceDefinition(crd);
  const immutable = (path: string, now: unknown, before: unknown) => {
    if (JSON.stringify(now) !== JSON.stringify(before)) errs.push(fieldErrors.invalid(path, now, 'field is immutable'));
  };
  immutable('spec.group', crd.spec?.group, old.spec?.group);
  if (established) {
    immutable('spec.scope', crd.spec?.scope, old.spec?.scope);
    immutable('spec.names.plural', crd.spec?.names?.plural, old.spec?.names?.plural);
  }
  // A version still in storedVersions must stay listed until the storage migrates off it.
  for (const stored of old.status?.storedVersions ?? []) {
    if (!(crd.spec?.versions ?? []).some((v) => v.name === stored)) {
      errs.push(fieldErrors.invalid('status.storedVersions', old.status?.storedVersions, `must appear in spec.versions`));
      break;
    }
  }
  return errs;
}
