// The embedded storage backend (Capstan's default): an in-memory MVCC index, durable through an
// fsynced append-only log with group commit, snapshots and a bounded history window.
import { mkdir } from 'node:fs/promises';
import { internal, invalid, StorageError, unavailable } from '../errors.js';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';
import { EmbeddedStorage } from './embedded-storage.js';
import { MvccIndex } from './mvcc-index.js';
import { recover } from './recovery.js';
import { WriteAheadLog } from './write-ahead-log.js';

export { EmbeddedStorage, type EmbeddedStats } from './embedded-storage.js';
export { CorruptDataError } from './frame.js';
export { DataDirLockedError, LOCK_FILE } from './data-dir-lock.js';
export { MvccIndex, type KeyVersion, type Change } from './mvcc-index.js';

export interface EmbeddedStorageOptions {
  /** 'memory': explicit non-durable mode for tests. 'durable': append-only log in dataDir. */
  mode: 'memory' | 'durable';
  /** Required for durable. */
  dataDir?: string;
  /** History kept for old reads and watches; default 5 minutes (kube-apiserver's compaction interval). */
  compactionWindowMs?: number;
  /** How often the compactor runs; default the window. */
  compactionIntervalMs?: number;
  /** Log bytes since the last snapshot that trigger a snapshot and log truncation; default 64 MiB. */
  snapshotAfterBytes?: number;
  /** Bookmark period for watchers that allow bookmarks; default 60 s. */
  bookmarkIntervalMs?: number;
  /** Events a watcher may fall behind before it is closed; default 1000. */
  watchCapacity?: number;
}

const DEFAULT_WINDOW_MS = 5 * 60_000;
const DEFAULT_SNAPSHOT_BYTES = 64 * 1024 * 1024;

export async function openEmbeddedStorage(opts: EmbeddedStorageOptions): Promise<EmbeddedStorage> {
  const compactionWindowMs = positive('compactionWindowMs', opts.compactionWindowMs, DEFAULT_WINDOW_MS);
  const settings = {
    compactionWindowMs,
    compactionIntervalMs: positive('compactionIntervalMs', opts.compactionIntervalMs, compactionWindowMs),
    bookmarkIntervalMs: positive('bookmarkIntervalMs', opts.bookmarkIntervalMs, 60_000),
    watchCapacity: positive('watchCapacity', opts.watchCapacity, 1000),
  };
  if (opts.mode === 'memory') return new EmbeddedStorage(new MvccIndex(), settings);
  if (opts.mode !== 'durable') throw invalid('', `unknown embedded storage mode ${JSON.stringify(opts.mode)}`);
  const dataDir = opts.dataDir;
  if (dataDir === undefined || dataDir === '') throw invalid('', 'durable embedded storage needs a dataDir');
  const snapshotAfterBytes = positive('snapshotAfterBytes', opts.snapshotAfterBytes, DEFAULT_SNAPSHOT_BYTES);

  let release: () => void;
  try {
    await mkdir(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  } catch (err) {
    throw err instanceof DataDirLockedError ? unavailable(dataDir, err) : internal(dataDir, err);
  }
  let store: EmbeddedStorage | undefined;
  try {
    const recovered = await recover(dataDir);
    store = new EmbeddedStorage(recovered.index, settings, release, dataDir);
    const log = await WriteAheadLog.open(dataDir, recovered.segments, recovered.index.latest, snapshotAfterBytes, store.logHooks());
    store.attachLog(log);
    return store;
  } catch (err) {
    if (store !== undefined) await store.close().catch(() => {});
    else release();
    if (err instanceof StorageError) throw err;
    // A CorruptDataError's message names the file and byte offset; the StorageError carries it.
    throw internal(dataDir, err);
  }
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw invalid('', `${name} must be a positive number, got ${value}`);
  return value;
}
