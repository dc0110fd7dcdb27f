// One etcd watch event -> the WatchEvent a client sees, applying the predicate the way kube
// does: an object that stops matching is DELETED, one that starts matching is ADDED.
import type { IEvent } from 'etcd3';
import type { StoredObject, WatchEvent } from '../interface.js';
import type { SelectionPredicate } from '../../selection/index.js';
import { decodeValue } from './kv.js';

/**
 * The event to deliver, null when the predicate hides it, or an Error when etcd left out prev_kv.
 * Throws an Internal StorageError for a value that is not a stored object.
 */
export function toWatchEvent<T extends StoredObject>(
  ev: IEvent,
  predicate: SelectionPredicate<T> | undefined,
): WatchEvent<T> | null | Error {
  const rev = Number(ev.kv.mod_revision);
  if (ev.type === 'Delete') {
    // A deletion carries the last state, stamped with the deletion's revision.
    if (!ev.prev_kv) return new Error(`etcd sent a delete event without the previous value at revision ${rev}`);
    const last = decodeValue<T>(ev.prev_kv.key, ev.prev_kv.value, rev);
    if (predicate !== undefined && !predicate.matches(last)) return null;
    return { type: 'DELETED', object: last };
  }
  const current = decodeValue<T>(ev.kv.key, ev.kv.value, rev);
  const created = ev.kv.create_revision === ev.kv.mod_revision;
  if (predicate === undefined) return { type: created ? 'ADDED' : 'MODIFIED', object: current };
  const matchesNow = predicate.matches(current);
  const previous = !created && ev.prev_kv ? decodeValue<T>(ev.prev_kv.key, ev.prev_kv.value, rev) : null;
  const matchedBefore = previous !== null && predicate.matches(previous);
  if (matchesNow) return { type: matchedBefore ? 'MODIFIED' : 'ADDED', object: current };
  if (matchedBefore) return { type: 'DELETED', object: previous };
  return null;
}
