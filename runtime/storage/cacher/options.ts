import type { Storage, StoredObject } from '../interface.js';

export interface WatchCacheOptions<T extends StoredObject> {
  /** Any backend (embedded or etcd); shared by many caches and not closed by them. */
  backend: Storage;
  /** The resource prefix this cache covers; ends with '/'. */
  prefix: string;
  /** Recent changes kept for watches from a past revision. Default 1000. */
  eventCapacity?: number;
  /** How often watchers that allow bookmarks get one. Default 60 000 (kube: about once a minute). */
  bookmarkIntervalMs?: number;
  /** Live events a watcher may fall behind before it is closed. Default 1000. */
  watchCapacity?: number;
  /**
   * The storage key of an object. Backend watch events and lists carry objects, not keys, so the
   * cache derives them. Default: prefix + "<namespace>/<name>", or prefix + "<name>" without a
   * namespace (the layout of runtime/storage/keys.ts).
   */
  keyOf?: (obj: T) => string;
  /** How long a read for a revision the cache has not reached yet waits. Default 3000 (kube's). */
  waitTimeoutMs?: number;
  /**
   * How long a consistent list waits for the cache to catch up with the backend's current
   * revision before it is read from the backend instead. Default 3000 when the backend can be
   * asked for watch progress (see WatchProgressRequester), else 0 (only changes already on their
   * way are waited for): without progress requests the cache of a resource nobody writes learns
   * that the store moved on only from the backend's periodic bookmarks, and waiting for one is
   * slower than reading the backend.
   */
  consistentReadTimeoutMs?: number;
  /** Deep-freeze objects as they enter the cache (they are shared by every reader). Default true. */
  freeze?: boolean;
}

/**
 * Optional backend capability (kube asks etcd for RequestProgress): on request, every watch of the
 * backend soon gets a BOOKMARK at the store's current revision, so caches of idle resources can
 * prove they are up to date. The cache uses it when the backend has it.
 */
export interface WatchProgressRequester {
  requestWatchProgress(): void | Promise<void>;
}

export function canRequestProgress(backend: object): backend is WatchProgressRequester {
  return typeof (backend as Partial<WatchProgressRequester>).requestWatchProgress === 'function';
}
