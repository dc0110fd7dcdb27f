// The append-only log and its group commit. Writes queue records; one committer at a time
// writes every queued record as one frame and fdatasyncs it, then acknowledges them all, so
// writers arriving during an fsync share the next one. When the log grows past a size (or on
// request) the committer starts a new segment and a snapshot of the index at the revision where
// the old segments end; once that snapshot is durable the old segments are deleted.
import { open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory, writeFully } from './fs-sync.js';
import { encodeBatch, type LogRecord } from './log-record.js';
import { snapshotFileName, writeSnapshot, type SnapshotImage } from './snapshot-file.js';

export const segmentFileName = (firstRevision: number): string => `wal-${String(firstRevision).padStart(16, '0')}.log`;

/** The first revision in a segment file name, or undefined when the name is not one. */
export function segmentRevisionOf(name: string): number | undefined {
  const m = /^wal-(\d{16})\.log$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

export interface LogHooks {
  /** Every record up to revision is on disk. */
  onDurable(revision: number): void;
  /** The log can no longer make writes durable. */
  onFatal(err: Error): void;
  /** The index's contents at revision, taken synchronously. */
  capture(revision: number): SnapshotImage;
}

export interface LogStats {
  /** Records acknowledged durable. */
  records: number;
  /** fdatasync calls that made records durable (one per group-commit batch). */
  fsyncs: number;
  /** Snapshots written since open. */
  snapshots: number;
}

interface Pending {
  record: LogRecord;
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface SegmentState {
  firstRevision: number;
  path: string;
}

export class WriteAheadLog {
  private pending: Pending[] = [];
  private inFlight: Pending[] = [];
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};
  private fatal: Error | null = null;
  private closed = false;
  private segmentBytes: number;
  private flushedRevision: number;
  private snapshotRequested = false;
  private snapshotting: Promise<void> | null = null;
  private snapshotWaiters: { revision: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  readonly stats: LogStats = { records: 0, fsyncs: 0, snapshots: 0 };

  private constructor(
    private readonly dir: string,
    private handle: FileHandle,
    /** Segments on disk, oldest first; the last one is being appended to. */
    private segments: SegmentState[],
    segmentBytes: number,
    lastRevision: number,
    private readonly snapshotAfterBytes: number,
    private readonly hooks: LogHooks,
  ) {
    this.segmentBytes = segmentBytes;
    this.flushedRevision = lastRevision;
  }

  /**
   * Opens for appending after recovery. `segments` are the surviving segments, oldest first; when
   * the list is empty a segment starting after lastRevision is created.
   */
  static async open(
    dir: string,
    segments: SegmentState[],
    lastRevision: number,
    snapshotAfterBytes: number,
    hooks: LogHooks,
  ): Promise<WriteAheadLog> {
    const all = segments.slice();
    if (all.length === 0) {
      const firstRevision = lastRevision + 1;
      all.push({ firstRevision, path: join(dir, segmentFileName(firstRevision)) });
    }
    const active = all[all.length - 1]!;
    const handle = await open(active.path, 'a');
    const { size } = await handle.stat();
    if (segments.length === 0) await fsyncDirectory(dir);
    return new WriteAheadLog(dir, handle, all, size, lastRevision, snapshotAfterBytes, hooks);
  }

  get failure(): Error | null {
    return this.fatal;
  }

  /** Resolves once the record is durable; rejects when the log has failed. */
  append(record: LogRecord): Promise<void> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.closed) return Promise.reject(new Error('the log is closed'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      this.kick();
    });
  }

  /** Snapshots the index at the newest durable revision (after queued writes) and truncates the log. */
  snapshotNow(): Promise<void> {
    if (this.fatal) return Promise.reject(this.fatal);
    const revision = this.pending.length > 0 ? this.pending[this.pending.length - 1]!.record.revision : this.flushedRevision;
    return new Promise<void>((resolve, reject) => {
      this.snapshotWaiters.push({ revision, resolve, reject });
      this.snapshotRequested = true;
      this.kick();
    });
  }

  /** Finishes queued writes and a running snapshot, then closes the segment. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.idle;
    await this.snapshotting?.catch(() => {});
    await this.handle.close().catch(() => {});
    this.failWaiters(new Error('the log is closed'));
  }

  private kick(): void {
    if (this.running || this.fatal) return;
    this.running = true;
    this.idle = new Promise((resolve) => {
      this.markIdle = resolve;
    });
    // A microtask later, so writes issued in the same tick join the first batch.
    queueMicrotask(() => void this.commitLoop());
  }

  private async commitLoop(): Promise<void> {
    try {
      while (!this.fatal) {
        if (this.snapshotRequested && this.snapshotting === null) await this.rotateAndSnapshot();
        if (this.pending.length === 0) break;
        const batch = this.pending;
        this.pending = [];
        this.inFlight = batch;
        const frame = encodeBatch(batch.map((p) => p.record));
        await writeFully(this.handle, frame);
        await this.handle.datasync();
        this.stats.fsyncs++;
        this.stats.records += batch.length;
        this.segmentBytes += frame.length;
        this.flushedRevision = batch[batch.length - 1]!.record.revision;
        this.hooks.onDurable(this.flushedRevision);
        this.inFlight = [];
        for (const p of batch) p.resolve();
        if (this.segmentBytes >= this.snapshotAfterBytes && this.snapshotting === null) this.snapshotRequested = true;
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.running = false;
      this.markIdle();
    }
  }

  /** Starts a new segment after the flushed revision and snapshots the index at that revision. */
  private async rotateAndSnapshot(): Promise<void> {
    this.snapshotRequested = false;
    const revision = this.flushedRevision;
    const active = this.segments[this.segments.length - 1]!;
    if (active.firstRevision !== revision + 1 || this.segmentBytes > 0) {
      const next: SegmentState = { firstRevision: revision + 1, path: join(this.dir, segmentFileName(revision + 1)) };
      const handle = await open(next.path, 'a');
      await fsyncDirectory(this.dir);
      const old = this.handle;
      this.handle = handle;
      this.segments.push(next);
      this.segmentBytes = 0;
      await old.close();
    }
    const image = this.hooks.capture(revision);
    this.snapshotting = this.writeSnapshotAndTruncate(image).then(
      () => {
        this.snapshotting = null;
        this.stats.snapshots++;
        const done = this.snapshotWaiters.filter((w) => w.revision <= revision);
        this.snapshotWaiters = this.snapshotWaiters.filter((w) => w.revision > revision);
        for (const w of done) w.resolve();
        if (this.snapshotWaiters.length > 0) this.snapshotRequested = true;
        if (this.snapshotRequested && !this.closed) this.kick();
      },
      (err: unknown) => {
        this.snapshotting = null;
        this.fail(err);
      },
    );
  }

  private async writeSnapshotAndTruncate(image: SnapshotImage): Promise<void> {
    await writeSnapshot(this.dir, image);
    // Every record up to image.revision is in the snapshot: segments that end there can go.
    const keep = this.segments.filter((s) => s.firstRevision > image.revision);
    const drop = this.segments.filter((s) => s.firstRevision <= image.revision);
    this.segments = keep;
    for (const s of drop) await rm(s.path, { force: true });
    await removeOlderSnapshots(this.dir, image.revision);
  }

  private fail(err: unknown): void {
    if (this.fatal) return;
    this.fatal = err instanceof Error ? err : new Error(String(err));
    const pending = [...this.inFlight, ...this.pending];
    this.inFlight = [];
    this.pending = [];
    for (const p of pending) p.reject(this.fatal);
    this.failWaiters(this.fatal);
    this.hooks.onFatal(this.fatal);
  }

  private failWaiters(err: Error): void {
    const waiters = this.snapshotWaiters;
    this.snapshotWaiters = [];
    for (const w of waiters) w.reject(err);
  }
}

async function removeOlderSnapshots(dir: string, revision: number): Promise<void> {
  const keepName = snapshotFileName(revision);
  for (const name of await readdir(dir)) {
    if (name.startsWith('snapshot-') && name.endsWith('.snap') && name < keepName) {
      await rm(join(dir, name), { force: true });
    }
  }
}
