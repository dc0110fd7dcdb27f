// The on-disk frame shared by log segments and snapshots:
//   magic u32 | payload length u32 | CRC-32C of payload u32 | payload
// The magic lets recovery look past a bad frame for a good one, which is how a torn tail (nothing
// valid after it: the write that was cut short by a crash) is told from corruption in the middle.
import { crc32c } from './crc32c.js';

export const FRAME_MAGIC = 0xc0a5_7a11;
export const FRAME_HEADER_BYTES = 12;

export function frameHeader(payloadLength: number, crc: number): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.writeUInt32LE(FRAME_MAGIC, 0);
  header.writeUInt32LE(payloadLength, 4);
  header.writeUInt32LE(crc, 8);
  return header;
}

/** Writes the header in front of a payload already placed at buf[FRAME_HEADER_BYTES...]. */
export function sealFrame(buf: Buffer): Buffer {
  const payloadLength = buf.length - FRAME_HEADER_BYTES;
  buf.writeUInt32LE(FRAME_MAGIC, 0);
  buf.writeUInt32LE(payloadLength, 4);
  buf.writeUInt32LE(crc32c(buf, FRAME_HEADER_BYTES), 8);
  return buf;
}

export class CorruptDataError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    reason: string,
  ) {
    super(`corrupt data in ${file} at byte offset ${offset}: ${reason}`);
    this.name = 'CorruptDataError';
  }
}

export interface FrameScan {
  /** Payloads of the valid frames, in order, with the offset of each frame. */
  frames: { offset: number; payload: Buffer }[];
  /** Where the valid frames end; less than the file size when a torn tail was found. */
  validEnd: number;
}

/** Why the frame at offset is not valid, or null when it is. */
function frameProblem(buf: Buffer, offset: number): string | null {
  if (buf.length - offset < FRAME_HEADER_BYTES) return 'incomplete frame header';
  if (buf.readUInt32LE(offset) !== FRAME_MAGIC) return 'bad frame magic';
  const length = buf.readUInt32LE(offset + 4);
  const end = offset + FRAME_HEADER_BYTES + length;
  if (end > buf.length) return `frame of ${length} bytes runs past the end of the file`;
  if (crc32c(buf, offset + FRAME_HEADER_BYTES, end) !== buf.readUInt32LE(offset + 8)) return 'checksum mismatch';
  return null;
}

/** True when a valid frame starts anywhere after offset. */
function validFrameAfter(buf: Buffer, offset: number): boolean {
  const magic = frameHeader(0, 0).subarray(0, 4);
  for (let at = buf.indexOf(magic, offset + 1); at !== -1; at = buf.indexOf(magic, at + 1)) {
    if (frameProblem(buf, at) === null) return true;
  }
  return false;
}

/**
 * Splits a file into frames. A bad frame followed by nothing valid is a torn tail: allowed only
 * when tornTailAllowed (the newest log segment), reported through validEnd. Any other bad frame
 * throws CorruptDataError naming the file and offset.
 */
export function scanFrames(buf: Buffer, file: string, tornTailAllowed: boolean): FrameScan {
  const frames: FrameScan['frames'] = [];
  let offset = 0;
  while (offset < buf.length) {
    const problem = frameProblem(buf, offset);
    if (problem !== null) {
      if (tornTailAllowed && !validFrameAfter(buf, offset)) return { frames, validEnd: offset };
      throw new CorruptDataError(file, offset, problem);
    }
    const length = buf.readUInt32LE(offset + 4);
    const start = offset + FRAME_HEADER_BYTES;
    frames.push({ offset, payload: buf.subarray(start, start + length) });
    offset = start + length;
  }
  return { frames, validEnd: offset };
}
