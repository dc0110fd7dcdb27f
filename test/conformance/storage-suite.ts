// The storage conformance suite: one set of behaviours every Storage implementation must have
// (embedded in both modes, etcd, and the watch cache over each). Test files call
// runStorageConformance with a factory for their implementation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePredicate } from '../../runtime/selection/index.js';
import { isStorageError, type Storage, type StoredObject, type WatchEvent } from '../../runtime/storage/index.js';
import { rvOf, WatchReader } from './watch-helpers.js';

export interface TestObject extends StoredObject {
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; labels?: Record<string, string> };
  value?: string;
  counter?: number;
}

export interface StorageUnderTest {
  /** A store serving keys under prefix (a watch cache is made per prefix; backends may ignore it). */
  storageFor(prefix: string): Promise<Storage<TestObject>>;
  close(): Promise<void>;
}

export interface ConformanceOptions {
  /** Opens the implementation under test; its bookmark interval must be <= 500 ms. */
  open(): Promise<StorageUnderTest>;
  /**
   * Events a watch cache keeps in its ring, when the implementation serves watches from one:
   * the Expired test then writes more than this many events so the old revision leaves the ring.
   */
  eventRingCapacity?: number;
}

let prefixCounter = 0;
const freshPrefix = (label: string) => `/registry/conformance/${label}-${process.pid}-${++prefixCounter}/`;

const obj = (name: string, extra: Omit<Partial<TestObject>, 'metadata'> = {}): TestObject => ({
  metadata: { name, uid: `uid-${name}` },
  ...extra,
});

function errorCode(err: unknown): string {
  return isStorageError(err) ? err.code : `not a StorageError: ${String(err)}`;
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (err) {
    assert.equal(errorCode(err), code, err instanceof Error ? err.message : String(err));
    return;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

async function runLimited<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

const isObjectEvent = (e: WatchEvent<TestObject>): e is Extract<WatchEvent<TestObject>, { object: TestObject }> =>
  e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED';

export function runStorageConformance(name: string, options: ConformanceOptions): void {
  describe(`storage conformance: ${name}`, { timeout: 240_000 }, () => {
    let sut: StorageUnderTest;
    before(async () => {
      sut = await options.open();
    });
    after(async () => {
      await sut?.close();
    });
    const store = async (label: string) => {
      const prefix = freshPrefix(label);
      return { prefix, s: await sut.storageFor(prefix) };
    };

    describe('create and get', () => {
      it('stores an object, sets resourceVersion, leaves the caller object alone', async () => {
        const { prefix, s } = await store('create');
        const input = obj('a', { value: 'one' });
        const created = await s.create(`${prefix}a`, input);
        assert.equal(input.metadata.resourceVersion, undefined, 'caller object mutated');
        assert.match(created.metadata.resourceVersion ?? '', /^[1-9]\d*$/);
        assert.equal(created.value, 'one');
        const got = await s.get(`${prefix}a`);
        assert.deepEqual(got, created);
        const current = await s.currentRevision();
        assert.ok(current >= Number(created.metadata.resourceVersion));
      });

      it('refuses a second create of the same key with AlreadyExists', async () => {
        const { prefix, s } = await store('exists');
        await s.create(`${prefix}a`, obj('a'));
        await rejectsWith(s.create(`${prefix}a`, obj('a', { value: 'again' })), 'AlreadyExists');
        assert.equal((await s.get(`${prefix}a`))?.value, undefined);
      });

      it('gives every write a new, higher revision', async () => {
        const { prefix, s } = await store('revisions');
        const a = await s.create(`${prefix}a`, obj('a'));
        const b = await s.create(`${prefix}b`, obj('b'));
        assert.ok(Number(b.metadata.resourceVersion) > Number(a.metadata.resourceVersion));
      });

      it('answers NotFound for a missing key, or null with ignoreNotFound', async () => {
        const { prefix, s } = await store('missing');
        await rejectsWith(s.get(`${prefix}nope`), 'NotFound');
        assert.equal(await s.get(`${prefix}nope`, { ignoreNotFound: true }), null);
      });

      it('serves get with resourceVersion 0 and N, and refuses a revision from the future', async () => {
        const { prefix, s } = await store('get-rv');
        const created = await s.create(`${prefix}a`, obj('a'));
        assert.equal((await s.get(`${prefix}a`, { resourceVersion: '0' }))?.metadata.name, 'a');
        assert.equal(
          (await s.get(`${prefix}a`, { resourceVersion: created.metadata.resourceVersion! }))?.metadata.name,
          'a',
        );
        const future = String((await s.currentRevision()) + 1000);
        await rejectsWith(s.get(`${prefix}a`, { resourceVersion: future }), 'Timeout');
        await rejectsWith(s.get(`${prefix}a`, { resourceVersion: 'abc' }), 'Invalid');
      });
    });

    describe('guaranteedUpdate', () => {
      it('applies tryUpdate to the current object and bumps resourceVersion', async () => {
        const { prefix, s } = await store('update');
        const created = await s.create(`${prefix}a`, obj('a', { value: 'one' }));
        let seenRv = '';
        const updated = await s.guaranteedUpdate(`${prefix}a`, {}, (current, info) => {
          assert.ok(current);
          seenRv = info.resourceVersion;
          return { ...current, value: 'two' };
        });
        assert.equal(seenRv, created.metadata.resourceVersion);
        assert.equal(updated.value, 'two');
        assert.ok(Number(updated.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
        assert.deepEqual(await s.get(`${prefix}a`), updated);
      });

      it('writes nothing when tryUpdate returns an equal object', async () => {
        const { prefix, s } = await store('noop');
        const created = await s.create(`${prefix}a`, obj('a', { value: 'one' }));
        const before = await s.currentRevision();
        const same = await s.guaranteedUpdate(`${prefix}a`, {}, (current) => ({ ...current! }));
        assert.equal(same.metadata.resourceVersion, created.metadata.resourceVersion);
        assert.equal(await s.currentRevision(), before);
      });

      it('checks uid and resourceVersion preconditions with Conflict', async () => {
        const { prefix, s } = await store('preconditions');
        const created = await s.create(`${prefix}a`, obj('a'));
        const bump = (current: TestObject | null) => ({ ...current!, value: 'x' });
        await rejectsWith(s.guaranteedUpdate(`${prefix}a`, { preconditions: { uid: 'other' } }, bump), 'Conflict');
        await rejectsWith(
          s.guaranteedUpdate(`${prefix}a`, { preconditions: { resourceVersion: '1' } }, bump),
          'Conflict',
        );
        const ok = await s.guaranteedUpdate(
          `${prefix}a`,
          { preconditions: { uid: 'uid-a', resourceVersion: created.metadata.resourceVersion! } },
          bump,
        );
        assert.equal(ok.value, 'x');
      });

      it('aborts with the error tryUpdate throws and leaves the object as it was', async () => {
        const { prefix, s } = await store('abort');
        const created = await s.create(`${prefix}a`, obj('a', { value: 'one' }));
        const boom = new Error('refused by tryUpdate');
        await assert.rejects(
          s.guaranteedUpdate(`${prefix}a`, {}, () => {
            throw boom;
          }),
          (err) => err === boom,
        );
        assert.deepEqual(await s.get(`${prefix}a`), created);
      });

      it('fails NotFound on a missing key, or creates it with ignoreNotFound', async () => {
        const { prefix, s } = await store('upsert');
        await rejectsWith(s.guaranteedUpdate(`${prefix}a`, {}, () => obj('a')), 'NotFound');
        const made = await s.guaranteedUpdate(`${prefix}a`, { ignoreNotFound: true }, (current) => {
          assert.equal(current, null);
          return obj('a', { value: 'made' });
        });
        assert.equal(made.value, 'made');
        assert.equal((await s.get(`${prefix}a`))?.value, 'made');
      });

      it('ends exact after 50 concurrent increments of one counter', async () => {
        const { prefix, s } = await store('counter');
        const created = await s.create(`${prefix}c`, obj('c', { counter: 0 }));
        await Promise.all(
          Array.from({ length: 50 }, () =>
            s.guaranteedUpdate(`${prefix}c`, {}, async (current) => {
              // Yield so the updates interleave and compare-and-swap has to retry.
              await new Promise((resolve) => setImmediate(resolve));
              return { ...current!, counter: (current!.counter ?? 0) + 1 };
            }),
          ),
        );
        const final = await s.get(`${prefix}c`);
        assert.equal(final?.counter, 50);
        assert.ok(Number(final!.metadata.resourceVersion) >= Number(created.metadata.resourceVersion) + 50);
      });
    });

    describe('delete', () => {
      it('removes the object and returns its last state', async () => {
        const { prefix, s } = await store('delete');
        const created = await s.create(`${prefix}a`, obj('a', { value: 'last' }));
        const deleted = await s.delete(`${prefix}a`);
        assert.equal(deleted.value, 'last');
        assert.equal(deleted.metadata.uid, created.metadata.uid);
        await rejectsWith(s.get(`${prefix}a`), 'NotFound');
        await rejectsWith(s.delete(`${prefix}a`), 'NotFound');
      });

      it('honours preconditions and validateDeletion', async () => {
        const { prefix, s } = await store('delete-pre');
        const created = await s.create(`${prefix}a`, obj('a'));
        await rejectsWith(s.delete(`${prefix}a`, { preconditions: { uid: 'other' } }), 'Conflict');
        await rejectsWith(s.delete(`${prefix}a`, { preconditions: { resourceVersion: '1' } }), 'Conflict');
        const refusal = new Error('not now');
        await assert.rejects(
          s.delete(`${prefix}a`, {
            validateDeletion: () => {
              throw refusal;
            },
          }),
          (err) => err === refusal,
        );
        assert.ok(await s.get(`${prefix}a`));
        await s.delete(`${prefix}a`, { preconditions: { uid: 'uid-a', resourceVersion: created.metadata.resourceVersion! } });
        assert.equal(await s.get(`${prefix}a`, { ignoreNotFound: true }), null);
      });
    });

    describe('list', () => {
      it('lists the prefix sorted by key at the current revision, and nothing outside it', async () => {
        const { prefix, s } = await store('list');
        for (const n of ['c', 'a', 'b']) await s.create(`${prefix}${n}`, obj(n));
        // A sibling whose name extends the prefix's last segment must not leak in.
        const sibling = prefix.slice(0, -1) + 'x/';
        await s.create(`${sibling}z`, obj('z')).catch(() => undefined);
        const listed = await s.list(prefix);
        assert.deepEqual(
          listed.items.map((i) => i.metadata.name),
          ['a', 'b', 'c'],
        );
        const listRv = Number(listed.resourceVersion);
        for (const item of listed.items) assert.ok(Number(item.metadata.resourceVersion) <= listRv);
        assert.equal(listed.continue, undefined);
        assert.equal((await s.list(prefix, { resourceVersion: '0' })).items.length, 3);
      });

      it('filters by label and field selectors, also across pages', async () => {
        const { prefix, s } = await store('select');
        for (let i = 0; i < 30; i++) {
          await s.create(`${prefix}item-${String(i).padStart(2, '0')}`, {
            metadata: { name: `item-${String(i).padStart(2, '0')}`, labels: { parity: i % 2 ? 'odd' : 'even', tier: i < 10 ? 'a' : 'b' } },
          });
        }
        const even = makePredicate<TestObject>({ labelSelector: 'parity=even,tier in (b)' });
        const all = await s.list(prefix, { predicate: even });
        assert.deepEqual(
          all.items.map((i) => i.metadata.name),
          [10, 12, 14, 16, 18, 20, 22, 24, 26, 28].map((i) => `item-${i}`),
        );
        assert.equal(all.remainingItemCount, undefined);
        const byName = await s.list(prefix, { predicate: makePredicate<TestObject>({ fieldSelector: 'metadata.name=item-07' }) });
        assert.deepEqual(byName.items.map((i) => i.metadata.name), ['item-07']);
        const notName = await s.list(prefix, {
          predicate: makePredicate<TestObject>({ fieldSelector: 'metadata.name!=item-07', labelSelector: '!parity' }),
        });
        assert.equal(notName.items.length, 0);

        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        let pageRv: string | undefined;
        do {
          const page = await s.list(prefix, { predicate: even, limit: 3, ...(token ? { continue: token } : {}) });
          assert.ok(page.items.length <= 3);
          pageRv ??= page.resourceVersion;
          assert.equal(page.resourceVersion, pageRv, 'pages of one list share its revision');
          seen.push(...page.items.map((i) => i.metadata.name));
          token = page.continue;
          pages++;
        } while (token && pages < 20);
        assert.deepEqual(seen, all.items.map((i) => i.metadata.name));
      });

      it('paginates 10k keys at one fixed revision with continue tokens', { timeout: 180_000 }, async () => {
        const { prefix, s } = await store('page10k');
        const total = 10_000;
        const names = Array.from({ length: total }, (_, i) => `obj-${String(i).padStart(5, '0')}`);
        await runLimited(total, 64, (i) => s.create(`${prefix}${names[i]}`, obj(names[i]!, { value: 'v1' })));

        const first = await s.list(prefix, { limit: 700 });
        assert.equal(first.items.length, 700);
        assert.equal(first.remainingItemCount, total - 700);
        assert.ok(first.continue);
        const listRv = first.resourceVersion;
        // Writes after the first page must not show in later pages.
        await s.create(`${prefix}obj-00000-late`, obj('obj-00000-late'));
        await s.create(`${prefix}zzz-late`, obj('zzz-late'));
        await s.guaranteedUpdate(`${prefix}${names[total - 1]}`, {}, (c) => ({ ...c!, value: 'v2' }));
        await s.delete(`${prefix}${names[total - 2]}`);

        const seen = first.items.map((i) => i.metadata.name);
        let token: string | undefined = first.continue;
        let remaining: number | undefined = first.remainingItemCount;
        while (token) {
          const page = await s.list(prefix, { limit: 700, continue: token });
          assert.equal(page.resourceVersion, listRv, 'every page is read at the first page revision');
          seen.push(...page.items.map((i) => i.metadata.name));
          if (page.continue) assert.equal(page.remainingItemCount, remaining! - page.items.length);
          remaining = page.remainingItemCount;
          token = page.continue;
          if (!token) {
            const last = page.items.at(-1)!;
            assert.equal(last.value, 'v1', 'the update after the first page is invisible at its revision');
          }
        }
        assert.deepEqual(seen, names);
        const now = await s.list(prefix);
        assert.equal(now.items.length, total + 1);
      });

      it('reads an old state with resourceVersionMatch=Exact and refuses a future NotOlderThan', async () => {
        const { prefix, s } = await store('exact');
        const a = await s.create(`${prefix}a`, obj('a', { value: 'old' }));
        await s.create(`${prefix}b`, obj('b'));
        await s.guaranteedUpdate(`${prefix}a`, {}, (c) => ({ ...c!, value: 'new' }));
        const old = await s.list(prefix, { resourceVersion: a.metadata.resourceVersion!, resourceVersionMatch: 'Exact' });
        assert.equal(old.resourceVersion, a.metadata.resourceVersion);
        assert.deepEqual(old.items.map((i) => [i.metadata.name, i.value]), [['a', 'old']]);
        const newer = await s.list(prefix, { resourceVersion: a.metadata.resourceVersion!, resourceVersionMatch: 'NotOlderThan' });
        assert.ok(Number(newer.resourceVersion) >= Number(a.metadata.resourceVersion));
        assert.equal(newer.items.length, 2);
        const future = String((await s.currentRevision()) + 1000);
        await rejectsWith(s.list(prefix, { resourceVersion: future, resourceVersionMatch: 'NotOlderThan' }), 'Timeout');
        await rejectsWith(s.list(prefix, { continue: 'not-a-token' }), 'Invalid');
      });
    });

    describe('watch', () => {
      it('delivers every change after N in order, exactly once, under concurrent writers', async () => {
        const { prefix, s } = await store('watch-order');
        const start = await s.currentRevision();
        const reader = new WatchReader(s.watch(prefix, { resourceVersion: String(start), recursive: true }));
        const writers = 4;
        const perWriter = 40;
        const acked: number[] = [];
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            const key = `${prefix}w${w}`;
            acked.push(Number((await s.create(key, obj(`w${w}`, { counter: 0 }))).metadata.resourceVersion));
            for (let i = 1; i < perWriter; i++) {
              const updated = await s.guaranteedUpdate(key, {}, (c) => ({ ...c!, counter: i }));
              acked.push(Number(updated.metadata.resourceVersion));
            }
          }),
        );
        const events = await reader.take(writers * perWriter, 20_000);
        await reader.expectQuiet(300);
        reader.stop();
        const revisions = events.map(rvOf);
        for (let i = 1; i < revisions.length; i++) assert.ok(revisions[i]! > revisions[i - 1]!, 'revisions strictly increase');
        assert.deepEqual(revisions, [...acked].sort((x, y) => x - y));
        assert.ok(revisions[0]! > start);
        const perKey = new Map<string, number[]>();
        for (const e of events.filter(isObjectEvent)) {
          const list = perKey.get(e.object.metadata.name) ?? [];
          list.push(e.object.counter ?? -1);
          perKey.set(e.object.metadata.name, list);
          assert.equal(e.type, e.object.counter === 0 ? 'ADDED' : 'MODIFIED');
        }
        for (const counters of perKey.values()) assert.deepEqual(counters, Array.from({ length: perWriter }, (_, i) => i));
      });

      it('watches a single key when not recursive, and DELETED carries the last state', async () => {
        const { prefix, s } = await store('watch-key');
        const start = await s.currentRevision();
        const reader = new WatchReader(s.watch(`${prefix}a`, { resourceVersion: String(start), recursive: false }));
        await s.create(`${prefix}ab`, obj('ab'));
        await s.create(`${prefix}a`, obj('a', { value: 'one' }));
        await s.create(`${prefix}b`, obj('b'));
        await s.guaranteedUpdate(`${prefix}a`, {}, (c) => ({ ...c!, value: 'two' }));
        await s.delete(`${prefix}a`);
        const rvAfterDelete = await s.currentRevision();
        const events = await reader.take(3);
        assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
        const deleted = events[2]!;
        assert.ok(isObjectEvent(deleted));
        assert.equal(deleted.object.value, 'two');
        assert.equal(Number(deleted.object.metadata.resourceVersion), rvAfterDelete, 'DELETED carries the deletion revision');
        await reader.expectQuiet(200);
        reader.stop();
      });

      it('starts with ADDED for existing objects when resourceVersion is unset or 0', async () => {
        const { prefix, s } = await store('watch-initial');
        await s.create(`${prefix}a`, obj('a'));
        await s.create(`${prefix}b`, obj('b'));
        for (const resourceVersion of [undefined, '0']) {
          const reader = new WatchReader(s.watch(prefix, { recursive: true, ...(resourceVersion ? { resourceVersion } : {}) }));
          const initial = await reader.take(2);
          assert.deepEqual(initial.map((e) => e.type).sort(), ['ADDED', 'ADDED']);
          assert.deepEqual(initial.filter(isObjectEvent).map((e) => e.object.metadata.name).sort(), ['a', 'b']);
          await s.create(`${prefix}c-${resourceVersion ?? 'unset'}`, obj(`c-${resourceVersion ?? 'unset'}`));
          const [added] = await reader.take(1);
          assert.equal(added!.type, 'ADDED');
          reader.stop();
        }
        const quiet = new WatchReader(s.watch(prefix, { recursive: true, sendInitialEvents: false }));
        await quiet.expectQuiet(300);
        quiet.stop();
      });

      it('sends initial events, then an initial-events-end bookmark, then changes (watch-list)', async () => {
        const { prefix, s } = await store('watch-list');
        for (const n of ['a', 'b', 'c']) await s.create(`${prefix}${n}`, obj(n));
        const reader = new WatchReader(
          s.watch(prefix, { recursive: true, sendInitialEvents: true, allowBookmarks: true, resourceVersion: '' }),
        );
        const names: string[] = [];
        let end: WatchEvent<TestObject> | undefined;
        while (!end) {
          const e = await reader.expectEvent();
          if (e.type === 'BOOKMARK' && e.initialEventsEnd) end = e;
          else if (isObjectEvent(e)) {
            assert.equal(e.type, 'ADDED');
            names.push(e.object.metadata.name);
          }
        }
        assert.deepEqual(names.sort(), ['a', 'b', 'c']);
        assert.ok(end.type === 'BOOKMARK' && Number(end.resourceVersion) >= 1);
        await s.guaranteedUpdate(`${prefix}b`, {}, (c) => ({ ...c!, value: 'changed' }));
        const [modified] = await reader.take(1);
        assert.equal(modified!.type, 'MODIFIED');
        assert.ok(rvOf(modified!) > Number((end as { resourceVersion: string }).resourceVersion));
        reader.stop();
      });

      it('turns selector transitions into ADDED and DELETED', async () => {
        const { prefix, s } = await store('watch-predicate');
        const start = await s.currentRevision();
        const reader = new WatchReader(
          s.watch(prefix, {
            recursive: true,
            resourceVersion: String(start),
            predicate: makePredicate<TestObject>({ labelSelector: 'color=blue' }),
          }),
        );
        const key = `${prefix}a`;
        const paint = (color: string) => (c: TestObject | null) => ({ ...c!, metadata: { ...c!.metadata, labels: { color } } });
        await s.create(key, { metadata: { name: 'a', labels: { color: 'red' } } });
        await s.guaranteedUpdate(key, {}, paint('blue'));
        await s.guaranteedUpdate(key, {}, (c) => ({ ...c!, value: 'still blue' }));
        await s.guaranteedUpdate(key, {}, paint('green'));
        await s.guaranteedUpdate(key, {}, (c) => ({ ...c!, value: 'green and changed' }));
        await s.delete(key);
        const events = await reader.take(3);
        assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
        await reader.expectQuiet(300);
        reader.stop();
      });

      it('sends bookmarks when allowed', async () => {
        const { prefix, s } = await store('bookmarks');
        const created = await s.create(`${prefix}a`, obj('a'));
        const reader = new WatchReader(
          s.watch(prefix, { recursive: true, resourceVersion: created.metadata.resourceVersion!, allowBookmarks: true }),
        );
        let bookmark: WatchEvent<TestObject> | 'timeout' | 'end' = 'timeout';
        const deadline = Date.now() + 5000;
        while (Date.now() < deadline) {
          bookmark = await reader.next(deadline - Date.now());
          if (bookmark === 'timeout' || bookmark === 'end' || bookmark.type === 'BOOKMARK') break;
        }
        assert.ok(bookmark !== 'timeout' && bookmark !== 'end', 'a bookmark arrives');
        assert.equal(bookmark.type, 'BOOKMARK');
        assert.ok(rvOf(bookmark) >= Number(created.metadata.resourceVersion));
        reader.stop();
        const silent = new WatchReader(s.watch(prefix, { recursive: true, resourceVersion: created.metadata.resourceVersion! }));
        const event = await silent.next(1200);
        assert.equal(event, 'timeout', 'no bookmarks unless allowed');
        silent.stop();
      });

      it('ends when stopped', async () => {
        const { prefix, s } = await store('watch-stop');
        const watcher = s.watch(prefix, { recursive: true, sendInitialEvents: false });
        const reader = new WatchReader(watcher);
        const pending = reader.next(3000);
        watcher.stop();
        assert.equal(await pending, 'end');
      });
    });

    describe('compaction', () => {
      it('answers Expired for compacted watches, Exact lists and continue tokens', async () => {
        const { prefix, s } = await store('expired');
        for (const n of ['a', 'b', 'c']) await s.create(`${prefix}${n}`, obj(n));
        const page = await s.list(prefix, { limit: 1 });
        assert.ok(page.continue);
        const oldRv = Number(page.resourceVersion);
        const churn = (options.eventRingCapacity ?? 0) + 10;
        for (let i = 0; i < churn; i++) await s.guaranteedUpdate(`${prefix}a`, {}, (c) => ({ ...c!, counter: i }));
        await s.compact(await s.currentRevision());

        const reader = new WatchReader(s.watch(prefix, { recursive: true, resourceVersion: String(oldRv - 1) }));
        const event = await reader.expectEvent();
        assert.equal(event.type, 'ERROR');
        assert.equal(event.type === 'ERROR' && event.error.code, 'Expired');
        assert.equal(await reader.next(2000), 'end', 'the watch ends after its ERROR');

        await rejectsWith(s.list(prefix, { resourceVersion: String(oldRv), resourceVersionMatch: 'Exact' }), 'Expired');
        await rejectsWith(s.list(prefix, { continue: page.continue, limit: 1 }), 'Expired');
        // Latest reads still work after compaction.
        assert.equal((await s.list(prefix)).items.length, 3);
      });
    });
  });
}
