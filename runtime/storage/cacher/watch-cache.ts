// The watch cache: a decorator over a backend for one resource prefix, in the shape of kube's
// Cacher. It lists the prefix, then watches it from the list revision, and keeps the current
// objects plus a bounded ring of recent changes. Writes go to the backend; reads that may be
// answered from a known revision and watches are served from memory.
import { encodeContinue } from '../continue-token.js';
import { expired, internal, isStorageError, notFound, tooLargeResourceVersion, type StorageError } from '../errors.js';
import type {
  DeleteOptions,
  GetOptions,
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
import { parseResourceVersion, planList } from '../resource-version.js';
import { CacheWatcher } from './cache-watcher.js';
import { deepFreeze } from './deep-freeze.js';
import { EventRing, type CacheEvent } from './event-ring.js';
import { canRequestProgress, type WatchCacheOptions } from './options.js';
import { RevisionWaiters } from './revision-waiters.js';
import { SortedObjectMap } from './sorted-map.js';

const PROGRESS_REQUEST_INTERVAL_MS = 100;
const MAX_RETRY_DELAY_MS = 5000;

/** Counters tests and metrics read. */
export interface WatchCacheStatus {
  /** The revision the cached state is at. */
  revision: number;
  objects: number;
  /** Watches from a revision >= this are served from the ring. */
  oldestServable: number;
  watchers: number;
  /** Times the cache re-listed the backend after losing its watch beyond repair. */
  relists: number;
  /** Times it re-opened the backend watch from its revision. */
  rewatches: number;
}

export class WatchCache<T extends StoredObject> implements Storage<T> {
  readonly prefix: string;
  private readonly backend: Storage<T>;
  private readonly keyOf: (obj: T) => string;
  private readonly freeze: boolean;
  private readonly watchCapacity: number;
  private readonly waitTimeoutMs: number;
  private readonly consistentReadTimeoutMs: number;
  private objects = new SortedObjectMap<T>();
  private readonly ring: EventRing<T>;
  private revision = 0;
  /** The newest revision written through this cache: "any" reads wait for it (read your writes). */
  private writtenRevision = 0;
  private readonly exactWatchers = new Map<string, Set<CacheWatcher<T>>>();
  private readonly prefixWatchers = new Set<CacheWatcher<T>>();
  private readonly waiters = new RevisionWaiters();
  private backendWatcher: Watcher<T> | null = null;
  private readonly bookmarkTimer: NodeJS.Timeout;
  private progressTimer: NodeJS.Timeout | null = null;
  private wakeRetry: (() => void) | null = null;
  private closed = false;
  private relists = 0;
  private rewatches = 0;

  private constructor(opts: WatchCacheOptions<T>, listed: ListResult<T>) {
    if (!opts.prefix.endsWith('/')) throw new Error(`watch cache prefix must end with '/': ${opts.prefix}`);
    this.prefix = opts.prefix;
    this.backend = opts.backend as unknown as Storage<T>;
    const prefix = opts.prefix;
    this.keyOf =
      opts.keyOf ??
      ((obj: T) => {
        const meta = obj.metadata ?? {};
        return meta.namespace ? `${prefix}${meta.namespace}/${meta.name ?? ''}` : `${prefix}${meta.name ?? ''}`;
      });
    this.freeze = opts.freeze ?? true;
    this.watchCapacity = opts.watchCapacity ?? 1000;
    this.waitTimeoutMs = opts.waitTimeoutMs ?? 3000;
    this.consistentReadTimeoutMs = opts.consistentReadTimeoutMs ?? (canRequestProgress(opts.backend) ? 3000 : 0);
    const listRevision = Number(listed.resourceVersion);
    this.ring = new EventRing<T>(opts.eventCapacity ?? 1000, listRevision);
    this.replaceState(listed);
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), opts.bookmarkIntervalMs ?? 60_000);
    this.bookmarkTimer.unref();
  }

  /** Lists the prefix and starts following it; fails with the backend's error if that list fails. */
  static async create<T extends StoredObject>(opts: WatchCacheOptions<T>): Promise<WatchCache<T>> {
    const listed = await (opts.backend as unknown as Storage<T>).list(opts.prefix, {});
    const cache = new WatchCache<T>(opts, listed);
    void cache.follow();
    return cache;
  }

  status(): WatchCacheStatus {
    let watchers = this.prefixWatchers.size;
    for (const set of this.exactWatchers.values()) watchers += set.size;
    return {
      revision: this.revision,
      objects: this.objects.size,
      oldestServable: this.ring.oldestServable,
      watchers,
      relists: this.relists,
      rewatches: this.rewatches,
    };
  }

  // ---- reads ----

  async get(key: string, opts: GetOptions = {}): Promise<T | null> {
    const wanted = opts.resourceVersion;
    // A consistent get is one backend read either way (kube's cacher delegates it too).
    if (wanted === undefined || wanted === '' || this.closed || !this.ownsKey(key)) return this.backend.get(key, opts);
    const rv = wanted === '0' ? 0 : parseResourceVersion(key, wanted)!;
    if (rv === 0) {
      if (this.revision < this.writtenRevision) await this.reach(this.writtenRevision, this.waitTimeoutMs);
    } else if (rv > this.revision && !(await this.reach(rv, this.waitTimeoutMs))) {
      throw tooLargeResourceVersion(key, rv, this.revision);
    }
    const obj = this.objects.get(key);
    if (obj !== undefined) return obj;
    if (opts.ignoreNotFound) return null;
    throw notFound(key);
  }

  async list(prefix: string, opts: ListOptions<T> = {}): Promise<ListResult<T>> {
    if (this.closed || !prefix.startsWith(this.prefix)) return this.backend.list(prefix, opts);
    const plan = planList(prefix, opts);
    switch (plan.mode) {
      case 'exact':
        // Historical states (and continue tokens, which are exact reads) live in the backend only.
        return this.backend.list(prefix, opts);
      case 'any':
        if (this.revision < this.writtenRevision) await this.reach(this.writtenRevision, this.waitTimeoutMs);
        return this.listFromCache(prefix, opts);
      case 'notOlderThan':
        if (plan.revision > this.revision && !(await this.reach(plan.revision, this.waitTimeoutMs))) {
          throw tooLargeResourceVersion(prefix, plan.revision, this.revision);
        }
        return this.listFromCache(prefix, opts);
      case 'latest': {
        const current = await this.backend.currentRevision();
        if (current <= this.revision || (await this.reach(current, this.consistentReadTimeoutMs))) {
          return this.listFromCache(prefix, opts);
        }
        return this.backend.list(prefix, opts);
      }
    }
  }

  private listFromCache(prefix: string, opts: ListOptions<T>): ListResult<T> {
    const filter = opts.predicate && !opts.predicate.empty ? opts.predicate : undefined;
    const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : Infinity;
    const end = prefixEnd(prefix);
    const items: T[] = [];
    let scanned = 0;
    let nextKey: string | undefined;
    this.objects.scan(prefix, end, (key, obj) => {
      if (items.length >= limit) {
        nextKey = key;
        return false;
      }
      scanned++;
      if (filter === undefined || filter.matches(obj)) items.push(obj);
      return true;
    });
    const result: ListResult<T> = { items, resourceVersion: String(this.revision) };
    if (nextKey !== undefined) {
      // The next page is an exact read at this revision, which the backend answers.
      result.continue = encodeContinue(prefix, nextKey, this.revision);
      if (filter === undefined) {
        result.remainingItemCount =
          prefix === this.prefix ? this.objects.size - scanned : this.objects.count(nextKey, end);
      }
    }
    return result;
  }

  // ---- watches ----

  watch(rawKey: string, opts: WatchOptions<T> = {}): Watcher<T> {
    const recursive = opts.recursive === true;
    // A recursive watch covers whole path segments, as the backends read it.
    const key = recursive && !rawKey.endsWith('/') ? `${rawKey}/` : rawKey;
    if (this.closed || !this.ownsWatchKey(key, recursive)) return this.backend.watch(rawKey, opts);
    const w = new CacheWatcher<T>({
      key,
      recursive,
      predicate: opts.predicate,
      allowBookmarks: opts.allowBookmarks === true,
      capacity: this.watchCapacity,
      onClose: (closed) => this.unregister(closed),
    });
    let rv: number | undefined;
    try {
      rv = parseResourceVersion(key, opts.resourceVersion);
    } catch (err) {
      // Like the backends: a watch reports its errors as an ERROR event, it does not throw.
      w.fail(isStorageError(err) ? err : internal(key, err));
      return w;
    }
    if (opts.sendInitialEvents === true) {
      w.setStarting(this.startWatchList(w, rv, opts.allowBookmarks === true));
    } else if (rv === undefined || rv === 0) {
      if (opts.sendInitialEvents === false) {
        // Writes acknowledged through this cache happened before this watch, even if their
        // events are still on their way here.
        w.fromRevision = Math.max(this.revision, this.writtenRevision);
        this.register(w);
      } else if (this.revision >= this.writtenRevision) {
        this.startFromState(w, false);
      } else {
        w.setStarting(this.reach(this.writtenRevision, this.waitTimeoutMs).then(() => this.startLate(w, false)));
      }
    } else {
      this.startFromRevision(w, rv);
    }
    return w;
  }

  private async startWatchList(w: CacheWatcher<T>, rv: number | undefined, endBookmark: boolean): Promise<void> {
    try {
      if (rv === undefined) {
        // Unset means the consistent state; if the cache cannot prove it caught up in time it
        // still starts from its own state, which later changes then bring up to date.
        const current = await this.backend.currentRevision();
        if (!(await this.reach(current, this.consistentReadTimeoutMs))) {
          await this.reach(this.writtenRevision, this.waitTimeoutMs);
        }
      } else if (rv === 0) {
        if (this.revision < this.writtenRevision) await this.reach(this.writtenRevision, this.waitTimeoutMs);
      } else if (rv > this.revision && !(await this.reach(rv, this.waitTimeoutMs))) {
        w.fail(tooLargeResourceVersion(w.key, rv, this.revision));
        return;
      }
    } catch (err) {
      w.fail(isStorageError(err) ? err : internal(w.key, err));
      return;
    }
    this.startLate(w, endBookmark);
  }

  /** startFromState after a wait, during which the client or the cache may have gone away. */
  private startLate(w: CacheWatcher<T>, endBookmark: boolean): void {
    if (w.closed) return;
    if (this.closed) w.close();
    else this.startFromState(w, endBookmark);
  }

  /** Initial ADDED events from the current state, then live changes; atomic with dispatch. */
  private startFromState(w: CacheWatcher<T>, endBookmark: boolean): void {
    const initial: T[] = [];
    if (w.recursive) {
      this.objects.scan(w.key, prefixEnd(w.key), (_key, obj) => {
        if (w.selects(obj)) initial.push(obj);
        return true;
      });
    } else {
      const obj = this.objects.get(w.key);
      if (obj !== undefined && w.selects(obj)) initial.push(obj);
    }
    const tail: WatchEvent<T>[] = endBookmark
      ? [{ type: 'BOOKMARK', resourceVersion: String(this.revision), initialEventsEnd: true }]
      : [];
    w.setBacklog(initial, tail);
    w.fromRevision = this.revision;
    this.register(w);
  }

  /** Changes after rv: replayed from the ring, then live; Expired when the ring no longer has them. */
  private startFromRevision(w: CacheWatcher<T>, rv: number): void {
    if (rv < this.ring.oldestServable) {
      w.fail(expired(w.key, rv, this.ring.oldestServable));
      return;
    }
    const replay: WatchEvent<T>[] = [];
    for (const event of this.ring.since(rv)) {
      if (!w.matchesKey(event.key)) continue;
      const out = w.convert(event);
      if (out !== null) replay.push(out);
    }
    w.setBacklog([], replay);
    w.fromRevision = Math.max(rv, this.revision);
    this.register(w);
  }

  private register(w: CacheWatcher<T>): void {
    if (w.recursive) {
      this.prefixWatchers.add(w);
      return;
    }
    let set = this.exactWatchers.get(w.key);
    if (set === undefined) this.exactWatchers.set(w.key, (set = new Set()));
    set.add(w);
  }

  private unregister(w: CacheWatcher<T>): void {
    if (w.recursive) {
      this.prefixWatchers.delete(w);
      return;
    }
    const set = this.exactWatchers.get(w.key);
    if (set !== undefined && set.delete(w) && set.size === 0) this.exactWatchers.delete(w.key);
  }

  private allWatchers(): CacheWatcher<T>[] {
    const all = [...this.prefixWatchers];
    for (const set of this.exactWatchers.values()) all.push(...set);
    return all;
  }

  private sendBookmarks(): void {
    for (const w of this.prefixWatchers) w.bookmark(this.revision);
    for (const set of this.exactWatchers.values()) for (const w of set) w.bookmark(this.revision);
  }

  // ---- writes: the backend decides; the cache learns of them through its watch ----

  async create(key: string, obj: T): Promise<T> {
    return this.noteWrite(key, await this.backend.create(key, obj), 0);
  }

  async guaranteedUpdate(key: string, opts: UpdateOptions<T>, tryUpdate: TryUpdate<T>): Promise<T> {
    const cachedExisting = opts.cachedExisting ?? (this.ownsKey(key) ? this.objects.get(key) : undefined);
    const withCached = cachedExisting === undefined ? opts : { ...opts, cachedExisting };
    return this.noteWrite(key, await this.backend.guaranteedUpdate(key, withCached, tryUpdate), 0);
  }

  async delete(key: string, opts: DeleteOptions<T> = {}): Promise<T> {
    const cachedExisting = opts.cachedExisting ?? (this.ownsKey(key) ? this.objects.get(key) : undefined);
    const withCached = cachedExisting === undefined ? opts : { ...opts, cachedExisting };
    // The returned last state carries its modification revision; the deletion came after it.
    return this.noteWrite(key, await this.backend.delete(key, withCached), 1);
  }

  /** Only writes this cache will see as events count: others would never arrive here. */
  private noteWrite(key: string, obj: T, after: number): T {
    if (!this.ownsKey(key)) return obj;
    const revision = Number(obj.metadata?.resourceVersion) + after;
    if (revision > this.writtenRevision) this.writtenRevision = revision;
    return obj;
  }

  currentRevision(): Promise<number> {
    return this.backend.currentRevision();
  }

  compact(revision: number): Promise<void> {
    return this.backend.compact(revision);
  }

  /** Stops following the backend and ends every watcher; the shared backend stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.bookmarkTimer);
    if (this.progressTimer !== null) clearInterval(this.progressTimer);
    this.progressTimer = null;
    this.backendWatcher?.stop();
    this.backendWatcher = null;
    this.wakeRetry?.();
    this.waiters.cancelAll();
    for (const w of this.allWatchers()) w.close();
  }

  // ---- following the backend ----

  /** Watches the backend from the cache's revision for as long as the cache lives. */
  private async follow(): Promise<void> {
    let failures = 0;
    let mustRelist = false;
    while (!this.closed) {
      let error: StorageError | undefined;
      try {
        if (mustRelist) {
          this.replaceState(await this.backend.list(this.prefix, {}));
          this.relists++;
          mustRelist = false;
        }
        const watcher = this.backend.watch(this.prefix, {
          recursive: true,
          resourceVersion: String(this.revision),
          allowBookmarks: true,
        });
        this.backendWatcher = watcher;
        if (this.closed) watcher.stop();
        for await (const event of watcher) {
          if (event.type === 'ERROR') {
            error = event.error;
            break;
          }
          this.ingest(event);
          failures = 0;
        }
      } catch (err) {
        error = isStorageError(err) ? err : internal(this.prefix, err);
      }
      this.backendWatcher?.stop();
      this.backendWatcher = null;
      if (this.closed) return;
      // The ring cannot bridge a gap the backend no longer has: start over from a fresh list.
      if (error?.code === 'Expired') mustRelist = true;
      else this.rewatches++;
      failures++;
      if (failures > 1) await this.pause(Math.min(MAX_RETRY_DELAY_MS, 50 * 2 ** failures));
    }
  }

  /** Waits before the next attempt; close() cuts the wait short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeRetry = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wakeRetry = done;
    });
  }

  private ingest(event: WatchEvent<T>): void {
    if (event.type === 'BOOKMARK') {
      const revision = Number(event.resourceVersion);
      if (revision > this.revision) this.advance(revision);
      return;
    }
    if (event.type === 'ERROR') return;
    const object = this.adopt(event.object);
    const revision = Number(object.metadata?.resourceVersion);
    // A repeat of something already applied (a re-opened watch) changes nothing.
    if (!(revision > this.revision)) return;
    const key = this.keyOf(object);
    const prev = this.objects.get(key);
    let type = event.type;
    if (type === 'DELETED') {
      if (prev === undefined) {
        this.advance(revision);
        return;
      }
      this.objects.delete(key);
    } else {
      type = prev === undefined ? 'ADDED' : 'MODIFIED';
      this.objects.set(key, object);
    }
    const change: CacheEvent<T> = { type, key, object, prev, revision, plain: { type, object } };
    this.ring.push(change);
    this.revision = revision;
    const exact = this.exactWatchers.get(key);
    if (exact !== undefined) for (const w of exact) w.deliver(change);
    for (const w of this.prefixWatchers) if (key.startsWith(w.key)) w.deliver(change);
    this.waiters.advance(revision);
  }

  private advance(revision: number): void {
    this.revision = revision;
    this.waiters.advance(revision);
  }

  /** Takes a fresh list as the whole state. Watchers cannot be continued exactly across it. */
  private replaceState(listed: ListResult<T>): void {
    const objects = new SortedObjectMap<T>();
    for (const item of listed.items) {
      const obj = this.adopt(item);
      objects.set(this.keyOf(obj), obj);
    }
    const revision = Number(listed.resourceVersion);
    this.objects = objects;
    this.ring.reset(revision);
    this.revision = revision;
    for (const w of this.allWatchers()) w.close();
    this.waiters.advance(revision);
  }

  private adopt(obj: T): T {
    return this.freeze ? deepFreeze(obj) : obj;
  }

  /** Waits until the cache has reached revision (asking the backend for progress if it can). */
  private reach(revision: number, timeoutMs: number): Promise<boolean> {
    if (this.revision >= revision) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    const reached = this.waiters.wait(revision, timeoutMs);
    this.requestProgress();
    return reached;
  }

  private requestProgress(): void {
    const backend = this.backend;
    if (this.progressTimer !== null || !canRequestProgress(backend)) return;
    const ask = () => {
      if (!this.waiters.waiting || this.closed) {
        if (this.progressTimer !== null) clearInterval(this.progressTimer);
        this.progressTimer = null;
        return;
      }
      // A failed request only means a slower answer: the wait's own timeout bounds it.
      Promise.resolve()
        .then(() => backend.requestWatchProgress())
        .catch(() => undefined);
    };
    this.progressTimer = setInterval(ask, PROGRESS_REQUEST_INTERVAL_MS);
    this.progressTimer.unref();
    ask();
  }

  private ownsKey(key: string): boolean {
    return key.length > this.prefix.length && key.startsWith(this.prefix);
  }

  private ownsWatchKey(key: string, recursive: boolean): boolean {
    return recursive ? key.startsWith(this.prefix) : this.ownsKey(key);
  }
}
