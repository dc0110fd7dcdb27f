// Update tracking: what a create, update or non-apply patch does to managedFields. The writer
// takes every field whose value it changed; nobody else keeps those or the fields it removed.
import { asJson, liveManaged, managedFieldsOf, schemaFor, withoutManagedFields } from './context.js';
import { union } from './field-set.js';
import { capUpdateManagers, decodeEntries, encodeEntries, isResetRequest, managerKey, type Managed } from './managed.js';
import { MissingKeyError } from './schema.js';
import { changesBetween, transferOwnership } from './ownership.js';
import type { FieldManagerContext, ManagedFieldsEntry } from './types.js';

export function trackUpdate(live: object | null, updated: object, manager: string, ctx: FieldManagerContext): ManagedFieldsEntry[] {
  try {
    const schema = schemaFor(ctx.fields);
    const managed = startingEntries(live, updated, ctx);
    const before = asJson(live ? withoutManagedFields(live) : (ctx.emptyObject ?? {}));
    const after = asJson(withoutManagedFields(updated));
    const changes = changesBetween(before, after, schema);
    const subresource = ctx.subresource || undefined;
    const key = managerKey({ manager, operation: 'Update', apiVersion: ctx.apiVersion, subresource });
    // The writer's own previous fields are stripped like anybody's, then the changed ones added back.
    transferOwnership(managed, '', changes, false);
    if (changes.changed) {
      const previous = managed.get(key);
      managed.set(key, {
        manager,
        operation: 'Update',
        apiVersion: ctx.apiVersion,
        time: ctx.now,
        ...(subresource ? { subresource } : {}),
        set: union(previous?.set, changes.changed)!,
      });
    }
    capUpdateManagers(managed);
    return encodeEntries(managed);
  } catch (err) {
    // kube drops managedFields rather than keep entries it could not compute (e.g. a keyed
    // list item without its key; validation rejects such objects later anyway).
    if (err instanceof MissingKeyError) return [];
    throw err;
  }
}

/**
 * Entries a write starts from: the request's own managedFields when it carries valid ones (so
 * clients can edit them), none when it asks for a reset, otherwise the live object's. Writes
 * through a subresource never set managedFields.
 */
function startingEntries(live: object | null, updated: object, ctx: FieldManagerContext): Managed {
  const requested = managedFieldsOf(updated);
  if (!ctx.subresource && requested !== undefined && requested !== null) {
    if (isResetRequest(requested)) return new Map();
    try {
      const decoded = decodeEntries(requested);
      if (decoded.size > 0) return decoded;
    } catch {
      // Invalid entries in a request fall back to the live object's.
    }
  }
  return liveManaged(live);
}
