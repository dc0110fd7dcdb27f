// kube's ObjectMeta validation (ValidateObjectMeta / ValidateObjectMetaUpdate): same checks,
// same field paths, same messages. Inputs are decoded JSON, so every read is defensive.
import { fieldErrors, isObject, type FieldError } from '../api/index.js';
import { isQualifiedName, isValidLabelValue, isDNS1123Label, type NameValidator } from './name-validation.js';
import type { ObjectMeta } from './object-meta.js';

/** kube's limit on the summed byte length of annotation keys and values. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

export interface MetaValidationOptions {
  /** True for namespaced kinds: namespace required; false: namespace forbidden. */
  namespaced: boolean;
  nameValidator: NameValidator;
}

const str = (v: unknown): v is string => typeof v === 'string';

export function validateObjectMeta(meta: ObjectMeta | undefined, opts: MetaValidationOptions, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  const m: ObjectMeta = isObject(meta) ? meta : {};
  if (str(m.generateName) && m.generateName.length > 0) {
    for (const msg of opts.nameValidator(m.generateName, true)) errs.push(fieldErrors.invalid(`${path}.generateName`, m.generateName, msg));
  }
  if (!str(m.name) || m.name.length === 0) {
    errs.push(fieldErrors.required(`${path}.name`, 'name or generateName is required'));
  } else {
    for (const msg of opts.nameValidator(m.name, false)) errs.push(fieldErrors.invalid(`${path}.name`, m.name, msg));
  }
  if (opts.namespaced) {
    if (!str(m.namespace) || m.namespace.length === 0) errs.push(fieldErrors.required(`${path}.namespace`));
    else for (const msg of isDNS1123Label(m.namespace)) errs.push(fieldErrors.invalid(`${path}.namespace`, m.namespace, msg));
  } else if (str(m.namespace) && m.namespace.length > 0) {
    errs.push(fieldErrors.forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  if (typeof m.generation === 'number' && m.generation < 0) {
    errs.push(fieldErrors.invalid(`${path}.generation`, m.generation, 'must be greater than or equal to 0'));
  }
  errs.push(...validateLabels(m.labels, `${path}.labels`));
  errs.push(...validateAnnotations(m.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(m.ownerReferences, `${path}.ownerReferences`));
  errs.push(...validateFinalizers(m.finalizers, `${path}.finalizers`));
  return errs;
}

function stringEntries(map: unknown): [string, string][] {
  if (!isObject(map)) return [];
  // Sorted so a response lists the same errors in the same order every time.
  return Object.keys(map)
    .sort()
    .filter((k) => str(map[k]))
    .map((k) => [k, map[k] as string]);
}

export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of stringEntries(labels)) {
    for (const msg of isQualifiedName(k)) errs.push(fieldErrors.invalid(path, k, msg));
    for (const msg of isValidLabelValue(v)) errs.push(fieldErrors.invalid(path, v, msg));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of stringEntries(annotations)) {
    // kube checks annotation keys case-insensitively.
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fieldErrors.invalid(path, k, msg));
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(fieldErrors.tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

export function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  if (!Array.isArray(finalizers)) return [];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  finalizers.forEach((f, i) => {
    if (!str(f)) return;
    for (const msg of isQualifiedName(f)) errs.push(fieldErrors.invalid(path, f, msg));
    if (seen.has(f)) errs.push(fieldErrors.duplicate(`${path}[${i}]`, f));
    seen.add(f);
  });
  if (seen.has(FINALIZER_ORPHAN_DEPENDENTS) && seen.has(FINALIZER_DELETE_DEPENDENTS)) {
    errs.push(
      fieldErrors.invalid(path, finalizers, `finalizer ${FINALIZER_ORPHAN_DEPENDENTS} and ${FINALIZER_DELETE_DEPENDENTS} cannot be both set`),
    );
  }
  return errs;
}

export function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  if (!Array.isArray(refs)) return [];
  const errs: FieldError[] = [];
  let controller = '';
  for (const raw of refs) {
    const ref = isObject(raw) ? raw : {};
    const apiVersion = str(ref.apiVersion) ? ref.apiVersion : '';
    const kind = str(ref.kind) ? ref.kind : '';
    const name = str(ref.name) ? ref.name : '';
    const uid = str(ref.uid) ? ref.uid : '';
    // "v1" is the core group; "g/v" otherwise; the version is what must be present.
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (version === '' || apiVersion.split('/').length > 2) errs.push(fieldErrors.invalid(`${path}.apiVersion`, apiVersion, 'version must not be empty'));
    if (kind === '') errs.push(fieldErrors.invalid(`${path}.kind`, kind, 'must not be empty'));
    if (name === '') errs.push(fieldErrors.invalid(`${path}.name`, name, 'must not be empty'));
    if (uid === '') errs.push(fieldErrors.invalid(`${path}.uid`, uid, 'must not be empty'));
    if (ref.controller === true) {
      const current = `${kind}/${name}`;
      if (controller !== '') {
        errs.push(
          fieldErrors.invalid(
            path,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${current}`,
          ),
        );
      } else {
        controller = current;
      }
    }
  }
  return errs;
}

/**
 * The update rules (ValidateObjectMetaUpdate) for fields the store has not already reset:
 * identity fields are immutable, generation may not go down, no finalizer may be added once
 * deletion started.
 */
export function validateObjectMetaUpdate(next: ObjectMeta, old: ObjectMeta, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp !== undefined) {
    const before = new Set(old.finalizers ?? []);
    const added = [...new Set((next.finalizers ?? []).filter((f) => !before.has(f)))].sort();
    if (added.length > 0) {
      // kube prints the set with Go's %#v: []string{"a", "b"}.
      const list = `[]string{${added.map((f) => JSON.stringify(f)).join(', ')}}`;
      errs.push(fieldErrors.forbidden(`${path}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers ${list}`));
    }
  }
  if ((next.generation ?? 0) < (old.generation ?? 0)) {
    errs.push(fieldErrors.invalid(`${path}.generation`, next.generation ?? 0, 'must not be decremented'));
  }
  const immutable: (keyof ObjectMeta)[] = ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
  for (const key of immutable) {
    const a = next[key];
    const b = old[key];
    if ((a ?? '') !== (b ?? '')) errs.push(fieldErrors.invalid(`${path}.${key}`, a ?? null, 'field is immutable'));
  }
  return errs;
}
