// Watch-cache behaviour beyond the shared conformance suite: what it serves without touching the
// backend, its ring, slow watchers, recovery when its backend watch breaks, bookmarks and
// consistent reads. Runs over the embedded backend in memory mode.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePredicate } from '../../runtime/selection/index.js';
import { createWatchCache, type WatchCache, type WatchCacheOptions } from '../../runtime/storage/cacher/index.js';
import { openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import {
  StorageError,
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type Storage,
  type StoredObject,
  type TryUpdate,
  type UpdateOptions,
  type Watcher,
  type WatchEvent,
  type WatchOptions,
} from '../../runtime/storage/index.js';
import { WatchQueue } from '../../runtime/storage/watch-queue.js';
import { rvOf, WatchReader } from '../conformance/watch-helpers.js';

interface Item extends StoredObject {
  metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
  n?: number;
}

const openBackend = (bookmarkIntervalMs: number): Promise<Storage> =>
  openEmbeddedStorage({ mode: 'memory', bookmarkIntervalMs });

/**
 * The backend as the cache sees it: counts the calls that reach it, can break the cache's watch
 * and can hold the cache's next watch back while the test changes the backend behind its back.
 */
class InstrumentedBackend implements Storage {
  readonly calls = { get: 0, list: 0, watch: 0, currentRevision: 0 };
  private readonly relays = new Set<WatchQueue<StoredObject>>();

  constructor(readonly inner: Storage) {}

  resetCounts(): void {
    for (const k of Object.keys(this.calls) as (keyof typeof this.calls)[]) this.calls[k] = 0;
  }

  /** Sends every open watch a bookmark at revision. */
  bookmarkAll(revision: number): void {
    for (const relay of this.relays) relay.push({ type: 'BOOKMARK', resourceVersion: String(revision) });
  }

  /** Ends every open watch, as a dropped connection would. */
  breakWatches(): void {
    for (const relay of [...this.relays]) relay.close();
  }

  /** Watches opened from now on reach the backend only after the returned release() is called. */
  holdWatches(): () => void {
    let release!: () => void;
    this.gate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.gate = null;
      release();
    };
  }
  private gate: Promise<void> | null = null;

  get(key: string, opts?: GetOptions) {
    this.calls.get++;
    return this.inner.get(key, opts);
  }
  list(prefix: string, opts?: ListOptions) {
    this.calls.list++;
    return this.inner.list(prefix, opts);
  }
  create(key: string, obj: StoredObject) {
    return this.inner.create(key, obj);
  }
  guaranteedUpdate(key: string, opts: UpdateOptions<StoredObject>, tryUpdate: TryUpdate<StoredObject>) {
    return this.inner.guaranteedUpdate(key, opts, tryUpdate);
  }
  delete(key: string, opts?: DeleteOptions<StoredObject>) {
    return this.inner.delete(key, opts);
  }
  watch(key: string, opts?: WatchOptions): Watcher<StoredObject> {
    this.calls.watch++;
    let source: Watcher<StoredObject> | undefined;
    const relay = new WatchQueue<StoredObject>({
      capacity: 100_000,
      onClose: () => {
        this.relays.delete(relay);
        source?.stop();
      },
    });
    this.relays.add(relay);
    const gate = this.gate;
    void (async () => {
      if (gate) await gate;
      if (relay.isClosed) return;
      source = this.inner.watch(key, opts);
      for await (const event of source) if (!relay.push(event)) return;
      relay.close();
    })();
    return relay;
  }
  currentRevision() {
    this.calls.currentRevision++;
    return this.inner.currentRevision();
  }
  compact(revision: number) {
    return this.inner.compact(revision);
  }
  close() {
    return this.inner.close();
  }
}

const item = (name: string, extra: Partial<Item> = {}): Item => ({ metadata: { name }, ...extra });
const isObjectEvent = (e: WatchEvent<Item>): e is Extract<WatchEvent<Item>, { object: Item }> =>
  e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED';

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('watch cache', { timeout: 60_000 }, () => {
  let raw: Storage;
  let backend: InstrumentedBackend;
  const caches: WatchCache<Item>[] = [];
  let counter = 0;

  before(async () => {
    raw = await openBackend(100);
    backend = new InstrumentedBackend(raw);
  });
  after(async () => {
    await Promise.all(caches.map((c) => c.close()));
    await raw.close();
  });

  async function cacheFor(label: string, opts: Partial<WatchCacheOptions<Item>> = {}) {
    const prefix = `/registry/cachetest/${label}-${++counter}/`;
    const cache = await createWatchCache<Item>({ backend, prefix, ...opts });
    caches.push(cache);
    return { prefix, cache };
  }

  /** Waits until the cache has applied everything the backend had when called. */
  async function synced(cache: WatchCache<Item>): Promise<void> {
    const target = await raw.currentRevision();
    await eventually(() => cache.status().revision >= target, `cache at revision ${target}`);
  }

  it('serves gets, lists and watches for known revisions without backend reads', async () => {
    const { prefix, cache } = await cacheFor('no-reads');
    const a = await cache.create(`${prefix}a`, item('a', { n: 1 }));
    await cache.create(`${prefix}b`, item('b', { n: 2 }));
    await cache.guaranteedUpdate(`${prefix}a`, {}, (c) => ({ ...c!, n: 3 }));
    await synced(cache);
    backend.resetCounts();

    assert.equal((await cache.get(`${prefix}a`, { resourceVersion: '0' }))?.n, 3);
    assert.equal((await cache.get(`${prefix}b`, { resourceVersion: a.metadata.resourceVersion! }))?.n, 2);
    assert.equal(await cache.get(`${prefix}zz`, { resourceVersion: '0', ignoreNotFound: true }), null);
    const any = await cache.list(prefix, { resourceVersion: '0' });
    assert.deepEqual(any.items.map((i) => i.metadata.name), ['a', 'b']);
    const notOlder = await cache.list(prefix, { resourceVersion: a.metadata.resourceVersion!, resourceVersionMatch: 'NotOlderThan' });
    assert.equal(notOlder.resourceVersion, String(cache.status().revision));
    const page = await cache.list(prefix, { resourceVersion: '0', limit: 1 });
    assert.deepEqual(page.items.map((i) => i.metadata.name), ['a']);
    assert.equal(page.remainingItemCount, 1);
    assert.ok(page.continue);

    const fromA = new WatchReader(cache.watch(prefix, { recursive: true, resourceVersion: a.metadata.resourceVersion! }));
    const replayed = await fromA.take(2);
    assert.deepEqual(replayed.map((e) => e.type), ['ADDED', 'MODIFIED']);
    fromA.stop();
    const initial = new WatchReader(cache.watch(prefix, { recursive: true, resourceVersion: '0' }));
    assert.deepEqual((await initial.take(2)).filter(isObjectEvent).map((e) => e.object.metadata.name), ['a', 'b']);
    initial.stop();
    assert.deepEqual(backend.calls, { get: 0, list: 0, watch: 0, currentRevision: 0 });

    // The continue token is an exact read at the cache's revision, which the backend answers.
    const rest = await cache.list(prefix, { continue: page.continue!, limit: 1 });
    assert.deepEqual(rest.items.map((i) => i.metadata.name), ['b']);
    assert.equal(rest.resourceVersion, page.resourceVersion);
    assert.equal(backend.calls.list, 1);
  });

  it('hands out shared, frozen objects', async () => {
    const { prefix, cache } = await cacheFor('frozen');
    await cache.create(`${prefix}a`, item('a', { metadata: { name: 'a', labels: { x: 'y' } } }));
    await synced(cache);
    const first = await cache.get(`${prefix}a`, { resourceVersion: '0' });
    const second = await cache.get(`${prefix}a`, { resourceVersion: '0' });
    assert.equal(first, second);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first!.metadata.labels));
    assert.throws(() => {
      (first as Item).n = 5;
    }, TypeError);
  });

  it('answers Expired for a watch older than its ring and replays one inside it', async () => {
    const { prefix, cache } = await cacheFor('ring', { eventCapacity: 5 });
    const created = await cache.create(`${prefix}a`, item('a', { n: 0 }));
    const revisions = [Number(created.metadata.resourceVersion)];
    for (let n = 1; n <= 9; n++) {
      const updated = await cache.guaranteedUpdate(`${prefix}a`, {}, (c) => ({ ...c!, n }));
      revisions.push(Number(updated.metadata.resourceVersion));
    }
    await synced(cache);
    // Ten changes, five kept: the oldest kept is revisions[5], so watches from revisions[4] on work.
    assert.equal(cache.status().oldestServable, revisions[4]);

    const old = new WatchReader(cache.watch(prefix, { recursive: true, resourceVersion: String(revisions[3]) }));
    const error = await old.expectEvent();
    assert.equal(error.type, 'ERROR');
    assert.ok(error.type === 'ERROR');
    assert.equal(error.error.code, 'Expired');
    assert.equal(error.error.message, `too old resource version: ${revisions[3]} (${revisions[4]})`);
    assert.equal(await old.next(1000), 'end');

    const recent = new WatchReader(cache.watch(prefix, { recursive: true, resourceVersion: String(revisions[4]) }));
    const events = await recent.take(5);
    assert.deepEqual(events.map(rvOf), revisions.slice(5));
    assert.deepEqual(events.filter(isObjectEvent).map((e) => e.object.n), [5, 6, 7, 8, 9]);
    await cache.guaranteedUpdate(`${prefix}a`, {}, (c) => ({ ...c!, n: 10 }));
    const [live] = await recent.take(1);
    assert.ok(live && isObjectEvent(live) && live.object.n === 10);
    recent.stop();
  });

  it('closes a watcher that falls behind while the others keep going', async () => {
    const { prefix, cache } = await cacheFor('slow', { watchCapacity: 5 });
    const slow = cache.watch(prefix, { recursive: true, sendInitialEvents: false });
    const fast = new WatchReader(cache.watch(prefix, { recursive: true, sendInitialEvents: false }));
    const total = 20;
    for (let i = 0; i < total; i++) {
      await cache.create(`${prefix}k${i}`, item(`k${i}`));
      // The fast one reads each change before the next write.
      const [event] = await fast.take(1);
      assert.ok(event && isObjectEvent(event) && event.object.metadata.name === `k${i}`);
    }
    // The slow one never read: it was cut off after 5 queued events and ends at once.
    const slowReader = new WatchReader(slow);
    assert.equal(await slowReader.next(1000), 'end');
    assert.equal(cache.status().watchers, 1);
    fast.stop();
    await eventually(() => cache.status().watchers === 0, 'stopped watcher to unregister');
  });

  it('re-opens its backend watch from its revision when it merely ends, keeping watchers', async () => {
    const { prefix, cache } = await cacheFor('rewatch');
    const reader = new WatchReader(cache.watch(prefix, { recursive: true, sendInitialEvents: false }));
    await cache.create(`${prefix}a`, item('a'));
    assert.equal((await reader.take(1))[0]!.type, 'ADDED');
    backend.breakWatches();
    // Writes straight to the backend while the cache re-opens its watch.
    await raw.create(`${prefix}b`, item('b'));
    await raw.guaranteedUpdate(`${prefix}a`, {}, (c) => ({ ...c!, n: 1 }));
    const events = await reader.take(2);
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED']);
    await reader.expectQuiet(200);
    assert.equal(cache.status().relists, 0);
    assert.ok(cache.status().rewatches >= 1);
    reader.stop();
  });

  it('re-lists when the backend has compacted past it, closing watchers it cannot continue', async () => {
    const { prefix, cache } = await cacheFor('relist');
    await cache.create(`${prefix}a`, item('a'));
    await cache.create(`${prefix}gone`, item('gone'));
    const watcher = new WatchReader(cache.watch(prefix, { recursive: true, sendInitialEvents: false }));
    await synced(cache);
    const before = cache.status().revision;
    // Cut the cache off, change and compact the backend, then let it watch again: its revision is
    // gone from the backend's history, so only a fresh list can bring it up to date.
    const release = backend.holdWatches();
    backend.breakWatches();
    await raw.delete(`${prefix}gone`);
    await raw.create(`${prefix}b`, item('b'));
    await raw.compact(await raw.currentRevision());
    release();
    await eventually(() => cache.status().relists === 1, 're-list');
    // The watcher cannot be continued exactly across the re-list: it ends, its client re-watches.
    assert.equal(await watcher.next(2000), 'end');
    assert.ok(cache.status().oldestServable > before, 'the ring restarts at the re-list revision');
    const listed = await cache.list(prefix, { resourceVersion: '0' });
    assert.deepEqual(listed.items.map((i) => i.metadata.name), ['a', 'b']);
    const expiredWatch = new WatchReader(cache.watch(prefix, { recursive: true, resourceVersion: String(before) }));
    const e = await expiredWatch.expectEvent();
    assert.ok(e.type === 'ERROR' && e.error.code === 'Expired');
    // It keeps following the backend after the re-list.
    const fresh = new WatchReader(cache.watch(prefix, { recursive: true, sendInitialEvents: false }));
    await raw.create(`${prefix}c`, item('c'));
    const [added] = await fresh.take(1);
    assert.ok(added && isObjectEvent(added) && added.object.metadata.name === 'c');
    fresh.stop();
  });

  it('advances with backend bookmarks while idle and passes bookmarks to watchers that allow them', async () => {
    const { prefix, cache } = await cacheFor('bookmarks', { bookmarkIntervalMs: 50 });
    const start = cache.status().revision;
    const reader = new WatchReader(cache.watch(prefix, { recursive: true, resourceVersion: String(start), allowBookmarks: true }));
    // Writes elsewhere move the store's revision; only bookmarks can tell this cache.
    const other = await raw.create(`/registry/cachetest/elsewhere-${++counter}/x`, item('x'));
    const otherRv = Number(other.metadata?.resourceVersion);
    await eventually(() => cache.status().revision >= otherRv, 'the idle cache to reach the store revision');
    for (;;) {
      const e = await reader.expectEvent(5000);
      assert.equal(e.type, 'BOOKMARK');
      if (rvOf(e) >= otherRv) break;
    }
    reader.stop();
  });

  it('serves a consistent list from the cache once it has caught up, else from the backend', async () => {
    const { prefix, cache } = await cacheFor('consistent', { consistentReadTimeoutMs: 10_000 });
    await raw.create(`${prefix}a`, item('a'));
    await raw.create(`/registry/cachetest/elsewhere-${++counter}/x`, item('x'));
    backend.resetCounts();
    const listed = await cache.list(prefix);
    assert.deepEqual(listed.items.map((i) => i.metadata.name), ['a']);
    assert.ok(Number(listed.resourceVersion) >= (await raw.currentRevision()));
    assert.equal(backend.calls.list, 0, 'served from the cache after it caught up');
    assert.equal(backend.calls.currentRevision, 1);

    const { prefix: slowPrefix, cache: impatient } = await cacheFor('fallback', { consistentReadTimeoutMs: 1 });
    await raw.create(`${slowPrefix}a`, item('a'));
    await raw.create(`/registry/cachetest/elsewhere-${++counter}/y`, item('y'));
    backend.resetCounts();
    const fallback = await impatient.list(slowPrefix);
    assert.deepEqual(fallback.items.map((i) => i.metadata.name), ['a']);
    assert.equal(backend.calls.list, 1, 'read from the backend when the cache could not prove it was current');
  });

  it('asks a backend that can for watch progress while a consistent read waits', async () => {
    // Bookmarks an hour apart: only a progress request can tell the cache the store moved on.
    const quiet = await openBackend(3_600_000);
    class Progressing extends InstrumentedBackend {
      progressRequests = 0;
      async requestWatchProgress(): Promise<void> {
        this.progressRequests++;
        // Fine for this test, where nothing under the cache's prefix is in flight.
        this.bookmarkAll(await this.inner.currentRevision());
      }
    }
    const progressing = new Progressing(quiet);
    const prefix = '/registry/cachetest/progress/';
    const cache = await createWatchCache<Item>({ backend: progressing, prefix });
    try {
      await quiet.create(`${prefix}a`, item('a'));
      await eventually(() => cache.status().objects === 1, 'the create to reach the cache');
      await quiet.create('/registry/cachetest/progress-elsewhere/x', item('x'));
      progressing.resetCounts();
      const listed = await cache.list(prefix);
      assert.deepEqual(listed.items.map((i) => i.metadata.name), ['a']);
      assert.equal(progressing.calls.list, 0, 'served from the cache');
      assert.ok(progressing.progressRequests >= 1);
      assert.equal(Number(listed.resourceVersion), await quiet.currentRevision());
    } finally {
      await cache.close();
      await quiet.close();
    }
  });

  it('waits briefly for a future revision, then answers Too large resource version', async () => {
    const { prefix, cache } = await cacheFor('future', { waitTimeoutMs: 200 });
    const future = String((await raw.currentRevision()) + 100);
    await assert.rejects(cache.get(`${prefix}a`, { resourceVersion: future }), (err: unknown) => {
      assert.ok(err instanceof StorageError);
      assert.equal(err.code, 'Timeout');
      assert.match(err.message, /^Too large resource version: \d+, current: \d+$/);
      return true;
    });
    await assert.rejects(cache.list(prefix, { resourceVersion: future, resourceVersionMatch: 'NotOlderThan' }), /Too large/);
    const watchList = new WatchReader(
      cache.watch(prefix, { recursive: true, sendInitialEvents: true, allowBookmarks: true, resourceVersion: future }),
    );
    const e = await watchList.expectEvent();
    assert.ok(e.type === 'ERROR' && e.error.code === 'Timeout');
    const invalid = await new WatchReader(cache.watch(prefix, { recursive: true, resourceVersion: 'abc' })).expectEvent();
    assert.ok(invalid.type === 'ERROR' && invalid.error.code === 'Invalid');
    // A NotOlderThan read for a revision the cache is about to reach waits for it instead.
    const next = String((await raw.currentRevision()) + 1);
    const pending = cache.get(`${prefix}late`, { resourceVersion: next });
    await raw.create(`${prefix}late`, item('late'));
    assert.equal((await pending)?.metadata.name, 'late');
  });

  it('sends watch-list initial state, its end bookmark, and selector transitions', async () => {
    const { prefix, cache } = await cacheFor('watch-list');
    await cache.create(`${prefix}a`, item('a', { metadata: { name: 'a', labels: { team: 'x' } } }));
    await cache.create(`${prefix}b`, item('b', { metadata: { name: 'b', labels: { team: 'y' } } }));
    const reader = new WatchReader(
      cache.watch(prefix, {
        recursive: true,
        sendInitialEvents: true,
        allowBookmarks: true,
        predicate: makePredicate<Item>({ labelSelector: 'team=x' }),
      }),
    );
    const first = await reader.expectEvent();
    assert.ok(first.type === 'ADDED' && first.object.metadata.name === 'a');
    const end = await reader.expectEvent();
    assert.ok(end.type === 'BOOKMARK' && end.initialEventsEnd === true);
    assert.ok(Number(end.resourceVersion) >= (await raw.currentRevision()) - 0);
    const relabel = (team: string) => (c: Item | null) => ({ ...c!, metadata: { ...c!.metadata, labels: { team } } });
    await cache.guaranteedUpdate(`${prefix}b`, {}, relabel('x'));
    const moved = await cache.guaranteedUpdate(`${prefix}a`, {}, relabel('y'));
    const events = await reader.take(2);
    assert.deepEqual(events.map((e) => [e.type, isObjectEvent(e) ? e.object.metadata.name : '']), [
      ['ADDED', 'b'],
      ['DELETED', 'a'],
    ]);
    const left = events[1]!;
    assert.ok(isObjectEvent(left));
    assert.equal(left.object.metadata.labels?.team, 'x', 'DELETED carries the last matching state');
    assert.equal(left.object.metadata.resourceVersion, moved.metadata.resourceVersion, 'at the revision it left');
    reader.stop();
  });

  it('keeps a watch on one key apart from its neighbours', async () => {
    const { prefix, cache } = await cacheFor('one-key');
    const reader = new WatchReader(cache.watch(`${prefix}ns/a`, { sendInitialEvents: false }));
    await cache.create(`${prefix}ns/ab`, item('ab', { metadata: { name: 'ab', namespace: 'ns' } }));
    await cache.create(`${prefix}ns/a`, item('a', { metadata: { name: 'a', namespace: 'ns' } }));
    const [only] = await reader.take(1);
    assert.ok(only && isObjectEvent(only) && only.object.metadata.name === 'a');
    await reader.expectQuiet(150);
    reader.stop();
  });
});

describe('watch cache against its backend', { timeout: 60_000 }, () => {
  it('replays the same events as the backend for random writes, from any revision in its ring', async () => {
    const raw = await openBackend(60_000);
    const prefix = '/registry/cachetest/differential/';
    const cache = await createWatchCache<Item>({ backend: raw, prefix, eventCapacity: 400 });
    try {
      // A fixed-seed generator keeps failures reproducible.
      let seed = 0x2545f491;
      const random = (n: number) => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 8) % n;
      };
      const colors = ['red', 'blue', 'green'];
      const start = await raw.currentRevision();
      const revisions: number[] = [];
      for (let op = 0; op < 300; op++) {
        const name = `k${random(8)}`;
        const key = `${prefix}${random(3) === 0 ? `ns/${name}` : name}`;
        const metadata = key.includes('/ns/') ? { name, namespace: 'ns' } : { name };
        // Half the writes go around the cache: it must not matter who wrote.
        const writer: Storage<Item> = random(2) === 0 ? cache : (raw as Storage<Item>);
        const current = await raw.get(key, { ignoreNotFound: true });
        let written: StoredObject;
        if (current === null) {
          written = await writer.create(key, { metadata: { ...metadata, labels: { color: colors[random(3)]! } }, n: op });
        } else if (random(4) === 0) {
          await writer.delete(key);
          revisions.push(await raw.currentRevision());
          continue;
        } else {
          written = await writer.guaranteedUpdate(key, {}, (c) => ({
            ...c!,
            metadata: { ...c!.metadata, labels: { color: colors[random(3)]! } },
            n: op,
          }));
        }
        revisions.push(Number(written.metadata?.resourceVersion));
      }
      // Every stream below ends with this object, which every watch and predicate selects.
      const sentinel = 'zz-end';
      await raw.create(`${prefix}ns/${sentinel}`, { metadata: { name: sentinel, namespace: 'ns', labels: { color: 'blue' } } });
      await eventually(async () => cache.status().revision >= (await raw.currentRevision()), 'the cache to catch up');

      const drain = async (watcher: Watcher<Item>) => {
        const reader = new WatchReader(watcher);
        const seen: string[] = [];
        for (;;) {
          const e = await reader.expectEvent();
          if (!isObjectEvent(e)) {
            seen.push(e.type);
            continue;
          }
          const m = e.object.metadata;
          if (m.name === sentinel) break;
          seen.push(`${e.type} ${m.namespace ?? ''}/${m.name} @${m.resourceVersion} ${m.labels?.color} n=${e.object.n}`);
        }
        reader.stop();
        return seen;
      };
      const froms = [start, revisions[50]!, revisions[200]!, revisions[299]!];
      const predicates = [undefined, makePredicate<Item>({ labelSelector: 'color=blue' }), makePredicate<Item>({ labelSelector: 'color!=red' })];
      for (const from of froms) {
        for (const predicate of predicates) {
          for (const key of [prefix, `${prefix}ns/`]) {
            const opts: WatchOptions<Item> = { recursive: true, resourceVersion: String(from), ...(predicate ? { predicate } : {}) };
            const expected = await drain((raw as Storage<Item>).watch(key, opts));
            const actual = await drain(cache.watch(key, opts));
            assert.deepEqual(actual, expected, `watch ${key} from ${from} ${predicate ? 'with' : 'without'} a predicate`);
            if (from === start && predicate === undefined && key === prefix) assert.equal(actual.length, 300);
          }
        }
      }
      const fromCache = await cache.list(prefix, { resourceVersion: '0' });
      const fromBackend = await raw.list(prefix);
      assert.deepEqual(fromCache.items, fromBackend.items);
      assert.equal(fromCache.resourceVersion, fromBackend.resourceVersion);
    } finally {
      await cache.close();
      await raw.close();
    }
  });
});
