// One process per data directory: a LOCK file created exclusively, holding the owner's pid.
// A lock whose owner is no longer running (killed, crashed) is taken over; a live owner's lock
// refuses the open. Two processes racing to take over the same stale lock at the same instant
// is not guarded against (pids are all Node gives us; there is no flock).
import { closeSync, openSync, readFileSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'LOCK';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(`data directory ${dataDir} is in use by process ${ownerPid} (lock file ${join(dataDir, LOCK_FILE)})`);
    this.name = 'DataDirLockedError';
  }
}

/** Locks in this process, so a second open from the same process is refused too. */
const heldHere = new Set<string>();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Takes the lock; returns the function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  if (heldHere.has(path)) throw new DataDirLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(path);
      if (owner !== undefined && owner !== process.pid && isRunning(owner)) throw new DataDirLockedError(dataDir, owner);
      // Stale: its owner is gone (or it was never finished being written). Take it over.
      try {
        unlinkSync(path);
      } catch (unlinkErr) {
        if ((unlinkErr as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkErr;
      }
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    heldHere.add(path);
    return () => {
      heldHere.delete(path);
      if (readOwner(path) === process.pid) {
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      }
    };
  }
  throw new Error(`could not take the lock ${path}`);
}
