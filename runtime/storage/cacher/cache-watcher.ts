// One client watch served by the cache. Its start (initial state and/or events replayed from the
// ring) is a backlog read straight from shared arrays, so a big initial state costs no buffer
// space; live changes go through a bounded WatchQueue, and a client that falls `capacity` live
// events behind is closed, as kube's cacher does.
import type { SelectionPredicate } from '../../selection/index.js';
import type { StoredObject, Watcher, WatchEvent } from '../interface.js';
import type { StorageError } from '../errors.js';
import { WatchQueue } from '../watch-queue.js';
import type { CacheEvent } from './event-ring.js';

export interface CacheWatcherSpec<T extends StoredObject> {
  key: string;
  recursive: boolean;
  predicate: SelectionPredicate<T> | undefined;
  allowBookmarks: boolean;
  capacity: number;
  onClose: (w: CacheWatcher<T>) => void;
}

interface Backlog<T> {
  /** Objects to announce as ADDED, in order. */
  initial: readonly T[];
  next: number;
  /** Events after the initial objects (replayed changes, the initial-events-end bookmark). */
  tail: WatchEvent<T>[];
  nextTail: number;
}

export class CacheWatcher<T extends StoredObject> implements Watcher<T> {
  readonly key: string;
  readonly recursive: boolean;
  readonly allowBookmarks: boolean;
  private readonly predicate: SelectionPredicate<T> | undefined;
  private readonly queue: WatchQueue<T>;
  private readonly capacity: number;
  private backlog: Backlog<T> | null = null;
  /** Set while the start waits (for the cache to catch up); next() waits for it. */
  private starting: Promise<void> | null = null;
  /** Live changes at or below this revision were already covered by the start. */
  fromRevision = 0;

  constructor(spec: CacheWatcherSpec<T>) {
    this.key = spec.key;
    this.recursive = spec.recursive;
    this.predicate = spec.predicate && !spec.predicate.empty ? spec.predicate : undefined;
    this.allowBookmarks = spec.allowBookmarks;
    this.capacity = spec.capacity;
    this.queue = new WatchQueue<T>({ capacity: spec.capacity, onClose: () => spec.onClose(this) });
  }

  get closed(): boolean {
    return this.queue.isClosed;
  }

  /** Why the watcher ended, once it has. */
  get endReason(): WatchQueue<T>['endReason'] {
    return this.queue.endReason;
  }

  matchesKey(key: string): boolean {
    return this.recursive ? key.startsWith(this.key) : key === this.key;
  }

  /** Objects the initial state should announce (the caller has already checked keys). */
  selects(obj: T): boolean {
    return this.predicate === undefined || this.predicate.matches(obj);
  }

  setStarting(start: Promise<void>): void {
    this.starting = start.finally(() => {
      this.starting = null;
    });
  }

  /** Sets what the client reads before live changes; called once, before any live delivery. */
  setBacklog(initial: readonly T[], tail: WatchEvent<T>[]): void {
    if (initial.length > 0 || tail.length > 0) this.backlog = { initial, next: 0, tail, nextTail: 0 };
  }

  /** Converts a change for this watcher (kube's selector transitions) and queues it. */
  deliver(event: CacheEvent<T>): void {
    if (event.revision <= this.fromRevision) return;
    const out = this.convert(event);
    if (out !== null) this.queue.push(out);
  }

  /** The event a change becomes for this watcher, or null when it does not concern it. */
  convert(event: CacheEvent<T>): WatchEvent<T> | null {
    const p = this.predicate;
    if (p === undefined) return event.plain;
    const now = event.type !== 'DELETED' && p.matches(event.object);
    const before = event.prev !== undefined && p.matches(event.prev);
    // Matching before and now can only be a MODIFIED change: ADDED has no previous state and a
    // DELETED object never matches "now".
    if (now) return before ? event.plain : { type: 'ADDED', object: event.object };
    if (!before) return null;
    if (event.type === 'DELETED') return event.plain;
    // Leaving the selection reads as a deletion of the last matching state, at this revision.
    return { type: 'DELETED', object: stateAt(event.prev!, event.revision) };
  }

  /** Queues a bookmark unless that would overflow a client that is behind anyway. */
  bookmark(revision: number): void {
    if (!this.allowBookmarks || this.queue.isClosed || this.queue.pending >= this.capacity - 1) return;
    this.queue.push({ type: 'BOOKMARK', resourceVersion: String(Math.max(revision, this.fromRevision)) });
  }

  /** Ends the watch with one ERROR event. */
  fail(error: StorageError): void {
    this.backlog = null;
    this.queue.push({ type: 'ERROR', error });
    this.queue.close();
  }

  /** Producer side: deliver what is queued, then end (the client re-watches). */
  close(): void {
    this.queue.close();
  }

  stop(): void {
    this.backlog = null;
    this.queue.stop();
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    const live = this.queue[Symbol.asyncIterator]();
    // Not an async function: the live path hands out the queue's own promise, no extra hop.
    const next = (): Promise<IteratorResult<WatchEvent<T>>> => {
      if (this.starting !== null) return this.starting.then(next);
      const b = this.backlog;
      if (b !== null) {
        const reason = this.queue.endReason;
        if (reason !== 'stopped' && reason !== 'overflow') {
          if (b.next < b.initial.length) return Promise.resolve({ value: { type: 'ADDED', object: b.initial[b.next++]! }, done: false });
          if (b.nextTail < b.tail.length) return Promise.resolve({ value: b.tail[b.nextTail++]!, done: false });
        }
        this.backlog = null;
      }
      return live.next();
    };
    return {
      next,
      return: () => {
        this.stop();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

/** A shallow copy of obj whose resourceVersion says `revision`; shares everything else. */
function stateAt<T extends StoredObject>(obj: T, revision: number): T {
  return Object.freeze({ ...obj, metadata: Object.freeze({ ...obj.metadata, resourceVersion: String(revision) }) });
}
