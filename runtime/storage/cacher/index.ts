// The watch cache: one per resource prefix, in front of either backend (kube's Cacher).
//
// What it answers from memory and what it passes on:
// - get "0" / "N" and list "0" / NotOlderThan: from memory ("N" waits up to waitTimeoutMs for
//   the cache to get there, then Timeout "Too large resource version"). A "0" read also waits
//   for writes made through this cache, so a client reads its own writes.
// - consistent list (resourceVersion unset): the backend's currentRevision(), then memory once the
//   cache has caught up; the backend if it cannot prove that in consistentReadTimeoutMs.
// - consistent get, Exact lists and continue tokens: the backend (as kube does).
// - watches: from memory (initial state, the ring of recent changes, watch-list, bookmarks).
// - writes: the backend, with the cached object as cachedExisting.
// Objects it hands out are shared and deep-frozen: callers copy before changing them.
import type { StoredObject } from '../interface.js';
import type { WatchCacheOptions } from './options.js';
import { WatchCache } from './watch-cache.js';

export { WatchCache, type WatchCacheStatus } from './watch-cache.js';
export type { WatchCacheOptions, WatchProgressRequester } from './options.js';

/**
 * Lists opts.prefix from the backend and starts following it. Rejects with the backend's
 * StorageError when that first list fails (the caller decides whether to retry).
 */
export function createWatchCache<T extends StoredObject>(opts: WatchCacheOptions<T>): Promise<WatchCache<T>> {
  return WatchCache.create(opts);
}
