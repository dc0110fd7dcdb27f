// A bounded ring of the cache's most recent changes, oldest first. Watches from a recent
// revision replay from it; once a change is evicted, watches from before it are Expired.
import type { ObjectEventType, StoredObject, WatchEvent } from '../interface.js';

export interface CacheEvent<T extends StoredObject> {
  readonly type: ObjectEventType;
  readonly key: string;
  /** The new state; for DELETED the last state carrying the deletion revision. */
  readonly object: T;
  /** The state before this change (shared with the event that made it), if there was one. */
  readonly prev: T | undefined;
  readonly revision: number;
  /** The event as an unfiltered watcher sees it, built once and shared by all of them. */
  readonly plain: WatchEvent<T>;
}

export class EventRing<T extends StoredObject> {
  private readonly slots: (CacheEvent<T> | undefined)[];
  private start = 0;
  private length = 0;
  /**
   * The cache knows every change after this revision: watches from a revision >= it can be
   * served exactly. It is the list revision the cache was filled at, raised as events leave.
   */
  private knownSince: number;

  constructor(readonly capacity: number, since: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`event capacity must be >= 1, got ${capacity}`);
    this.slots = new Array<CacheEvent<T> | undefined>(capacity);
    this.knownSince = since;
  }

  get oldestServable(): number {
    return this.knownSince;
  }

  get size(): number {
    return this.length;
  }

  push(event: CacheEvent<T>): void {
    if (this.length === this.capacity) {
      const evicted = this.slots[this.start]!;
      this.knownSince = evicted.revision;
      this.slots[this.start] = event;
      this.start = (this.start + 1) % this.capacity;
      return;
    }
    this.slots[(this.start + this.length) % this.capacity] = event;
    this.length++;
  }

  /** Forgets every event; the cache now knows changes only after `since`. */
  reset(since: number): void {
    this.slots.fill(undefined);
    this.start = 0;
    this.length = 0;
    this.knownSince = since;
  }

  /** Events with revision > after, oldest first. The caller checks after >= oldestServable. */
  since(after: number): CacheEvent<T>[] {
    // Revisions grow along the ring: binary search for the first one past `after`.
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).revision <= after) lo = mid + 1;
      else hi = mid;
    }
    const out: CacheEvent<T>[] = [];
    for (let i = lo; i < this.length; i++) out.push(this.at(i));
    return out;
  }

  private at(i: number): CacheEvent<T> {
    return this.slots[(this.start + i) % this.capacity]!;
  }
}
