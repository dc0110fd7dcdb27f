// The shared storage conformance suite over the embedded backend, in memory and durable.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import { typedStorage } from '../../runtime/storage/index.js';
import { runStorageConformance, type TestObject } from '../conformance/storage-suite.js';

runStorageConformance('embedded (memory)', {
  async open() {
    const storage = await openEmbeddedStorage({ mode: 'memory', bookmarkIntervalMs: 200 });
    return {
      storageFor: async () => typedStorage<TestObject>(storage),
      close: () => storage.close(),
    };
  },
});

runStorageConformance('embedded (durable)', {
  async open() {
    const dataDir = await mkdtemp(join(tmpdir(), 'capstan-conformance-'));
    const storage = await openEmbeddedStorage({ mode: 'durable', dataDir, bookmarkIntervalMs: 200 });
    return {
      storageFor: async () => typedStorage<TestObject>(storage),
      close: async () => {
        await storage.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
});
