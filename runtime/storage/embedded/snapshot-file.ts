// Snapshot files: the whole index (every key's versions since the compacted revision) at one
// revision, so a restart keeps the watch and read window, not only the latest state.
//   frame: header JSON {format, revision, compacted}
//   frames: key blocks, each key as
//     key length u32 | key | count u32 | count x (mod u48 | create u48 | version u32 | live u8 | [length u32 | value])
//   frame: trailer JSON {end: true, keys}
// A snapshot is written to a temporary name, fsynced, then renamed, so a file with the final
// name is always complete: any damage in it is corruption, never a torn write.
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptDataError, FRAME_HEADER_BYTES, scanFrames, sealFrame } from './frame.js';
import { fsyncDirectory, writeFully } from './fs-sync.js';
import type { KeyVersion } from './mvcc-index.js';

const FORMAT = 'capstan-embedded-snapshot/1';
const BLOCK_BYTES = 1 << 20;

export interface SnapshotImage {
  revision: number;
  compacted: number;
  entries: { key: string; versions: KeyVersion[] }[];
}

export const snapshotFileName = (revision: number): string => `snapshot-${String(revision).padStart(16, '0')}.snap`;

/** The revision in a snapshot file name, or undefined when the name is not one. */
export function snapshotRevisionOf(name: string): number | undefined {
  const m = /^snapshot-(\d{16})\.snap$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

function jsonFrame(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const buf = Buffer.allocUnsafe(FRAME_HEADER_BYTES + body.length);
  body.copy(buf, FRAME_HEADER_BYTES);
  return sealFrame(buf);
}

function entrySize(key: string, versions: KeyVersion[]): number {
  let size = 8 + Buffer.byteLength(key);
  for (const v of versions) size += 17 + (v.value === null ? 0 : 4 + Buffer.byteLength(v.value));
  return size;
}

function encodeBlock(entries: SnapshotImage['entries'], from: number, to: number): Buffer {
  let size = FRAME_HEADER_BYTES;
  for (let i = from; i < to; i++) size += entrySize(entries[i]!.key, entries[i]!.versions);
  const buf = Buffer.allocUnsafe(size);
  let at = FRAME_HEADER_BYTES;
  for (let i = from; i < to; i++) {
    const { key, versions } = entries[i]!;
    const keyLength = Buffer.byteLength(key);
    buf.writeUInt32LE(keyLength, at);
    at += 4;
    at += buf.write(key, at, 'utf8');
    buf.writeUInt32LE(versions.length, at);
    at += 4;
    for (const v of versions) {
      buf.writeUIntLE(v.mod, at, 6);
      buf.writeUIntLE(v.create, at + 6, 6);
      buf.writeUInt32LE(v.version, at + 12);
      buf[at + 16] = v.value === null ? 0 : 1;
      at += 17;
      if (v.value !== null) {
        const length = Buffer.byteLength(v.value);
        buf.writeUInt32LE(length, at);
        at += 4;
        at += buf.write(v.value, at, 'utf8');
      }
    }
  }
  return sealFrame(buf);
}

/** Writes the image durably into dir and returns the file's path. */
export async function writeSnapshot(dir: string, image: SnapshotImage): Promise<string> {
  const finalPath = join(dir, snapshotFileName(image.revision));
  const tempPath = `${finalPath}.tmp`;
  const handle = await open(tempPath, 'w');
  try {
    await writeFully(handle, jsonFrame({ format: FORMAT, revision: image.revision, compacted: image.compacted }));
    const { entries } = image;
    let from = 0;
    while (from < entries.length) {
      // Blocks of about BLOCK_BYTES keep memory flat and let other work run between writes.
      let to = from;
      let bytes = 0;
      while (to < entries.length && (to === from || bytes < BLOCK_BYTES)) {
        bytes += entrySize(entries[to]!.key, entries[to]!.versions);
        to++;
      }
      await writeFully(handle, encodeBlock(entries, from, to));
      from = to;
    }
    await writeFully(handle, jsonFrame({ end: true, keys: entries.length }));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tempPath, finalPath);
  await fsyncDirectory(dir);
  return finalPath;
}

/** Reads a snapshot; any damage throws CorruptDataError naming the file and offset. */
export async function readSnapshot(path: string): Promise<SnapshotImage> {
  const buf = await readFile(path);
  const { frames } = scanFrames(buf, path, false);
  const first = frames[0];
  const last = frames[frames.length - 1];
  if (first === undefined || last === undefined || frames.length < 2) {
    throw new CorruptDataError(path, buf.length, 'snapshot is incomplete');
  }
  const header = parseJson(path, first.offset, first.payload) as { format?: unknown; revision?: unknown; compacted?: unknown };
  if (header.format !== FORMAT || typeof header.revision !== 'number' || typeof header.compacted !== 'number') {
    throw new CorruptDataError(path, first.offset, 'not a snapshot header');
  }
  const trailer = parseJson(path, last.offset, last.payload) as { end?: unknown; keys?: unknown };
  if (trailer.end !== true || typeof trailer.keys !== 'number') {
    throw new CorruptDataError(path, last.offset, 'snapshot trailer missing');
  }
  const entries: SnapshotImage['entries'] = [];
  for (const frame of frames.slice(1, -1)) {
    const problem = decodeBlock(frame.payload, entries);
    if (problem !== null) throw new CorruptDataError(path, frame.offset, problem);
  }
  if (entries.length !== trailer.keys) {
    throw new CorruptDataError(path, last.offset, `trailer counts ${String(trailer.keys)} keys, found ${entries.length}`);
  }
  return { revision: header.revision, compacted: header.compacted, entries };
}

function parseJson(path: string, offset: number, payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8')) as unknown;
  } catch {
    throw new CorruptDataError(path, offset, 'frame is not JSON');
  }
}

function decodeBlock(payload: Buffer, out: SnapshotImage['entries']): string | null {
  let at = 0;
  const need = (n: number) => at + n <= payload.length;
  while (at < payload.length) {
    if (!need(4)) return 'truncated key length';
    const keyLength = payload.readUInt32LE(at);
    at += 4;
    if (!need(keyLength + 4)) return 'truncated key';
    const key = payload.toString('utf8', at, at + keyLength);
    at += keyLength;
    const count = payload.readUInt32LE(at);
    at += 4;
    const versions: KeyVersion[] = [];
    for (let i = 0; i < count; i++) {
      if (!need(17)) return `truncated version of ${key}`;
      const mod = payload.readUIntLE(at, 6);
      const create = payload.readUIntLE(at + 6, 6);
      const version = payload.readUInt32LE(at + 12);
      const live = payload[at + 16] === 1;
      at += 17;
      let value: string | null = null;
      if (live) {
        if (!need(4)) return `truncated value length of ${key}`;
        const length = payload.readUInt32LE(at);
        at += 4;
        if (!need(length)) return `truncated value of ${key}`;
        value = payload.toString('utf8', at, at + length);
        at += length;
      }
      const previous = versions[versions.length - 1];
      if (previous !== undefined && previous.mod >= mod) return `versions of ${key} out of order`;
      versions.push({ mod, create, version, value });
    }
    if (versions.length === 0) return `key ${key} has no versions`;
    const previousKey = out[out.length - 1]?.key;
    if (previousKey !== undefined && previousKey >= key) return `keys out of order at ${key}`;
    out.push({ key, versions });
  }
  return null;
}
