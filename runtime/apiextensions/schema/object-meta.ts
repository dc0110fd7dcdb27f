// What the schema machinery knows about apiVersion / kind / metadata of a resource: at the
// root of a custom resource and inside x-kubernetes-embedded-resource fields. Field names
// are ObjectMeta's wire names.
import * as api from '../../api/index.js';
import type { FieldError } from '../../api/index.js';

// Module-level copies: under tsx every call through an import binding costs a getter.
const { childPath, fieldErrors, isObject } = api;

export const OBJECT_META_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

/** The keys kube skips when pruning a resource: the schema never describes them. */
export const TYPE_AND_OBJECT_META: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function kindErrors(kind: string): string[] {
  const errs: string[] = [];
  if (kind.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1035.test(kind)) errs.push(DNS1035_MSG);
  return errs;
}

/**
 * kube's checks of an embedded resource: apiVersion and kind are required strings, kind
 * looks like a type name, metadata is an object whose known fields have the right shape.
 */
export function validateEmbeddedResource(path: string, obj: Record<string, unknown>, out: FieldError[]): void {
  if (!('apiVersion' in obj)) out.push(fieldErrors.required(childPath(path, 'apiVersion'), 'must not be empty'));
  if (!('kind' in obj)) out.push(fieldErrors.required(childPath(path, 'kind'), 'must not be empty'));
  const apiVersion = obj['apiVersion'];
  if ('apiVersion' in obj) {
    const p = childPath(path, 'apiVersion');
    if (typeof apiVersion !== 'string') out.push(fieldErrors.invalid(p, apiVersion, 'must be a string'));
    else if (apiVersion === '') out.push(fieldErrors.invalid(p, apiVersion, 'must not be empty'));
    else if (apiVersion.split('/').length > 2) out.push(fieldErrors.invalid(p, apiVersion, `unexpected GroupVersion string: ${apiVersion}`));
  }
  const kind = obj['kind'];
  if ('kind' in obj) {
    const p = childPath(path, 'kind');
    if (typeof kind !== 'string') out.push(fieldErrors.invalid(p, kind, 'must be a string'));
    else if (kind === '') out.push(fieldErrors.invalid(p, kind, 'must not be empty'));
    else {
      const errs = kindErrors(kind.toLowerCase());
      if (errs.length > 0) out.push(fieldErrors.invalid(p, kind, `may have mixed case, but should otherwise match: ${errs.join(',')}`));
    }
  }
  if ('metadata' in obj) validateEmbeddedMetadata(childPath(path, 'metadata'), obj['metadata'], out);
}

function isStringMap(v: unknown): boolean {
  return isObject(v) && Object.values(v).every((x) => typeof x === 'string');
}

// Deliberately light: the shape of the fields a client may set. Name syntax, label syntax and
// the rest of ObjectMeta validation belong to whoever stores the embedded object.
function validateEmbeddedMetadata(path: string, meta: unknown, out: FieldError[]): void {
  if (meta === null || meta === undefined) return;
  if (!isObject(meta)) {
    out.push(fieldErrors.invalid(path, meta, 'must be an object'));
    return;
  }
  for (const key of ['name', 'generateName', 'namespace'] as const) {
    const v = meta[key];
    if (v !== undefined && v !== null && typeof v !== 'string') out.push(fieldErrors.invalid(childPath(path, key), v, 'must be a string'));
  }
  for (const key of ['labels', 'annotations'] as const) {
    const v = meta[key];
    if (v !== undefined && v !== null && !isStringMap(v)) out.push(fieldErrors.invalid(childPath(path, key), v, 'must be a map of string to string'));
  }
  const finalizers = meta['finalizers'];
  if (finalizers !== undefined && finalizers !== null && !(Array.isArray(finalizers) && finalizers.every((f) => typeof f === 'string'))) {
    out.push(fieldErrors.invalid(childPath(path, 'finalizers'), finalizers, 'must be a list of strings'));
  }
}
