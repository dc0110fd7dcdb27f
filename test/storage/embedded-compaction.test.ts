// History compaction in the embedded store: the periodic window and explicit compact(). ~1 s.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import { isStorageError, type StoredObject } from '../../runtime/storage/index.js';
import { WatchReader } from '../conformance/watch-helpers.js';

interface Item extends StoredObject {
  value?: number;
}

const rv = (obj: StoredObject) => Number(obj.metadata!.resourceVersion);

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (err) => isStorageError(err) && err.code === code);
}

describe('embedded storage: compaction', () => {
  it('compacts to the revision that was current one window ago, not to the newest', async () => {
    const store = await openEmbeddedStorage({ mode: 'memory', compactionWindowMs: 200, compactionIntervalMs: 50 });
    try {
      const a = await store.create('/c/a', { metadata: { name: 'a' } });
      const deadline = Date.now() + 5000;
      while (store.compactedRevision() < rv(a) && Date.now() < deadline) await sleep(25);
      assert.equal(store.compactedRevision(), rv(a), 'the window passed: history up to a is compacted');
      const b = await store.guaranteedUpdate('/c/a', {}, (c) => ({ ...c!, value: 1 }) as Item);
      await sleep(60); // at least one compactor tick: it must keep b's revision, which is younger than the window
      assert.ok(store.compactedRevision() < rv(b), 'a revision younger than the window is not compacted');
      const reader = new WatchReader(store.watch('/c/', { recursive: true, resourceVersion: String(rv(a)) }));
      const [modified] = await reader.take(1);
      assert.equal(modified!.type, 'MODIFIED');
      reader.stop();
      const tooOld = new WatchReader(store.watch('/c/', { recursive: true, resourceVersion: String(rv(a) - 1) }));
      const event = await tooOld.expectEvent();
      assert.ok(event.type === 'ERROR' && event.error.code === 'Expired');
    } finally {
      await store.close();
    }
  });

  it('compact(rev) keeps the state at rev and forgets what came before', async () => {
    const store = await openEmbeddedStorage({ mode: 'memory' });
    try {
      const keep = await store.create('/x/keep', { metadata: { name: 'keep' } });
      await store.create('/x/gone', { metadata: { name: 'gone' } });
      await store.delete('/x/gone');
      let last = await store.create('/x/busy', { metadata: { name: 'busy' }, value: 0 } as Item);
      for (let i = 1; i <= 20; i++) last = await store.guaranteedUpdate('/x/busy', {}, (c) => ({ ...c!, value: i }) as Item);
      const mid = rv(last) - 5;
      await store.compact(mid);
      assert.equal(store.compactedRevision(), mid);
      const atMid = await store.list('/x/', { resourceVersion: String(mid), resourceVersionMatch: 'Exact' });
      assert.deepEqual(
        atMid.items.map((i) => [i.metadata!.name, (i as Item).value]),
        [
          ['busy', 15],
          ['keep', undefined],
        ],
      );
      assert.deepEqual(atMid.items[1], keep, 'an untouched key keeps its version across compaction');
      await expectCode(store.list('/x/', { resourceVersion: String(mid - 1), resourceVersionMatch: 'Exact' }), 'Expired');
      const reader = new WatchReader(store.watch('/x/busy', { resourceVersion: String(mid) }));
      const events = await reader.take(5);
      assert.deepEqual(events.map((e) => (e.type === 'MODIFIED' ? (e.object as Item).value : e.type)), [16, 17, 18, 19, 20]);
      reader.stop();
      await store.compact(mid - 3); // older than the compacted revision: nothing to do
      assert.equal(store.compactedRevision(), mid);
      await expectCode(store.compact((await store.currentRevision()) + 10), 'Timeout');
    } finally {
      await store.close();
    }
  });
});
