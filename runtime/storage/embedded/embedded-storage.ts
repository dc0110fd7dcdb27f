// The embedded backend: an MVCC index in memory, made durable (in durable mode) by the log.
//
// Visibility watermark: a write enters the index at once, so compare-and-swap sees it and
// revisions stay serial, but reads, lists and watches only see revisions up to `visible`, the
// newest revision known durable. Nobody can observe a write that a crash could still lose. A
// writer that must decide on a key whose newest version is not yet durable waits for it first.
import type { SelectionPredicate } from '../../selection/index.js';
import { decodeObject, encodeObject } from '../codec.js';
import { encodeContinue } from '../continue-token.js';
import {
  alreadyExists,
  checkPreconditions,
  expired,
  invalid,
  notFound,
  StorageError,
  tooLargeResourceVersion,
  unavailable,
} from '../errors.js';
import type {
  DeleteOptions,
  GetOptions,
  HealthChecker,
  ListOptions,
  ListResult,
  Storage,
  StoredObject,
  TryUpdate,
  UpdateOptions,
  Watcher,
  WatchEvent,
  WatchOptions,
} from '../interface.js';
import { prefixEnd } from '../keys.js';
import { ensureNotAhead, parseResourceVersion, planList } from '../resource-version.js';
import { WatchQueue } from '../watch-queue.js';
import type { Change, KeyVersion, MvccIndex } from './mvcc-index.js';
import type { SnapshotImage } from './snapshot-file.js';
import { WatchHub, type Subscription } from './watch-hub.js';
import type { LogHooks, WriteAheadLog } from './write-ahead-log.js';

export interface EmbeddedSettings {
  compactionWindowMs: number;
  compactionIntervalMs: number;
  bookmarkIntervalMs: number;
  watchCapacity: number;
}

export interface EmbeddedStats {
  /** Writes made durable through the log (0 in memory mode). */
  writes: number;
  /** fdatasync calls that acknowledged writes: far fewer than writes under concurrency. */
  fsyncs: number;
  /** Snapshots written since open. */
  snapshots: number;
  /** Live watchers. */
  watchers: number;
}

type StoredEvent = WatchEvent<StoredObject>;

export class EmbeddedStorage implements Storage<StoredObject>, HealthChecker {
  private visible: number;
  private log: WriteAheadLog | null = null;
  private failure: Error | null = null;
  private closed = false;
  private readonly hub: WatchHub;
  private visibleWaiters: { revision: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  private readonly compactionTimer: NodeJS.Timeout;
  private revisionSamples: { at: number; revision: number }[];

  constructor(
    private readonly index: MvccIndex,
    private readonly settings: EmbeddedSettings,
    private readonly releaseLock: () => void = () => {},
    /** Where durable mode keeps its files; undefined in memory mode. */
    readonly dataDir?: string,
  ) {
    this.visible = index.latest;
    this.hub = new WatchHub(index, settings.bookmarkIntervalMs);
    this.revisionSamples = [{ at: Date.now(), revision: this.visible }];
    this.compactionTimer = setInterval(() => this.compactWindow(), settings.compactionIntervalMs);
    this.compactionTimer.unref();
  }

  /** Hooks the log calls back into; used once, when the durable store is opened. */
  logHooks(): LogHooks {
    return {
      onDurable: (revision) => this.advance(revision),
      onFatal: (err) => this.failWith(err),
      capture: (revision): SnapshotImage => ({
        revision,
        compacted: this.index.compacted,
        entries: this.index.captureUpTo(revision),
      }),
    };
  }

  attachLog(log: WriteAheadLog): void {
    this.log = log;
  }

  // ---- reads ----

  async get(key: string, opts: GetOptions = {}): Promise<StoredObject | null> {
    this.ensureOpen(key);
    const rv = parseResourceVersion(key, opts.resourceVersion);
    if (rv !== undefined && rv > 0) ensureNotAhead(key, rv, this.visible);
    const live = this.index.liveAt(key, this.visible);
    if (live === null) {
      if (opts.ignoreNotFound) return null;
      throw notFound(key);
    }
    return decodeObject<StoredObject>(live.value!, live.mod);
  }

  async list(rawPrefix: string, opts: ListOptions<StoredObject> = {}): Promise<ListResult<StoredObject>> {
    this.ensureOpen(rawPrefix);
    const prefix = rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
    const plan = planList(prefix, opts);
    let revision = this.visible;
    if (plan.mode === 'exact') {
      if (plan.revision < this.index.compacted) throw expired(prefix, plan.revision, this.index.compacted);
      ensureNotAhead(prefix, plan.revision, this.visible);
      revision = plan.revision;
    } else if (plan.mode === 'notOlderThan') {
      ensureNotAhead(prefix, plan.revision, this.visible);
    }
    const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : 0;
    const predicate = opts.predicate;
    const filtering = predicate !== undefined && !predicate.empty;
    const items: StoredObject[] = [];
    let lastKey = '';
    let more = false;
    let remaining = 0;
    this.index.scan(plan.start ?? prefix, prefixEnd(prefix), revision, (key, version) => {
      if (limit > 0 && items.length >= limit) {
        more = true;
        if (filtering) return false;
        remaining++;
        return true;
      }
      lastKey = key;
      const obj = decodeObject<StoredObject>(version.value!, version.mod);
      if (!filtering || predicate.matches(obj)) items.push(obj);
      return true;
    });
    const result: ListResult<StoredObject> = { items, resourceVersion: String(revision) };
    if (more) {
      // "\0" is the smallest suffix: the next page starts right after the last key examined.
      result.continue = encodeContinue(prefix, `${lastKey}\x00`, revision);
      if (!filtering) result.remainingItemCount = remaining;
    }
    return result;
  }

  async currentRevision(): Promise<number> {
    this.ensureOpen('');
    return this.visible;
  }

  // ---- writes ----

  async create(key: string, obj: StoredObject): Promise<StoredObject> {
    this.ensureWritable(key);
    const rv = obj.metadata?.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== '0') {
      throw invalid(key, 'resourceVersion should not be set on objects to be created');
    }
    const value = encodeObject(obj);
    const newest = this.index.newest(key);
    if (newest !== undefined && newest.value !== null) {
      await this.awaitVisible(key, newest.mod);
      throw alreadyExists(key);
    }
    const change = this.index.put(key, value);
    await this.commit(change);
    return decodeObject<StoredObject>(value, change.next.mod);
  }

  async guaranteedUpdate(
    key: string,
    opts: UpdateOptions<StoredObject>,
    tryUpdate: TryUpdate<StoredObject>,
  ): Promise<StoredObject> {
    for (;;) {
      this.ensureWritable(key);
      const newest = await this.settledNewest(key);
      const live = newest !== undefined && newest.value !== null ? newest : null;
      if (live === null && !opts.ignoreNotFound) throw notFound(key);
      const current = live === null ? null : decodeObject<StoredObject>(live.value!, live.mod);
      const failed = checkPreconditions(key, opts.preconditions, current ?? {});
      if (failed !== null) throw failed;
      const next = await tryUpdate(current, { resourceVersion: live === null ? '0' : String(live.mod) });
      const value = encodeObject(next);
      if (live !== null && value === live.value) return current!;
      this.ensureWritable(key);
      if (this.index.newest(key) !== newest) continue; // lost the compare-and-swap: read again
      const change = this.index.put(key, value);
      await this.commit(change);
      return decodeObject<StoredObject>(value, change.next.mod);
    }
  }

  async delete(key: string, opts: DeleteOptions<StoredObject> = {}): Promise<StoredObject> {
    for (;;) {
      this.ensureWritable(key);
      const newest = await this.settledNewest(key);
      if (newest === undefined || newest.value === null) throw notFound(key);
      const current = decodeObject<StoredObject>(newest.value, newest.mod);
      const failed = checkPreconditions(key, opts.preconditions, current);
      if (failed !== null) throw failed;
      if (opts.validateDeletion) await opts.validateDeletion(current);
      this.ensureWritable(key);
      if (this.index.newest(key) !== newest) continue;
      const change = this.index.remove(key);
      await this.commit(change);
      return decodeObject<StoredObject>(newest.value, change.next.mod);
    }
  }

  /** The newest version of key once it is durable (so decisions never rest on a losable write). */
  private async settledNewest(key: string): Promise<KeyVersion | undefined> {
    let newest = this.index.newest(key);
    while (newest !== undefined && newest.mod > this.visible) {
      await this.awaitVisible(key, newest.mod);
      newest = this.index.newest(key);
    }
    return newest;
  }

  private async commit(change: Change): Promise<void> {
    if (this.log === null) {
      this.advance(change.next.mod);
      return;
    }
    try {
      await this.log.append({ revision: change.next.mod, key: change.key, value: change.next.value });
    } catch (err) {
      throw unavailable(change.key, err);
    }
  }

  private awaitVisible(key: string, revision: number): Promise<void> {
    if (revision <= this.visible) return Promise.resolve();
    if (this.failure !== null) return Promise.reject(unavailable(key, this.failure));
    return new Promise((resolve, reject) => {
      this.visibleWaiters.push({ revision, resolve, reject: (err) => reject(unavailable(key, err)) });
    });
  }

  /** The visible revision moves to revision: wake waiters, feed watchers. */
  private advance(revision: number): void {
    if (revision <= this.visible) return;
    this.visible = revision;
    if (this.visibleWaiters.length > 0) {
      const ready = this.visibleWaiters.filter((w) => w.revision <= revision);
      this.visibleWaiters = this.visibleWaiters.filter((w) => w.revision > revision);
      for (const w of ready) w.resolve();
    }
    this.hub.deliver(revision);
  }

  private failWith(err: Error): void {
    if (this.failure !== null) return;
    this.failure = err;
    const waiters = this.visibleWaiters;
    this.visibleWaiters = [];
    for (const w of waiters) w.reject(err);
    this.hub.fail(unavailable('', err));
  }

  // ---- watch ----

  watch(key: string, opts: WatchOptions<StoredObject> = {}): Watcher<StoredObject> {
    try {
      this.ensureOpen(key);
      return this.startWatch(key, opts);
    } catch (err) {
      const queue = new WatchQueue<StoredObject>({ capacity: 1 });
      const error = err instanceof StorageError ? err : unavailable(key, err);
      queue.push({ type: 'ERROR', error });
      queue.close();
      return queue;
    }
  }

  private startWatch(key: string, opts: WatchOptions<StoredObject>): Watcher<StoredObject> {
    const rv = parseResourceVersion(key, opts.resourceVersion);
    const recursive = opts.recursive === true;
    const watchKey = recursive && !key.endsWith('/') ? `${key}/` : key;
    const predicate: SelectionPredicate<StoredObject> | undefined = opts.predicate;
    const fromNow = rv === undefined || rv === 0;
    const initial = opts.sendInitialEvents === true || (fromNow && opts.sendInitialEvents !== false);
    const events: StoredEvent[] = [];
    let start: number;
    if (initial) {
      if (rv !== undefined && rv > this.visible) throw tooLargeResourceVersion(key, rv, this.visible);
      start = this.visible;
      const add = (version: KeyVersion) => {
        const obj = decodeObject<StoredObject>(version.value!, version.mod);
        if (predicate === undefined || predicate.empty || predicate.matches(obj)) events.push({ type: 'ADDED', object: obj });
      };
      if (recursive) {
        this.index.scan(watchKey, prefixEnd(watchKey), start, (_k, version) => void add(version));
      } else {
        const live = this.index.liveAt(watchKey, start);
        if (live !== null) add(live);
      }
      if (opts.sendInitialEvents === true && opts.allowBookmarks) {
        events.push({ type: 'BOOKMARK', resourceVersion: String(start), initialEventsEnd: true });
      }
    } else if (fromNow) {
      start = this.visible;
    } else {
      if (rv < this.index.compacted) throw expired(key, rv, this.index.compacted);
      start = rv;
    }
    // Initial state and history catch-up are what the watcher asked for, not a sign it is slow,
    // so they do not count against its buffer.
    const backlog = events.length + Math.max(0, this.visible - start);
    let sub: Subscription | undefined;
    const queue = new WatchQueue<StoredObject>({
      capacity: this.settings.watchCapacity + backlog,
      onClose: () => {
        if (sub !== undefined) this.hub.remove(sub);
      },
    });
    for (const event of events) queue.push(event);
    sub = { key: watchKey, recursive, predicate, bookmarks: opts.allowBookmarks === true, queue, revision: start };
    this.hub.catchUp(sub, this.visible);
    if (!queue.isClosed) this.hub.add(sub);
    return queue;
  }

  // ---- compaction, health, lifecycle ----

  async compact(revision: number): Promise<void> {
    this.ensureOpen('');
    if (revision <= this.index.compacted) return;
    if (revision > this.visible) throw tooLargeResourceVersion('', revision, this.visible);
    this.index.compact(revision);
  }

  /** The revision history was last compacted to (reads and watches before it are Expired). */
  compactedRevision(): number {
    return this.index.compacted;
  }

  /** Every interval, compact to the revision that was current one window ago. */
  private compactWindow(): void {
    if (this.closed) return;
    const now = Date.now();
    this.revisionSamples.push({ at: now, revision: this.visible });
    let target = -1;
    for (let i = 0; i < this.revisionSamples.length; i++) {
      if (this.revisionSamples[i]!.at <= now - this.settings.compactionWindowMs) target = i;
    }
    if (target < 0) return;
    const { revision } = this.revisionSamples[target]!;
    this.revisionSamples = this.revisionSamples.slice(target);
    if (revision > this.index.compacted) this.index.compact(revision);
  }

  async checkHealth(): Promise<void> {
    if (this.closed) throw unavailable('', 'the store is closed');
    if (this.failure !== null) throw unavailable('', this.failure);
  }

  /** Durable mode: snapshot now and truncate the log (memory mode: nothing to do). */
  async snapshotNow(): Promise<void> {
    this.ensureWritable('');
    if (this.log === null) return;
    try {
      await this.log.snapshotNow();
    } catch (err) {
      throw unavailable('', err);
    }
  }

  stats(): EmbeddedStats {
    const log = this.log?.stats;
    return { writes: log?.records ?? 0, fsyncs: log?.fsyncs ?? 0, snapshots: log?.snapshots ?? 0, watchers: this.hub.size };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.compactionTimer);
    try {
      await this.log?.close();
    } finally {
      this.hub.close();
      const waiters = this.visibleWaiters;
      this.visibleWaiters = [];
      for (const w of waiters) w.reject(new Error('the store is closed'));
      this.releaseLock();
    }
  }

  private ensureOpen(key: string): void {
    if (this.closed) throw unavailable(key, 'the store is closed');
  }

  private ensureWritable(key: string): void {
    this.ensureOpen(key);
    if (this.failure !== null) throw unavailable(key, this.failure);
  }
}
