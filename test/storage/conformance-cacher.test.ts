// The shared storage conformance suite over the watch cache, in front of each backend.
import { createWatchCache, type WatchCache } from '../../runtime/storage/cacher/index.js';
import { openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import { createEtcdStorage } from '../../runtime/storage/etcd/index.js';
import type { Storage } from '../../runtime/storage/index.js';
import { runStorageConformance, type TestObject } from '../conformance/storage-suite.js';
import { startEtcd } from '../support/etcd-process.js';

const RING = 100;

function cachesOver(backend: Storage) {
  const caches: WatchCache<TestObject>[] = [];
  return {
    async storageFor(prefix: string) {
      const cache = await createWatchCache<TestObject>({ backend, prefix, eventCapacity: RING, bookmarkIntervalMs: 200 });
      caches.push(cache);
      return cache;
    },
    async closeCaches() {
      await Promise.all(caches.map((c) => c.close()));
    },
  };
}

runStorageConformance('watch cache over embedded', {
  eventRingCapacity: RING,
  async open() {
    const backend = await openEmbeddedStorage({ mode: 'memory', bookmarkIntervalMs: 200 });
    const caches = cachesOver(backend);
    return {
      storageFor: caches.storageFor,
      close: async () => {
        await caches.closeCaches();
        await backend.close();
      },
    };
  },
});

runStorageConformance('watch cache over etcd', {
  eventRingCapacity: RING,
  async open() {
    const etcd = await startEtcd();
    const backend = createEtcdStorage({ endpoints: etcd.endpoints, bookmarkIntervalMs: 200 });
    const caches = cachesOver(backend);
    return {
      storageFor: caches.storageFor,
      close: async () => {
        await caches.closeCaches();
        await backend.close();
        await etcd.cleanup();
      },
    };
  },
});
