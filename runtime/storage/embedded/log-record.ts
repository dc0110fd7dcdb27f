// Log records. One frame holds one group-commit batch; its payload is the batch's records:
//   op u8 (1 put, 2 delete) | revision u48 | key length u32 | key | [value length u32 | value]
// A batch is one frame so that a crash in the middle of its write leaves one torn frame, never a
// half batch that looks whole.
import { FRAME_HEADER_BYTES, sealFrame } from './frame.js';

export interface LogRecord {
  readonly revision: number;
  readonly key: string;
  /** Encoded object; null for a delete. */
  readonly value: string | null;
}

const OP_PUT = 1;
const OP_DELETE = 2;

export function encodeBatch(records: readonly LogRecord[]): Buffer {
  let size = FRAME_HEADER_BYTES;
  const keyBytes: number[] = new Array(records.length);
  const valueBytes: number[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    keyBytes[i] = Buffer.byteLength(r.key);
    valueBytes[i] = r.value === null ? -1 : Buffer.byteLength(r.value);
    size += 1 + 6 + 4 + keyBytes[i]! + (r.value === null ? 0 : 4 + valueBytes[i]!);
  }
  const buf = Buffer.allocUnsafe(size);
  let at = FRAME_HEADER_BYTES;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    buf[at] = r.value === null ? OP_DELETE : OP_PUT;
    buf.writeUIntLE(r.revision, at + 1, 6);
    buf.writeUInt32LE(keyBytes[i]!, at + 7);
    at += 11;
    at += buf.write(r.key, at, 'utf8');
    if (r.value !== null) {
      buf.writeUInt32LE(valueBytes[i]!, at);
      at += 4;
      at += buf.write(r.value, at, 'utf8');
    }
  }
  return sealFrame(buf);
}

/** Decodes a batch payload; returns an error description instead of throwing on bad input. */
export function decodeBatch(payload: Buffer): LogRecord[] | string {
  const out: LogRecord[] = [];
  let at = 0;
  const need = (n: number) => at + n <= payload.length;
  while (at < payload.length) {
    if (!need(11)) return 'truncated record header';
    const op = payload[at]!;
    const revision = payload.readUIntLE(at + 1, 6);
    const keyLength = payload.readUInt32LE(at + 7);
    at += 11;
    if (!need(keyLength)) return 'truncated key';
    const key = payload.toString('utf8', at, at + keyLength);
    at += keyLength;
    if (op === OP_DELETE) {
      out.push({ revision, key, value: null });
    } else if (op === OP_PUT) {
      if (!need(4)) return 'truncated value length';
      const valueLength = payload.readUInt32LE(at);
      at += 4;
      if (!need(valueLength)) return 'truncated value';
      out.push({ revision, key, value: payload.toString('utf8', at, at + valueLength) });
      at += valueLength;
    } else {
      return `unknown record type ${op}`;
    }
  }
  return out;
}
