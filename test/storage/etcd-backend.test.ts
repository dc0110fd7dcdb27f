// etcd-specific behaviour of the etcd storage backend (the shared semantics are in the
// conformance suite): how objects and revisions map onto etcd keys, internal paging, revision
// errors, and watcher capacity. One etcd for the file; about 2 s.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Etcd3 } from 'etcd3';
import { createEtcdStorage, type EtcdStorage } from '../../runtime/storage/etcd/index.js';
import { isStorageError, WatchQueue, type StoredObject } from '../../runtime/storage/index.js';
import { WatchReader, rvOf } from '../conformance/watch-helpers.js';
import { startEtcd, type EtcdProcess } from '../support/etcd-process.js';

interface Obj extends StoredObject {
  metadata: { name: string; resourceVersion?: string; labels?: Record<string, string> };
  value?: string;
}

const obj = (name: string, value = 'v'): Obj => ({ metadata: { name }, value });

async function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isStorageError(err), `not a StorageError: ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe('etcd backend', { timeout: 60_000 }, () => {
  let etcd: EtcdProcess;
  let storage: EtcdStorage<Obj>;
  let raw: Etcd3;
  let n = 0;
  const prefix = () => `/registry/etcd-backend/t${++n}/`;

  before(async () => {
    etcd = await startEtcd();
    storage = createEtcdStorage<Obj>({ endpoints: etcd.endpoints, pagingBatch: 3 });
    raw = new Etcd3({ hosts: etcd.endpoints });
  });
  after(async () => {
    raw?.close();
    await storage?.close();
    await etcd?.cleanup();
  });

  it('stores JSON without resourceVersion; resourceVersion is the key mod_revision', async () => {
    const p = prefix();
    const created = await storage.create(`${p}a`, obj('a', 'one'));
    const stored = JSON.parse((await raw.get(`${p}a`).string()) ?? 'null') as Obj;
    assert.deepEqual(stored, { metadata: { name: 'a' }, value: 'one' });
    const [kv] = (await raw.get(`${p}a`).exec()).kvs;
    assert.equal(created.metadata.resourceVersion, kv!.mod_revision);
    const updated = await storage.guaranteedUpdate(`${p}a`, {}, (c) => ({ ...c!, value: 'two' }));
    const [kv2] = (await raw.get(`${p}a`).exec()).kvs;
    assert.equal(updated.metadata.resourceVersion, kv2!.mod_revision);
    assert.equal(kv2!.create_revision, kv!.create_revision);
    // A list's resourceVersion is etcd's revision at the read, not its newest item's.
    await raw.put('/elsewhere/bump').value('x');
    const listed = await storage.list(p);
    const { header } = await raw.get('/elsewhere/bump').exec();
    assert.equal(listed.resourceVersion, header.revision);
    assert.equal(await storage.currentRevision(), Number(header.revision));
  });

  it('sees writes made by other etcd clients, and fails their keys with the right codes', async () => {
    const p = prefix();
    await raw.put(`${p}x`).value(JSON.stringify(obj('x', 'raw')));
    const got = await storage.get(`${p}x`);
    assert.equal(got?.value, 'raw');
    await rejectsWith(storage.create(`${p}x`, obj('x')), 'AlreadyExists');
    // A compare-and-swap that loses to another writer re-reads and runs tryUpdate again.
    let calls = 0;
    const updated = await storage.guaranteedUpdate(`${p}x`, {}, async (c) => {
      calls++;
      if (calls === 1) await raw.put(`${p}x`).value(JSON.stringify(obj('x', 'interloper')));
      return { ...c!, value: `${c!.value}+mine` };
    });
    assert.equal(calls, 2);
    assert.equal(updated.value, 'interloper+mine');
  });

  it('answers Internal, never crashes, for a value another client stored that is not an object', async () => {
    const p = prefix();
    const start = await storage.currentRevision();
    const reader = new WatchReader(storage.watch(p, { recursive: true, resourceVersion: String(start) }));
    await raw.put(`${p}junk`).value('not json');
    await rejectsWith(storage.get(`${p}junk`), 'Internal', /cannot decode/);
    await rejectsWith(storage.list(p), 'Internal', /cannot decode/);
    const event = await reader.expectEvent();
    assert.ok(event.type === 'ERROR' && event.error.code === 'Internal', 'ERROR Internal');
    assert.equal(await reader.next(), 'end');
    await raw.delete().key(`${p}junk`);
  });

  it('reads big lists in pages at one revision (pagingBatch 3)', async () => {
    const p = prefix();
    for (let i = 0; i < 11; i++) await storage.create(`${p}k${String(i).padStart(2, '0')}`, obj(`k${i}`));
    const [listed] = await Promise.all([
      storage.list(p),
      // Writes racing the paged read must not leak into it.
      (async () => {
        for (let i = 0; i < 5; i++) await raw.delete().key(`${p}k${String(10 - i).padStart(2, '0')}`);
      })(),
    ]);
    const exact = await storage.list(p, { resourceVersion: listed.resourceVersion, resourceVersionMatch: 'Exact' });
    assert.deepEqual(listed.items, exact.items);
    assert.ok(listed.items.length >= 6 && listed.items.length <= 11);
    // With a selector and a limit the scan continues past non-matching pages.
    await storage.create(`${p}z-match`, { metadata: { name: 'z', labels: { pick: 'yes' } } });
    const { makePredicate } = await import('../../runtime/selection/index.js');
    const page = await storage.list(p, { limit: 1, predicate: makePredicate<Obj>({ labelSelector: 'pick=yes' }) });
    assert.deepEqual(page.items.map((i) => i.metadata.name), ['z']);
    assert.equal(page.continue, undefined);
  });

  it('maps future revisions to Timeout and compacted ones to Expired', async () => {
    const p = prefix();
    const a = await storage.create(`${p}a`, obj('a'));
    await storage.create(`${p}b`, obj('b'));
    const page = await storage.list(p, { limit: 1 });
    assert.ok(page.continue);
    const future = String((await storage.currentRevision()) + 100);
    await rejectsWith(storage.get(`${p}a`, { resourceVersion: future }), 'Timeout', /^Too large resource version/);
    await rejectsWith(
      storage.list(p, { resourceVersion: future, resourceVersionMatch: 'Exact' }),
      'Timeout',
      /^Too large resource version/,
    );
    await rejectsWith(storage.compact(Number(future)), 'Timeout');

    await storage.guaranteedUpdate(`${p}a`, {}, (c) => ({ ...c!, value: 'later' }));
    const compactTo = await storage.currentRevision();
    await storage.compact(compactTo);
    await storage.compact(compactTo - 1); // already compacted past it: nothing to do
    await rejectsWith(storage.list(p, { resourceVersion: a.metadata.resourceVersion!, resourceVersionMatch: 'Exact' }), 'Expired');
    await rejectsWith(storage.list(p, { continue: page.continue!, limit: 1 }), 'Expired');
    const reader = new WatchReader(storage.watch(p, { recursive: true, resourceVersion: a.metadata.resourceVersion! }));
    const event = await reader.expectEvent();
    assert.equal(event.type, 'ERROR');
    assert.ok(event.type === 'ERROR' && event.error.code === 'Expired');
    assert.equal(event.type === 'ERROR' && event.error.currentRevision, compactTo);
    assert.equal(await reader.next(2000), 'end');
    // The compacted revision itself is still readable.
    const atCompaction = await storage.list(p, { resourceVersion: String(compactTo), resourceVersionMatch: 'Exact' });
    assert.equal(atCompaction.items.length, 2);
  });

  it('delivers a multi-key transaction (one revision, several events) completely', async () => {
    const p = prefix();
    const start = await storage.currentRevision();
    const reader = new WatchReader(storage.watch(p, { recursive: true, resourceVersion: String(start) }));
    await raw
      .if(`${p}a`, 'Create', '==', 0)
      .then(raw.put(`${p}a`).value(JSON.stringify(obj('a'))), raw.put(`${p}b`).value(JSON.stringify(obj('b'))))
      .commit();
    await storage.create(`${p}c`, obj('c'));
    const events = await reader.take(3);
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'ADDED', 'ADDED']);
    assert.equal(rvOf(events[0]!), rvOf(events[1]!));
    assert.equal(rvOf(events[2]!), rvOf(events[0]!) + 1);
    reader.stop();
  });

  it('holds etcd back for a slow watcher, and closes one that stops reading (about 3 s)', async () => {
    const small = createEtcdStorage<Obj>({ endpoints: etcd.endpoints, watchCapacity: 8, pagingBatch: 3 });
    try {
      const p = prefix();
      const start = await small.currentRevision();
      for (let i = 0; i < 40; i++) await small.create(`${p}k${String(i).padStart(2, '0')}`, obj(`k${i}`));
      // 40 events of history against a buffer of 8: a consumer that keeps reading gets them all.
      const slow = new WatchReader(small.watch(p, { recursive: true, resourceVersion: String(start) }));
      const all = await slow.take(40);
      assert.deepEqual(all.map(rvOf), Array.from({ length: 40 }, (_, i) => start + 1 + i));
      slow.stop();
      // An initial state five times the buffer is paced, not overflowed (pagingBatch 3 here).
      const listing = new WatchReader(small.watch(p, { recursive: true, sendInitialEvents: true, allowBookmarks: true }));
      const initial = await listing.take(40);
      assert.deepEqual(initial.map((e) => e.type), initial.map(() => 'ADDED'));
      const end = await listing.expectEvent();
      assert.ok(end.type === 'BOOKMARK' && end.initialEventsEnd, 'initial-events-end bookmark');
      listing.stop();
      // Nobody reads this one: it is closed after what it had buffered, never more than 8.
      const stuck = small.watch(p, { recursive: true, resourceVersion: String(start) });
      assert.ok(stuck instanceof WatchQueue);
      for (let waited = 0; !stuck.isClosed && waited < 20_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(stuck.isClosed, 'the stuck watcher was closed');
      const reader = new WatchReader(stuck);
      const got: number[] = [];
      for (let e = await reader.next(5000); e !== 'end'; e = await reader.next(5000)) {
        assert.notEqual(e, 'timeout');
        if (e !== 'timeout') got.push(rvOf(e));
      }
      assert.ok(got.length > 0 && got.length <= 8, `buffered ${got.length}`);
      assert.deepEqual(got, Array.from({ length: got.length }, (_, i) => start + 1 + i));
    } finally {
      await small.close();
    }
  });

  it('ends every watcher and refuses calls once closed', async () => {
    const other = createEtcdStorage<Obj>({ endpoints: etcd.endpoints });
    const reader = new WatchReader(other.watch('/registry/etcd-backend/', { recursive: true, sendInitialEvents: false }));
    await other.close();
    assert.equal(await reader.next(2000), 'end');
    await rejectsWith(other.get('/registry/etcd-backend/x'), 'Unavailable');
  });
});
