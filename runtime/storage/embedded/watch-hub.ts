// Live watchers and event delivery. Events come from the index's change list, so a watcher
// that starts at an old revision and one that is already live see the very same events; the
// store calls deliver() whenever its visible (durable) revision moves forward.
import type { SelectionPredicate } from '../../selection/index.js';
import { decodeObject } from '../codec.js';
import type { StorageError } from '../errors.js';
import type { StoredObject, WatchEvent } from '../interface.js';
import { WatchQueue } from '../watch-queue.js';
import type { Change, MvccIndex } from './mvcc-index.js';

export interface Subscription {
  readonly key: string;
  readonly recursive: boolean;
  readonly predicate: SelectionPredicate<StoredObject> | undefined;
  readonly bookmarks: boolean;
  readonly queue: WatchQueue<StoredObject>;
  /** Every change up to this revision has been offered to the watcher. */
  revision: number;
}

/** Decodes a change's objects at most once, however many watchers look at it. */
class ChangeView {
  private current?: StoredObject | null;
  private previous?: StoredObject | null;
  private deleted?: StoredObject;

  constructor(readonly change: Change) {}

  get revision(): number {
    return this.change.next.mod;
  }

  /** The new state, null for a delete. */
  get object(): StoredObject | null {
    if (this.current === undefined) {
      const { value } = this.change.next;
      this.current = value === null ? null : decodeObject<StoredObject>(value, this.revision);
    }
    return this.current;
  }

  /** The state before, with its own resourceVersion; null when the key was absent. */
  get before(): StoredObject | null {
    if (this.previous === undefined) {
      const { prev } = this.change;
      this.previous = prev === null ? null : decodeObject<StoredObject>(prev.value!, prev.mod);
    }
    return this.previous;
  }

  /** The state before, stamped with this change's revision: what DELETED events carry. */
  get lastState(): StoredObject {
    if (this.deleted === undefined) this.deleted = decodeObject<StoredObject>(this.change.prev!.value!, this.revision);
    return this.deleted;
  }

  /** The event a watcher with this predicate sees, or null when the change is not for it. */
  eventFor(predicate: SelectionPredicate<StoredObject> | undefined): WatchEvent<StoredObject> | null {
    const { prev, next } = this.change;
    if (predicate === undefined || predicate.empty) {
      if (next.value === null) return { type: 'DELETED', object: this.lastState };
      return { type: prev === null ? 'ADDED' : 'MODIFIED', object: this.object! };
    }
    const now = next.value !== null && predicate.matches(this.object!);
    const was = prev !== null && predicate.matches(this.before!);
    if (now && was) return { type: 'MODIFIED', object: this.object! };
    if (now) return { type: 'ADDED', object: this.object! };
    // Leaving the selection looks like a deletion to this watcher, at this change's revision.
    if (was) return { type: 'DELETED', object: this.lastState };
    return null;
  }
}

export function watches(sub: Subscription, key: string): boolean {
  return sub.recursive ? key.startsWith(sub.key) : key === sub.key;
}

export class WatchHub {
  private readonly subs = new Set<Subscription>();
  private bookmarkTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly index: MvccIndex,
    bookmarkIntervalMs: number,
  ) {
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), bookmarkIntervalMs);
    this.bookmarkTimer.unref();
  }

  get size(): number {
    return this.subs.size;
  }

  add(sub: Subscription): void {
    this.subs.add(sub);
  }

  remove(sub: Subscription): void {
    this.subs.delete(sub);
  }

  /** Sends one watcher the changes after its revision up to upTo (its catch-up from history). */
  catchUp(sub: Subscription, upTo: number): void {
    this.index.forEachChange(sub.revision, upTo, (change) => {
      if (!watches(sub, change.key)) return true;
      const event = new ChangeView(change).eventFor(sub.predicate);
      return event === null || sub.queue.push(event);
    });
    sub.revision = Math.max(sub.revision, upTo);
  }

  /** Offers every live watcher the changes up to upTo. */
  deliver(upTo: number): void {
    if (this.subs.size === 0) return;
    let from = upTo;
    for (const sub of this.subs) from = Math.min(from, sub.revision);
    this.index.forEachChange(from, upTo, (change) => {
      const view = new ChangeView(change);
      for (const sub of this.subs) {
        if (sub.revision >= view.revision || !watches(sub, change.key)) continue;
        const event = view.eventFor(sub.predicate);
        if (event !== null) sub.queue.push(event);
      }
    });
    for (const sub of this.subs) sub.revision = Math.max(sub.revision, upTo);
  }

  private sendBookmarks(): void {
    for (const sub of this.subs) {
      if (sub.bookmarks) sub.queue.push({ type: 'BOOKMARK', resourceVersion: String(sub.revision) });
    }
  }

  /** The store failed: every watcher gets the error, then ends. */
  fail(error: StorageError): void {
    for (const sub of [...this.subs]) {
      sub.queue.push({ type: 'ERROR', error });
      sub.queue.close();
    }
    this.subs.clear();
  }

  /** Ends every watcher (their consumers see the end of the stream). */
  close(): void {
    if (this.bookmarkTimer !== undefined) clearInterval(this.bookmarkTimer);
    this.bookmarkTimer = undefined;
    for (const sub of [...this.subs]) sub.queue.close();
    this.subs.clear();
  }
}
