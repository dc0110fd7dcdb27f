// The storage contract every backend (embedded, etcd) and decorator (watch cache) implements.
// Semantics follow kube-apiserver's storage over etcd: one global revision, an object's
// resourceVersion is the revision that last modified it, a list's is the revision it was read at.
import type { SelectionPredicate } from '../selection/index.js';
import type { StorageError } from './errors.js';

/** The part of ObjectMeta storage reads and writes. Generated kinds are assignable to it. */
export interface StoredMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: { [key: string]: string };
}

export interface StoredObject {
  metadata?: StoredMeta;
}

export type ResourceVersionMatch = 'Exact' | 'NotOlderThan';

export interface GetOptions {
  /** "" or unset: latest (consistent). "0": any. "N": at least N. */
  resourceVersion?: string;
  /** Answer null instead of NotFound. */
  ignoreNotFound?: boolean;
}

export interface ListOptions<T extends StoredObject = StoredObject> {
  /** "" or unset: latest (consistent). "0": any. "N": see resourceVersionMatch. */
  resourceVersion?: string;
  /**
   * Exact: read at revision N. NotOlderThan: at a revision >= N.
   * Unset with N > 0: NotOlderThan, except that with a limit it means Exact (kube's legacy rule).
   */
  resourceVersionMatch?: ResourceVersionMatch;
  /** Maximum number of items; 0 or unset means no limit. */
  limit?: number;
  /** Opaque token from a previous page; the list continues at that page's revision. */
  continue?: string;
  predicate?: SelectionPredicate<T>;
}

export interface ListResult<T> {
  items: T[];
  /** The revision the list was read at. */
  resourceVersion: string;
  /** Set when more items remain; carries the list revision. */
  continue?: string;
  /** Items left after this page; only known when there is no predicate. */
  remainingItemCount?: number;
}

export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

export interface UpdateOptions<T extends StoredObject> {
  preconditions?: Preconditions;
  /** When the key is absent, call tryUpdate(null) instead of failing with NotFound. */
  ignoreNotFound?: boolean;
  /** A possibly stale copy the caller already has (e.g. from the watch cache); saves a read. */
  cachedExisting?: T;
}

/**
 * Computes the next state from the current one (null when absent and ignoreNotFound).
 * Throwing aborts the update with that error. Returning an object whose stored form equals the
 * current one performs no write. The current object is shared: never mutate it.
 */
export type TryUpdate<T> = (current: T | null, info: { resourceVersion: string }) => T | Promise<T>;

export interface DeleteOptions<T extends StoredObject> {
  preconditions?: Preconditions;
  /** Runs against the current object before the delete; throwing aborts it. */
  validateDeletion?: (current: T) => void | Promise<void>;
  cachedExisting?: T;
}

export interface WatchOptions<T extends StoredObject = StoredObject> {
  /**
   * "" or unset / "0": start at the latest revision and, unless sendInitialEvents is false,
   * first send ADDED for every existing object. "N": every change with revision > N.
   */
  resourceVersion?: string;
  /** Watch every key under the prefix (true) or exactly one key (false). */
  recursive?: boolean;
  predicate?: SelectionPredicate<T>;
  allowBookmarks?: boolean;
  /**
   * true: send the state at a revision >= resourceVersion as ADDED events, then (with
   * allowBookmarks) a BOOKMARK with initialEventsEnd, then changes.
   * false: no initial events even for "" / "0".
   */
  sendInitialEvents?: boolean;
}

export type ObjectEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type WatchEvent<T> =
  | {
      type: ObjectEventType;
      /** For DELETED: the last state, with resourceVersion set to the deletion revision. */
      object: T;
    }
  | {
      type: 'BOOKMARK';
      resourceVersion: string;
      /** Marks the end of sendInitialEvents' initial state. */
      initialEventsEnd?: boolean;
    }
  | {
      type: 'ERROR';
      error: StorageError;
    };

/**
 * A running watch. Iterate it for events; the iteration ends when the watch is stopped, fails
 * (after an ERROR event) or is closed by its source (e.g. a watcher too slow to keep up).
 * A watcher belongs to one consumer: iterate it once.
 */
export interface Watcher<T> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}

export interface Storage<T extends StoredObject = StoredObject> {
  /** Stored objects always carry metadata.resourceVersion; returned objects are read-only. */
  get(key: string, opts?: GetOptions): Promise<T | null>;
  list(prefix: string, opts?: ListOptions<T>): Promise<ListResult<T>>;
  /** Fails with AlreadyExists when the key is present. The object must not carry a resourceVersion. */
  create(key: string, obj: T): Promise<T>;
  /** Read-modify-write with compare-and-swap on the revision, retried on conflict. */
  guaranteedUpdate(key: string, opts: UpdateOptions<T>, tryUpdate: TryUpdate<T>): Promise<T>;
  /** Returns the deleted object's last state. */
  delete(key: string, opts?: DeleteOptions<T>): Promise<T>;
  watch(key: string, opts?: WatchOptions<T>): Watcher<T>;
  /** The newest revision of the whole store. */
  currentRevision(): Promise<number>;
  /** Forget history older than revision; reads and watches before it then fail with Expired. */
  compact(revision: number): Promise<void>;
  /** Releases connections, timers and files. */
  close(): Promise<void>;
}

/** Backends that can report their health (etcd reachable, log writable). */
export interface HealthChecker {
  checkHealth(): Promise<void>;
}
