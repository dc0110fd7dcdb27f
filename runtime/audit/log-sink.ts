// The log backend: one JSON event per line, appended in order. Events are encoded when written
// and queued; the queue goes out in batches (one write call per batch, never one per event)
// so auditing does not stall the event loop. Rotation and pruning follow lumberjack's rules.
import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { encodeEvent } from './encode.js';
import { freeBackupPath, maxSizeBytes, pruneBackups } from './rotation.js';
import type { AuditSink } from './sink.js';
import type { AuditEvent } from './types.js';

export interface AuditLogOptions {
  /** The log file; "-" is standard out. */
  path: string;
  /** --audit-log-maxsize: MB before rotating (0 or unset: lumberjack's 100). */
  maxSizeMB?: number;
  /** --audit-log-maxbackup: rotated files kept (0: all). */
  maxBackups?: number;
  /** --audit-log-maxage: days a rotated file is kept (0: forever). */
  maxAgeDays?: number;
  /** A write, rotation or pruning failure (the events of a failed write are lost). */
  onError?: (err: unknown) => void;
}

/** What the file log needs, in bytes and milliseconds, so tests can rotate at a few hundred bytes. */
export interface FileLogLimits {
  maxBytes: number;
  maxBackups: number;
  maxAgeDays: number;
  onError: (err: unknown) => void;
  /** Epoch milliseconds, for backup names and maxAge. */
  now: () => number;
}

const defaultOnError = (err: unknown): void => {
  process.stderr.write(`audit log: ${err instanceof Error ? err.message : String(err)}\n`);
};

/** Line sequence numbers and the waiters for them: flush() waits for what was queued before it. */
abstract class BatchingSink implements AuditSink {
  protected queue: string[] = [];
  private queuedSeq = 0;
  private writtenSeq = 0;
  private waiters: { seq: number; resolve: () => void }[] = [];
  private pumping = false;
  private scheduled = false;
  protected closed = false;

  /** Where an event that cannot be written is reported: auditing never changes the answer. */
  protected abstract reportError(err: unknown): void;

  write(event: AuditEvent): void {
    if (this.closed) return;
    let line: string;
    try {
      line = `${encodeEvent(event)}\n`;
    } catch (err) {
      this.reportError(err);
      return;
    }
    this.queue.push(line);
    this.queuedSeq++;
    if (!this.scheduled && !this.pumping) {
      this.scheduled = true;
      // Everything written in this turn of the event loop goes out in one batch.
      setImmediate(() => void this.pump());
    }
  }

  private async pump(): Promise<void> {
    this.scheduled = false;
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        const upTo = this.queuedSeq;
        this.queue = [];
        await this.writeBatch(batch);
        this.writtenSeq = upTo;
        this.release();
      }
    } finally {
      this.pumping = false;
    }
  }

  private release(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.seq <= this.writtenSeq);
    this.waiters = this.waiters.filter((w) => w.seq > this.writtenSeq);
    for (const w of ready) w.resolve();
  }

  /** Writes every line, in order; reports failures itself and never throws. */
  protected abstract writeBatch(lines: string[]): Promise<void>;
  /** Makes what was written durable. */
  protected abstract sync(): Promise<void>;
  protected abstract closeOutput(): Promise<void>;

  async flush(): Promise<void> {
    const seq = this.queuedSeq;
    if (this.writtenSeq < seq) {
      const done = new Promise<void>((resolve) => this.waiters.push({ seq, resolve }));
      if (!this.pumping && !this.scheduled) void this.pump();
      await done;
    }
    await this.sync();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.closeOutput();
  }
}

class FileLog extends BatchingSink {
  private file: FileHandle | null = null;
  private size = 0;
  private milling: Promise<void> = Promise.resolve();
  // Backup times only move forward, so a name freed by pruning is never reused for a newer file.
  private lastBackupMs = 0;

  constructor(
    private readonly path: string,
    private readonly limits: FileLogLimits,
  ) {
    super();
  }

  protected reportError(err: unknown): void {
    this.limits.onError(err);
  }

  protected async writeBatch(lines: string[]): Promise<void> {
    const { maxBytes } = this.limits;
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    for (const line of lines) {
      const buf = Buffer.from(line, 'utf8');
      if (buf.length > maxBytes) {
        this.limits.onError(new Error(`write length ${buf.length} exceeds maximum file size ${maxBytes}`));
        continue;
      }
      try {
        if (!this.file) await this.openExistingOrNew(chunkBytes + buf.length);
        if (this.size + chunkBytes + buf.length > maxBytes) {
          await this.append(chunk, chunkBytes);
          chunk = [];
          chunkBytes = 0;
          await this.rotate();
        }
      } catch (err) {
        this.limits.onError(err);
        await this.drop();
        chunk = [];
        chunkBytes = 0;
        continue;
      }
      chunk.push(buf);
      chunkBytes += buf.length;
    }
    try {
      await this.append(chunk, chunkBytes);
    } catch (err) {
      this.limits.onError(err);
      await this.drop();
    }
  }

  private async append(chunk: Buffer[], bytes: number): Promise<void> {
    if (bytes === 0 || !this.file) return;
    await this.file.appendFile(chunk.length === 1 ? chunk[0]! : Buffer.concat(chunk, bytes));
    this.size += bytes;
  }

  // A failed file is closed and reopened on the next batch.
  private async drop(): Promise<void> {
    const file = this.file;
    this.file = null;
    await file?.close().catch(() => undefined);
  }

  private async openExistingOrNew(writeLen: number): Promise<void> {
    this.mill();
    let size: number;
    try {
      size = (await stat(this.path)).size;
    } catch {
      await this.openNew();
      return;
    }
    if (size + writeLen >= this.limits.maxBytes) {
      await this.rotate();
      return;
    }
    this.file = await open(this.path, 'a', 0o600);
    this.size = size;
  }

  private async openNew(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    let mode = 0o600;
    try {
      const old = await stat(this.path);
      mode = old.mode & 0o777;
      const backup = await freeBackupPath(this.path, Math.max(this.limits.now(), this.lastBackupMs + 1));
      this.lastBackupMs = backup.time;
      await rename(this.path, backup.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    this.file = await open(this.path, 'w', mode);
    this.size = 0;
  }

  private async rotate(): Promise<void> {
    await this.drop();
    await this.openNew();
    this.mill();
  }

  private mill(): void {
    const { maxBackups, maxAgeDays } = this.limits;
    if (maxBackups <= 0 && maxAgeDays <= 0) return;
    this.milling = this.milling
      .then(() => pruneBackups(this.path, maxBackups, maxAgeDays, this.limits.now()))
      .catch((err: unknown) => this.limits.onError(err));
  }

  protected async sync(): Promise<void> {
    await this.milling;
    await this.file?.datasync().catch((err: unknown) => this.limits.onError(err));
  }

  protected async closeOutput(): Promise<void> {
    await this.drop();
  }
}

class StdoutLog extends BatchingSink {
  constructor(private readonly onError: (err: unknown) => void) {
    super();
  }

  protected reportError(err: unknown): void {
    this.onError(err);
  }

  protected writeBatch(lines: string[]): Promise<void> {
    return new Promise((resolve) => {
      process.stdout.write(lines.join(''), (err) => {
        if (err) this.onError(err);
        resolve();
      });
    });
  }

  protected async sync(): Promise<void> {}
  protected async closeOutput(): Promise<void> {}
}

/** The file log with limits in bytes (tests rotate at a few hundred bytes with it). */
export function openFileLog(path: string, limits: FileLogLimits): AuditSink {
  return new FileLog(path, limits);
}

/**
 * Opens the audit log. The file is created now (mode 0600: it holds request bodies), so a path
 * that cannot be written fails at start-up rather than at the first request.
 */
export async function openAuditLog(opts: AuditLogOptions): Promise<AuditSink> {
  const onError = opts.onError ?? defaultOnError;
  if (opts.path === '-') return new StdoutLog(onError);
  await mkdir(dirname(opts.path), { recursive: true });
  const probe = await open(opts.path, 'a', 0o600);
  await probe.close();
  return openFileLog(opts.path, {
    maxBytes: maxSizeBytes(opts.maxSizeMB),
    maxBackups: opts.maxBackups ?? 0,
    maxAgeDays: opts.maxAgeDays ?? 0,
    onError,
    now: Date.now,
  });
}
