// Durability mechanics of the embedded store: group commit, the visibility watermark, and a
// failed fsync. ~1 s.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openEmbeddedStorage, type EmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import { isStorageError } from '../../runtime/storage/index.js';
import { WatchReader } from '../conformance/watch-helpers.js';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function openDurable(): Promise<EmbeddedStorage> {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-commit-'));
  dirs.push(dir);
  return openEmbeddedStorage({ mode: 'durable', dataDir: dir });
}

/** Reaches the log's file handle to make its fdatasync fail, as a dying disk would. */
function breakFsync(store: EmbeddedStorage): void {
  const log = (store as unknown as { log: { handle: { datasync: () => Promise<void> } } }).log;
  log.handle.datasync = () => Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
}

describe('embedded storage: durability', () => {
  it('shares one fsync among concurrent writes (group commit)', async () => {
    const store = await openDurable();
    try {
      await store.create('/gc/first', { metadata: { name: 'first' } });
      const before = store.stats();
      assert.deepEqual([before.writes, before.fsyncs], [1, 1], 'a lone write takes one fsync');
      const created = await Promise.all(
        Array.from({ length: 500 }, (_, i) => store.create(`/gc/${i}`, { metadata: { name: `o${i}` } })),
      );
      const stats = store.stats();
      assert.equal(stats.writes - before.writes, 500);
      const fsyncs = stats.fsyncs - before.fsyncs;
      assert.ok(fsyncs <= 50, `500 concurrent writes took ${fsyncs} fsyncs`);
      const revisions = new Set(created.map((o) => o.metadata!.resourceVersion));
      assert.equal(revisions.size, 500, 'every write got its own revision');
    } finally {
      await store.close();
    }
  });

  it('does not show a write to readers or watchers before it is durable', async () => {
    const store = await openDurable();
    try {
      const start = await store.currentRevision();
      const reader = new WatchReader(store.watch('/v/', { recursive: true, resourceVersion: String(start) }));
      const pending = store.create('/v/a', { metadata: { name: 'a' } });
      // The write is in the index already (a second create would conflict) but not yet fsynced.
      assert.equal(await store.get('/v/a', { ignoreNotFound: true }), null);
      assert.equal((await store.list('/v/')).items.length, 0);
      assert.equal(await store.currentRevision(), start);
      const conflicting = store.create('/v/a', { metadata: { name: 'a' } });
      const created = await pending;
      await assert.rejects(conflicting, (err) => isStorageError(err, 'AlreadyExists'));
      assert.deepEqual(await store.get('/v/a'), created);
      const [added] = await reader.take(1);
      assert.equal(added!.type, 'ADDED');
      reader.stop();
    } finally {
      await store.close();
    }
  });

  it('treats a failed fsync as fatal: the write is not acknowledged, later writes and health fail', async () => {
    const store = await openDurable();
    try {
      const kept = await store.create('/f/kept', { metadata: { name: 'kept' } });
      const watcher = new WatchReader(store.watch('/f/', { recursive: true, resourceVersion: kept.metadata!.resourceVersion! }));
      await store.checkHealth();
      breakFsync(store);
      await assert.rejects(store.create('/f/lost', { metadata: { name: 'lost' } }), (err) => isStorageError(err, 'Unavailable'));
      assert.equal(await store.get('/f/lost', { ignoreNotFound: true }), null, 'the unacknowledged write stays invisible');
      await assert.rejects(store.checkHealth(), (err) => isStorageError(err, 'Unavailable'));
      await assert.rejects(
        store.guaranteedUpdate('/f/kept', {}, (c) => ({ ...c! })),
        (err) => isStorageError(err, 'Unavailable'),
      );
      await assert.rejects(store.delete('/f/kept'), (err) => isStorageError(err, 'Unavailable'));
      assert.deepEqual(await store.get('/f/kept'), kept, 'durable data stays readable');
      const event = await watcher.expectEvent();
      assert.ok(event.type === 'ERROR' && event.error.code === 'Unavailable', 'watchers are told');
      assert.equal(await watcher.next(1000), 'end');
    } finally {
      await store.close();
    }
  });
});
