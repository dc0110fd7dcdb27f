// meta/v1 Time and MicroTime: `{1 seconds int64, 2 nanos int32}` on the wire, RFC 3339 text in
// JSON. kube writes the zero time as an empty message and reads an empty message back as the
// zero time, which JSON shows as null; so an empty message is an absent property here. Seconds
// and nanos are always written, so the Unix epoch stays distinguishable from the zero time.
import { ProtobufDecodeError, ProtobufEncodeError } from '../errors.js';
import type { JsonValue } from '../json.js';
import type { WireReader } from '../wire-reader.js';
import type { WireWriter } from '../wire-writer.js';
import { WireType } from '../wire-types.js';
import type { SpecialCodec } from './context.js';

export interface Timestamp {
  seconds: number;
  nanos: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export function parseRfc3339(text: string): Timestamp {
  const m = RFC3339.exec(text);
  if (!m) throw new ProtobufEncodeError(`"${text}" is not an RFC 3339 time`);
  const date = new Date(0);
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  date.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
  let seconds = date.getTime() / 1000;
  if (m[9] !== undefined) {
    const offset = (Number(m[10]) * 60 + Number(m[11])) * 60;
    seconds -= m[9] === '+' ? offset : -offset;
  }
  const nanos = m[7] === undefined ? 0 : Number(m[7].slice(0, 9).padEnd(9, '0'));
  return { seconds, nanos };
}

// Objects repeat their timestamps (creationTimestamp, managedFields[].time), so the last
// formatted second is kept.
let lastSeconds = NaN;
let lastText = '';

function secondsText(seconds: number): string {
  if (seconds !== lastSeconds) {
    const iso = new Date(seconds * 1000).toISOString();
    lastText = iso.slice(0, iso.indexOf('.'));
    lastSeconds = seconds;
  }
  return lastText;
}

/** `2026-11-22T02:07:25Z`: kube's Time drops fractions of a second in JSON. */
export function formatTime(ts: Timestamp): string {
  return `${secondsText(ts.seconds)}Z`;
}

/** `2026-11-22T02:07:25.123456Z`: always six fractional digits. */
export function formatMicroTime(ts: Timestamp): string {
  return `${secondsText(ts.seconds)}.${String(Math.floor(ts.nanos / 1000)).padStart(6, '0')}Z`;
}

function writeTimestamp(w: WireWriter, ts: Timestamp): void {
  // Both fields always, as kube's Timestamp writes them: the bytes then match kube's.
  w.key(1, WireType.Varint);
  w.int64(ts.seconds);
  w.key(2, WireType.Varint);
  w.int64(ts.nanos);
}

/** Reads a Timestamp body; `undefined` for the empty (zero-time) message. */
export function readTimestamp(r: WireReader): Timestamp | undefined {
  if (r.eof()) return undefined;
  const ts: Timestamp = { seconds: 0, nanos: 0 };
  while (!r.eof()) {
    const key = r.readKey();
    const field = key >>> 3;
    const wt = key & 7;
    if ((field === 1 || field === 2) && wt !== WireType.Varint) {
      throw new ProtobufDecodeError(`Time field ${field} has wire type ${wt}, expected varint`, r.pos);
    }
    if (field === 1) ts.seconds = r.readInt64();
    else if (field === 2) ts.nanos = r.readInt32();
    else r.skip(wt, field);
  }
  if (ts.nanos < 0 || ts.nanos > 999_999_999) throw new ProtobufDecodeError(`Time nanos ${ts.nanos} out of range`);
  if (!Number.isFinite(new Date(ts.seconds * 1000).getTime())) throw new ProtobufDecodeError(`Time seconds ${ts.seconds} out of range`);
  return ts;
}

function timeCodec(format: (ts: Timestamp) => string, dropFraction: boolean): SpecialCodec {
  return {
    encode(w: WireWriter, value: JsonValue): void {
      if (typeof value !== 'string') throw new ProtobufEncodeError(`a time must be a string, got ${typeof value}`);
      const ts = parseRfc3339(value);
      writeTimestamp(w, dropFraction ? { seconds: ts.seconds, nanos: 0 } : ts);
    },
    decode(r: WireReader): JsonValue | undefined {
      const ts = readTimestamp(r);
      return ts === undefined ? undefined : format(ts);
    },
  };
}

// Time's JSON has whole seconds, so nanos are not written: encoding is then canonical.
export const timeEncoding: SpecialCodec = timeCodec(formatTime, true);
export const microTimeEncoding: SpecialCodec = timeCodec(formatMicroTime, false);
