// Backup names and pruning the way lumberjack (the library kube's log backend rotates with) does:
// `<name>-<UTC 2006-01-02T15-04-05.000><ext>` beside the log, newest kept up to maxBackups,
// anything whose name says it is older than maxAge days removed.
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

export const MEGABYTE = 1024 * 1024;
/** lumberjack's size when none is given (kube passes --audit-log-maxsize=0 through). */
export const DEFAULT_MAX_SIZE_MB = 100;

/** --audit-log-maxsize in bytes: MB of 1024*1024 bytes; 0 is lumberjack's default of 100 MB. */
export function maxSizeBytes(maxSizeMB: number | undefined): number {
  return (maxSizeMB && maxSizeMB > 0 ? maxSizeMB : DEFAULT_MAX_SIZE_MB) * MEGABYTE;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function backupTimestamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

function split(logPath: string): { dir: string; prefix: string; ext: string } {
  const file = basename(logPath);
  const ext = extname(file);
  return { dir: dirname(logPath), prefix: `${file.slice(0, file.length - ext.length)}-`, ext };
}

export function backupPath(logPath: string, ms: number): string {
  const { dir, prefix, ext } = split(logPath);
  return join(dir, `${prefix}${backupTimestamp(ms)}${ext}`);
}

const STAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})$/;

/** The rotation time a backup's name holds, or undefined for a file that is not a backup. */
export function backupTime(logPath: string, file: string): number | undefined {
  const { prefix, ext } = split(logPath);
  for (const suffix of [ext, `${ext}.gz`]) {
    if (!file.startsWith(prefix) || !file.endsWith(suffix) || file.length < prefix.length + suffix.length) continue;
    const m = STAMP.exec(file.slice(prefix.length, file.length - suffix.length));
    if (!m) continue;
    const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
    const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    // Date.UTC rolls over impossible dates; time.Parse refuses them.
    if (backupTimestamp(t) !== m[0]) continue;
    return t;
  }
  return undefined;
}

/** A name for the next backup that no file holds yet (rotations within one millisecond). */
export async function freeBackupPath(logPath: string, ms: number): Promise<{ path: string; time: number }> {
  for (let t = ms; ; t++) {
    const candidate = backupPath(logPath, t);
    try {
      await stat(candidate);
    } catch {
      return { path: candidate, time: t };
    }
  }
}

/** Removes the backups beyond maxBackups (newest kept) and those older than maxAgeDays. */
export async function pruneBackups(logPath: string, maxBackups: number, maxAgeDays: number, nowMs: number): Promise<void> {
  if (maxBackups <= 0 && maxAgeDays <= 0) return;
  const dir = dirname(logPath);
  const entries = await readdir(dir, { withFileTypes: true });
  const backups: { name: string; time: number }[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const time = backupTime(logPath, e.name);
    if (time !== undefined) backups.push({ name: e.name, time });
  }
  backups.sort((a, b) => b.time - a.time);
  let keep = backups;
  const remove: string[] = [];
  if (maxBackups > 0 && keep.length > maxBackups) {
    remove.push(...keep.slice(maxBackups).map((b) => b.name));
    keep = keep.slice(0, maxBackups);
  }
  if (maxAgeDays > 0) {
    const cutoff = nowMs - maxAgeDays * 24 * 3600 * 1000;
    for (const b of keep) if (b.time < cutoff) remove.push(b.name);
  }
  await Promise.all(remove.map((name) => rm(join(dir, name), { force: true })));
}
