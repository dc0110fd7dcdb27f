// Storage over etcd v3, the way kube-apiserver uses it: etcd's revision is the store's revision,
// an object's resourceVersion is its key's mod_revision, and every write is one transaction
// guarded by a compare on the key's revision.
import type { IRangeResponse, ITxnResponse } from 'etcd3';
import { encodeObject, decodeObject } from '../codec.js';
import {
  alreadyExists,
  checkPreconditions,
  invalid,
  notFound,
  tooLargeResourceVersion,
  unavailable,
} from '../errors.js';
import type {
  DeleteOptions,
  GetOptions,
  HealthChecker,
  ListOptions,
  ListResult,
  Storage,
  StoredObject,
  TryUpdate,
  UpdateOptions,
  Watcher,
  WatchOptions,
} from '../interface.js';
import { ensureNotAhead, parseResourceVersion } from '../resource-version.js';
import { WatchQueue } from '../watch-queue.js';
import { EtcdClient } from './client.js';
import { isCompactedError, isFutureRevisionError, toStorageError } from './errors.js';
import { headerRevision, keyBytes, kvState, type KvState } from './kv.js';
import { listObjects } from './list.js';
import { RangeReader } from './reader.js';
import { EtcdWatch } from './watch.js';

export interface EtcdStorageOptions {
  /** Client URLs, e.g. ['http://127.0.0.1:2379']. */
  endpoints: string[];
  /** Deadline of each etcd call; past it the call fails Unavailable. Default 10 s. */
  requestTimeoutMs?: number;
  /** How often watchers that allow bookmarks get one. Default 60 s. */
  bookmarkIntervalMs?: number;
  /**
   * Events a watcher buffers for its consumer. Beyond half of it etcd is held back until the
   * consumer catches up; a consumer that takes nothing for 3 s while it is full is closed.
   * Default 1000.
   */
  watchCapacity?: number;
  /**
   * Page size of the range reads behind lists without a limit and a watch's initial state, so no
   * single etcd response has to hold a whole huge resource. Default 10,000 (kube's largest page).
   */
  pagingBatch?: number;
}

export class EtcdStorage<T extends StoredObject = StoredObject> implements Storage<T>, HealthChecker {
  private readonly client: EtcdClient;
  private readonly reader: RangeReader;
  private readonly bookmarkIntervalMs: number;
  private readonly watchCapacity: number;
  private readonly pagingBatch: number;
  private readonly watchers = new Set<EtcdWatch<T>>();
  private closed = false;
  /** The newest revision any response has shown; see EtcdWatchConfig.observedRevision. */
  private observedRevision = 0;

  constructor(opts: EtcdStorageOptions) {
    if (opts.endpoints.length === 0) throw new Error('etcd storage needs at least one endpoint');
    this.client = new EtcdClient({ endpoints: opts.endpoints, requestTimeoutMs: opts.requestTimeoutMs ?? 10_000 });
    this.reader = new RangeReader(this.client);
    this.bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 60_000;
    this.watchCapacity = opts.watchCapacity ?? 1000;
    this.pagingBatch = opts.pagingBatch ?? 10_000;
  }

  async get(key: string, opts: GetOptions = {}): Promise<T | null> {
    this.ensureOpen(key);
    const wanted = parseResourceVersion(key, opts.resourceVersion);
    // "0" accepts any revision, so a serializable read (no quorum round) is enough.
    const res = this.observe(await this.reader.range(key, { key: keyBytes(key), serializable: wanted === 0 }));
    if (wanted !== undefined && wanted > 0) ensureNotAhead(key, wanted, headerRevision(res.header));
    const kv = res.kvs[0];
    if (kv === undefined) {
      if (opts.ignoreNotFound) return null;
      throw notFound(key);
    }
    return kvState<T>(kv).obj;
  }

  async list(rawPrefix: string, opts: ListOptions<T> = {}): Promise<ListResult<T>> {
    this.ensureOpen(rawPrefix);
    // "/registry/pods" must not also list "/registry/podsecuritypolicies/...".
    const prefix = rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
    const result = await listObjects(this.reader, prefix, opts, this.pagingBatch);
    this.noteRevision(Number(result.resourceVersion));
    return result;
  }

  async create(key: string, obj: T): Promise<T> {
    this.ensureOpen(key);
    if (obj.metadata?.resourceVersion) {
      throw invalid(key, 'resourceVersion should not be set on objects to be created');
    }
    const data = encodeObject(obj);
    const k = keyBytes(key);
    const res = await this.txn(key, {
      compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key: k, value: Buffer.from(data, 'utf8') } }],
    });
    if (!res.succeeded) throw alreadyExists(key);
    return decodeObject<T>(data, headerRevision(res.header));
  }

  async guaranteedUpdate(key: string, opts: UpdateOptions<T>, tryUpdate: TryUpdate<T>): Promise<T> {
    this.ensureOpen(key);
    const k = keyBytes(key);
    // A cached copy saves the first read; if it proves stale, read and try again before failing.
    let state = opts.cachedExisting ? stateOf(opts.cachedExisting) : await this.read(key);
    let current = opts.cachedExisting === undefined;
    for (;;) {
      if (state === null && !opts.ignoreNotFound) throw notFound(key);
      if (state !== null) {
        const failed = checkPreconditions(key, opts.preconditions, state.obj);
        if (failed) {
          if (!current) {
            [state, current] = [await this.read(key), true];
            continue;
          }
          throw failed;
        }
      }
      let next: T;
      try {
        next = await tryUpdate(state === null ? null : state.obj, { resourceVersion: String(state?.rev ?? 0) });
      } catch (err) {
        if (!current) {
          [state, current] = [await this.read(key), true];
          continue;
        }
        throw err;
      }
      const data = encodeObject(next);
      if (state !== null && data === state.data) {
        if (!current) {
          [state, current] = [await this.read(key), true];
          continue;
        }
        return state.obj;
      }
      const res = await this.txn(key, {
        compare: [
          state === null
            ? { key: k, target: 'Create', result: 'Equal', create_revision: 0 }
            : { key: k, target: 'Mod', result: 'Equal', mod_revision: state.rev },
        ],
        success: [{ request_put: { key: k, value: Buffer.from(data, 'utf8') } }],
        failure: [{ request_range: { key: k } }],
      });
      if (res.succeeded) return decodeObject<T>(data, headerRevision(res.header));
      [state, current] = [stateFromFailure<T>(res), true];
    }
  }

  async delete(key: string, opts: DeleteOptions<T> = {}): Promise<T> {
    this.ensureOpen(key);
    const k = keyBytes(key);
    let state = opts.cachedExisting ? stateOf(opts.cachedExisting) : await this.read(key);
    let current = opts.cachedExisting === undefined;
    for (;;) {
      if (state === null) throw notFound(key);
      const failed = checkPreconditions(key, opts.preconditions, state.obj);
      if (failed) {
        if (!current) {
          [state, current] = [await this.read(key), true];
          continue;
        }
        throw failed;
      }
      if (opts.validateDeletion) {
        try {
          await opts.validateDeletion(state.obj);
        } catch (err) {
          if (!current) {
            [state, current] = [await this.read(key), true];
            continue;
          }
          throw err;
        }
      }
      const res = await this.txn(key, {
        compare: [{ key: k, target: 'Mod', result: 'Equal', mod_revision: state.rev }],
        success: [{ request_delete_range: { key: k, prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      });
      if (res.succeeded) {
        const prev = res.responses[0]?.response_delete_range?.prev_kvs[0];
        const data = prev ? prev.value.toString('utf8') : state.data;
        return decodeObject<T>(data, headerRevision(res.header));
      }
      [state, current] = [stateFromFailure<T>(res), true];
    }
  }

  watch(rawKey: string, opts: WatchOptions<T> = {}): Watcher<T> {
    const key = opts.recursive && !rawKey.endsWith('/') ? `${rawKey}/` : rawKey;
    let startRevision: number | undefined;
    try {
      this.ensureOpen(key);
      startRevision = parseResourceVersion(key, opts.resourceVersion);
    } catch (err) {
      // Like every other watch failure, a bad request arrives as the watch's ERROR event.
      const failed = new WatchQueue<T>({ capacity: 1 });
      failed.push({ type: 'ERROR', error: toStorageError(key, err) });
      failed.close();
      return failed;
    }
    const watch: EtcdWatch<T> = new EtcdWatch<T>({
      client: this.client,
      reader: this.reader,
      key,
      opts,
      startRevision,
      observedRevision: this.observedRevision,
      bookmarkIntervalMs: this.bookmarkIntervalMs,
      capacity: this.watchCapacity,
      pagingBatch: this.pagingBatch,
      onEnd: () => this.watchers.delete(watch),
    });
    this.watchers.add(watch);
    watch.start();
    return watch.queue;
  }

  async currentRevision(): Promise<number> {
    this.ensureOpen('');
    return this.noteRevision(await this.reader.currentRevision(''));
  }

  async compact(revision: number): Promise<void> {
    this.ensureOpen('');
    try {
      await this.client.compact(revision);
      this.reader.noteCompacted(revision);
    } catch (err) {
      // Compacting to a revision already compacted away is done already.
      if (isCompactedError(err)) return;
      if (isFutureRevisionError(err)) {
        throw tooLargeResourceVersion('', revision, await this.reader.currentRevision(''));
      }
      throw toStorageError('', err);
    }
  }

  async checkHealth(): Promise<void> {
    this.ensureOpen('health');
    // A linearizable read needs a leader and a quorum, which is what "healthy" means for etcd.
    await this.reader.range('health', { key: keyBytes('health') });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const watch of [...this.watchers]) watch.queue.stop();
    this.client.close();
  }

  private ensureOpen(key: string): void {
    if (this.closed) throw unavailable(key, new Error('storage is closed'));
  }

  private async read(key: string): Promise<KvState<T> | null> {
    const res = this.observe(await this.reader.range(key, { key: keyBytes(key) }));
    const kv = res.kvs[0];
    return kv === undefined ? null : kvState<T>(kv);
  }

  private async txn(key: string, req: Parameters<EtcdClient['txn']>[0]): Promise<ITxnResponse> {
    try {
      return this.observe(await this.client.txn(req));
    } catch (err) {
      throw toStorageError(key, err);
    }
  }

  private observe<R extends IRangeResponse | ITxnResponse>(res: R): R {
    this.noteRevision(headerRevision(res.header));
    return res;
  }

  private noteRevision(revision: number): number {
    if (revision > this.observedRevision) this.observedRevision = revision;
    return revision;
  }
}

function stateOf<T extends StoredObject>(obj: T): KvState<T> {
  return { obj, data: encodeObject(obj), rev: Number(obj.metadata?.resourceVersion ?? 0) };
}

/** The key's state from a failed transaction's `request_range` (null when it is absent). */
function stateFromFailure<T extends StoredObject>(res: ITxnResponse): KvState<T> | null {
  const kv = res.responses[0]?.response_range?.kvs[0];
  return kv === undefined ? null : kvState<T>(kv);
}
