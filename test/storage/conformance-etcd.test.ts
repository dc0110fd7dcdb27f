// The shared storage conformance suite over the etcd backend, against a real etcd process.
import { createEtcdStorage } from '../../runtime/storage/etcd/index.js';
import { typedStorage } from '../../runtime/storage/index.js';
import { runStorageConformance, type TestObject } from '../conformance/storage-suite.js';
import { startEtcd } from '../support/etcd-process.js';

runStorageConformance('etcd', {
  async open() {
    const etcd = await startEtcd();
    const storage = createEtcdStorage({ endpoints: etcd.endpoints, bookmarkIntervalMs: 200 });
    return {
      storageFor: async () => typedStorage<TestObject>(storage),
      close: async () => {
        await storage.close();
        await etcd.cleanup();
      },
    };
  },
});
