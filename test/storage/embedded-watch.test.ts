// Watch specifics of the embedded store: buffers, catch-up, stop and close. ~1 s.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import { WatchQueue, type StoredObject } from '../../runtime/storage/index.js';
import { WatchReader } from '../conformance/watch-helpers.js';

const obj = (name: string, value = 0) => ({ metadata: { name }, value }) as StoredObject;

describe('embedded storage: watch', () => {
  it('closes a watcher that falls more than watchCapacity events behind, and only that one', async () => {
    const store = await openEmbeddedStorage({ mode: 'memory', watchCapacity: 10 });
    try {
      const start = String(await store.currentRevision());
      const slow = store.watch('/w/', { recursive: true, resourceVersion: start });
      const fast = new WatchReader(store.watch('/w/', { recursive: true, resourceVersion: start }));
      assert.equal(store.stats().watchers, 2);
      for (let i = 0; i < 30; i++) {
        await store.create(`/w/${i}`, obj(`o${i}`));
        await fast.take(1);
      }
      assert.ok(slow instanceof WatchQueue && slow.endReason === 'overflow', 'the slow watcher was cut off');
      assert.equal(store.stats().watchers, 1, 'and released');
      fast.stop();
      assert.equal(store.stats().watchers, 0);
    } finally {
      await store.close();
    }
  });

  it('sends initial state and history catch-up larger than watchCapacity in full', async () => {
    const store = await openEmbeddedStorage({ mode: 'memory', watchCapacity: 5 });
    try {
      const start = String(await store.currentRevision());
      for (let i = 0; i < 50; i++) await store.create(`/h/${String(i).padStart(2, '0')}`, obj(`o${i}`));
      const initial = new WatchReader(store.watch('/h/', { recursive: true }));
      const added = await initial.take(50);
      assert.ok(added.every((e) => e.type === 'ADDED'));
      const history = new WatchReader(store.watch('/h/', { recursive: true, resourceVersion: start }));
      assert.equal((await history.take(50)).length, 50);
      await store.create('/h/live', obj('live'));
      for (const reader of [initial, history]) {
        const [live] = await reader.take(1);
        assert.ok(live!.type === 'ADDED' && live!.object.metadata!.name === 'live');
        reader.stop();
      }
    } finally {
      await store.close();
    }
  });

  it('waits for a future resourceVersion instead of failing, then delivers from it', async () => {
    const store = await openEmbeddedStorage({ mode: 'memory' });
    try {
      const now = await store.currentRevision();
      const reader = new WatchReader(store.watch('/f/', { recursive: true, resourceVersion: String(now + 1) }));
      await store.create('/f/a', obj('a')); // revision now + 1: not after the watch's revision
      await store.create('/f/b', obj('b'));
      const [event] = await reader.take(1);
      assert.ok(event!.type === 'ADDED' && event!.object.metadata!.name === 'b');
      reader.stop();
    } finally {
      await store.close();
    }
  });

  it('ends every watcher on close, and refuses calls after it', async () => {
    const store = await openEmbeddedStorage({ mode: 'memory', bookmarkIntervalMs: 20 });
    const reader = new WatchReader(store.watch('/z/', { recursive: true, allowBookmarks: true, sendInitialEvents: false }));
    const bookmark = await reader.expectEvent();
    assert.equal(bookmark.type, 'BOOKMARK');
    await store.close();
    for (;;) {
      const next = await reader.next(1000);
      if (next === 'end') break;
      assert.ok(next !== 'timeout', 'the watch ended on close');
    }
    await assert.rejects(store.get('/z/a'), /closed/);
    const after = new WatchReader(store.watch('/z/', { recursive: true }));
    const error = await after.expectEvent();
    assert.ok(error.type === 'ERROR' && error.error.code === 'Unavailable');
    await assert.rejects(store.checkHealth());
  });
});
