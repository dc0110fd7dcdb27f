// Startup: load the newest snapshot, replay the log segments after it, cut a torn tail off the
// newest segment, and refuse to start (naming file and offset) on anything else that is damaged.
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptDataError, scanFrames } from './frame.js';
import { decodeBatch } from './log-record.js';
import { MvccIndex } from './mvcc-index.js';
import { readSnapshot, snapshotRevisionOf } from './snapshot-file.js';
import { segmentRevisionOf, type SegmentState } from './write-ahead-log.js';

export interface Recovered {
  index: MvccIndex;
  /** Segments still needed, oldest first; the last is the one to append to. */
  segments: SegmentState[];
  /** Bytes cut off the newest segment as a torn tail (0 when it ended cleanly). */
  truncatedBytes: number;
}

export async function recover(dir: string): Promise<Recovered> {
  await mkdir(dir, { recursive: true });
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    // A snapshot that was still being written when the process stopped.
    if (name.endsWith('.snap.tmp')) await rm(join(dir, name), { force: true });
  }
  const snapshots = names.filter((n) => snapshotRevisionOf(n) !== undefined);
  const segmentNames = names.filter((n) => segmentRevisionOf(n) !== undefined);

  const index = new MvccIndex();
  let snapshotRevision = 0;
  const newestSnapshot = snapshots[snapshots.length - 1];
  if (newestSnapshot !== undefined) {
    const path = join(dir, newestSnapshot);
    const image = await readSnapshot(path);
    const problem = index.load(image.revision, image.compacted, image.entries);
    if (problem !== null) throw new CorruptDataError(path, 0, problem);
    snapshotRevision = image.revision;
  }

  const segments: SegmentState[] = segmentNames.map((n) => ({ firstRevision: segmentRevisionOf(n)!, path: join(dir, n) }));
  const needed: SegmentState[] = [];
  let truncatedBytes = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const next = segments[i + 1];
    if (next !== undefined && next.firstRevision <= snapshotRevision + 1) {
      // Wholly covered by the snapshot: left over from a truncation the process did not finish.
      await rm(segment.path, { force: true });
      continue;
    }
    const isLast = next === undefined;
    if (segment.firstRevision > index.latest + 1) {
      throw new CorruptDataError(segment.path, 0, `log starts at revision ${segment.firstRevision}, expected ${index.latest + 1} or earlier`);
    }
    const buf = await readFile(segment.path);
    const { frames, validEnd } = scanFrames(buf, segment.path, isLast);
    for (const frame of frames) {
      const records = decodeBatch(frame.payload);
      if (typeof records === 'string') throw new CorruptDataError(segment.path, frame.offset, records);
      for (const record of records) {
        if (record.revision <= snapshotRevision) continue;
        if (record.revision !== index.latest + 1) {
          throw new CorruptDataError(segment.path, frame.offset, `record has revision ${record.revision}, expected ${index.latest + 1}`);
        }
        if (record.value !== null) {
          index.put(record.key, record.value);
        } else {
          if (index.liveAt(record.key, index.latest) === null) {
            throw new CorruptDataError(segment.path, frame.offset, `delete of absent key ${record.key}`);
          }
          index.remove(record.key);
        }
      }
    }
    if (validEnd < buf.length) {
      truncatedBytes = buf.length - validEnd;
      const handle = await open(segment.path, 'r+');
      try {
        await handle.truncate(validEnd);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    needed.push(segment);
  }
  for (const name of snapshots.slice(0, -1)) await rm(join(dir, name), { force: true });
  return { index, segments: needed, truncatedBytes };
}
