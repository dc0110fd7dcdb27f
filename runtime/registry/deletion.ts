// Deletion rules that do not touch storage: DeleteOptions validation, the precondition check
// kube runs before deleting (BeforeDelete), and the garbage-collection finalizers that a
// propagation policy adds or removes.
import { fieldErrors, type FieldError } from '../api/index.js';
import { statusErrors, type StatusError } from '../errors/index.js';
import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN_DEPENDENTS } from './meta-validation.js';
import type { ObjectMeta } from './object-meta.js';
import type { DeleteOptionsBody } from './request.js';

const POLICIES = ['Foreground', 'Background', 'Orphan'];

export function validateDeleteOptions(options: DeleteOptionsBody): StatusError | null {
  const errs: FieldError[] = [];
  if (options.orphanDependents !== undefined && options.propagationPolicy !== undefined) {
    errs.push(fieldErrors.invalid('propagationPolicy', options.propagationPolicy, 'orphanDependents and deletionPropagation cannot be both set'));
  }
  if (options.propagationPolicy !== undefined && !POLICIES.includes(options.propagationPolicy)) {
    errs.push(fieldErrors.notSupported('propagationPolicy', options.propagationPolicy, [...POLICIES, 'nil']));
  }
  return errs.length === 0 ? null : statusErrors.invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', errs);
}

/**
 * The early precondition check on the object as read. kube names the kind (not the resource)
 * in these messages; a race after this check fails in storage with "Precondition failed: ...".
 */
export function checkDeletePreconditions(
  options: DeleteOptionsBody,
  meta: ObjectMeta,
  groupKind: { group: string; kind: string },
): StatusError | null {
  const p = options.preconditions;
  if (!p) return null;
  const gr = { group: groupKind.group, resource: groupKind.kind };
  const name = meta.name ?? '';
  if (p.uid !== undefined && p.uid !== (meta.uid ?? '')) {
    return statusErrors.conflict(
      gr,
      name,
      `the UID in the precondition (${p.uid}) does not match the UID in record (${meta.uid ?? ''}). The object might have been deleted and then recreated`,
    );
  }
  if (p.resourceVersion !== undefined && p.resourceVersion !== (meta.resourceVersion ?? '')) {
    return statusErrors.conflict(
      gr,
      name,
      `the ResourceVersion in the precondition (${p.resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ''}). The object might have been modified`,
    );
  }
  return null;
}

function shouldOrphan(options: DeleteOptionsBody, finalizers: readonly string[]): boolean {
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === 'Orphan';
  if (finalizers.includes(FINALIZER_ORPHAN_DEPENDENTS)) return true;
  return false;
}

function shouldDeleteDependents(options: DeleteOptionsBody, finalizers: readonly string[]): boolean {
  if (options.orphanDependents !== undefined) return false;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === 'Foreground';
  return finalizers.includes(FINALIZER_DELETE_DEPENDENTS);
}

/**
 * The finalizers an object should carry once this delete is accepted: the GC finalizers
 * ("orphan", "foregroundDeletion") follow the policy; the others stay. `changed` is false when
 * the set is the same.
 */
export function finalizersForDeletion(options: DeleteOptionsBody, current: readonly string[]): { changed: boolean; finalizers: string[] } {
  const next = current.filter((f) => f !== FINALIZER_ORPHAN_DEPENDENTS && f !== FINALIZER_DELETE_DEPENDENTS);
  if (shouldOrphan(options, current)) next.push(FINALIZER_ORPHAN_DEPENDENTS);
  else if (shouldDeleteDependents(options, current)) next.push(FINALIZER_DELETE_DEPENDENTS);
  const a = new Set(current);
  const b = new Set(next);
  const same = a.size === b.size && [...a].every((f) => b.has(f));
  return same ? { changed: false, finalizers: [...current] } : { changed: true, finalizers: next };
}
