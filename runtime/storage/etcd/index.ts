// The etcd storage backend: Storage and HealthChecker over etcd v3 (3.4 or newer), laid out the
// way kube-apiserver uses etcd. See storage.ts for reads and writes, watch.ts for watches.
import { EtcdStorage, type EtcdStorageOptions } from './storage.js';
import type { StoredObject } from '../interface.js';

export { EtcdStorage, type EtcdStorageOptions };
/** The configured etcd client, for benchmarks that compare raw etcd calls with the storage's. */
export { EtcdClient, type EtcdClientOptions } from './client.js';

export function createEtcdStorage<T extends StoredObject = StoredObject>(opts: EtcdStorageOptions): EtcdStorage<T> {
  return new EtcdStorage<T>(opts);
}
