// Field management on the store's write paths (kube's managedFields). The store asks for it
// after the strategy prepared the object, so fields the strategy resets (status on the main
// resource, everything but status on .../status) are never claimed by the writer; server-side
// apply is merged onto the live object inside the update's retry loop, so each attempt sees
// the object it will replace.
import type { FieldMeta } from '../api/index.js';
import type { GroupResource } from '../errors/index.js';
import { ApplyConflictError, applyConfiguration, conflictStatus, trackUpdate, type ManagedFieldsEntry } from '../fieldmanager/index.js';
import { conflictsCoveredByLastApplied, KUBECTL_MANAGER, syncLastApplied } from './last-applied.js';
import { metaOf, type RegistryObject } from './object-meta.js';

/** Who writes and through which endpoint: the identity of one managedFields entry. */
export interface FieldWriter {
  readonly manager: string;
  /** '' for the main resource; `status`, `scale`, `finalize` for subresources. */
  readonly subresource: string;
  /** group/version the client wrote in; the descriptor's when the body does not say. */
  readonly apiVersion: string;
  /** RFC 3339 seconds. */
  readonly now: string;
}

export interface FieldScope {
  readonly fields: Readonly<Record<string, FieldMeta>>;
  readonly gr: GroupResource;
  readonly emptyObject?: object;
}

/** Sets the object's managedFields; an empty list is left out, as kube omits it. */
export function setManagedFields(obj: RegistryObject, entries: readonly ManagedFieldsEntry[]): void {
  const meta = metaOf(obj);
  if (entries.length === 0) delete meta.managedFields;
  else meta.managedFields = [...entries];
}

/** A create, update or non-apply patch: the writer owns what it changed relative to `live`. */
export function recordUpdate(obj: RegistryObject, live: RegistryObject | null, who: FieldWriter, scope: FieldScope): void {
  setManagedFields(obj, trackUpdate(live, obj, who.manager, context(who, scope)));
}

/**
 * Merges an apply configuration onto `live` (null: the object is being created) and returns
 * the merged object and its managedFields; a conflict answers kube's 409.
 */
export function applyOnto<T extends RegistryObject>(
  live: T | null,
  config: T,
  who: FieldWriter,
  scope: FieldScope,
  force: boolean,
  name: string,
): { object: T; managedFields: ManagedFieldsEntry[] } {
  const run = (forced: boolean) => applyConfiguration(live, config, who.manager, { ...context(who, scope), force: forced });
  let result: ReturnType<typeof run>;
  try {
    result = run(force);
  } catch (err) {
    if (!(err instanceof ApplyConflictError)) throw err;
    // kubectl upgrading an object it applied client-side: what its annotation lists is its own.
    if (who.manager !== KUBECTL_MANAGER || !conflictsCoveredByLastApplied(live, err.conflicts)) throw conflictStatus(err, scope.gr, name);
    result = run(true);
  }
  const object = result.object as T;
  if (who.manager === KUBECTL_MANAGER) syncLastApplied(object, config);
  return { object, managedFields: result.managedFields };
}

function context(who: FieldWriter, scope: FieldScope) {
  return {
    fields: scope.fields,
    apiVersion: who.apiVersion,
    now: who.now,
    ...(who.subresource !== '' ? { subresource: who.subresource } : {}),
    ...(scope.emptyObject ? { emptyObject: scope.emptyObject } : {}),
  };
}
