// meta/v1 Duration: `{1 duration int64}` nanoseconds on the wire, a Go duration string in JSON
// ("1h2m3.5s", "150ms", "0s"). Nanosecond counts above 2^53 (about 104 days) lose precision.
import { ProtobufDecodeError, ProtobufEncodeError } from '../errors.js';
import type { JsonValue } from '../json.js';
import type { WireReader } from '../wire-reader.js';
import type { WireWriter } from '../wire-writer.js';
import { WireType } from '../wire-types.js';
import type { SpecialCodec } from './context.js';

const UNIT_NANOS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const PART = /([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/y;

export function parseGoDuration(text: string): number {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new ProtobufEncodeError(`"${text}" is not a duration`);
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const m = PART.exec(s);
    if (!m || m[1] === '' || m[1] === '.') throw new ProtobufEncodeError(`"${text}" is not a duration`);
    total += Number(m[1]) * UNIT_NANOS[m[2]!]!;
  }
  return sign * Math.round(total);
}

function withFraction(value: number, unit: number, digits: number): string {
  const whole = Math.floor(value / unit);
  const frac = value % unit;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(digits, '0').replace(/0+$/, '')}`;
}

export function formatGoDuration(nanos: number): string {
  if (nanos === 0) return '0s';
  const sign = nanos < 0 ? '-' : '';
  const u = Math.abs(nanos);
  if (u < 1e3) return `${sign}${u}ns`;
  if (u < 1e6) return `${sign}${withFraction(u, 1e3, 3)}µs`;
  if (u < 1e9) return `${sign}${withFraction(u, 1e6, 6)}ms`;
  const hours = Math.floor(u / 3600e9);
  const minutes = Math.floor((u % 3600e9) / 60e9);
  const secs = withFraction(u % 60e9, 1e9, 9);
  return `${sign}${hours > 0 ? `${hours}h` : ''}${hours > 0 || minutes > 0 ? `${minutes}m` : ''}${secs}s`;
}

export const durationEncoding: SpecialCodec = {
  encode(w: WireWriter, value: JsonValue): void {
    if (typeof value !== 'string') throw new ProtobufEncodeError(`a duration must be a string, got ${typeof value}`);
    const nanos = parseGoDuration(value);
    if (nanos !== 0) {
      w.key(1, WireType.Varint);
      w.int64(nanos);
    }
  },
  decode(r: WireReader): JsonValue {
    let nanos = 0;
    while (!r.eof()) {
      const key = r.readKey();
      if (key >>> 3 === 1) {
        if ((key & 7) !== WireType.Varint) throw new ProtobufDecodeError('Duration field 1 is not a varint', r.pos);
        nanos = r.readInt64();
      } else {
        r.skip(key & 7, key >>> 3);
      }
    }
    return formatGoDuration(nanos);
  },
};
