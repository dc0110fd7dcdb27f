// An event to its log line: JSON with the escapes Go's encoder writes (kube's log is read by
// tools that expect its bytes), map keys sorted like Go's, microsecond timestamps in UTC.
import type { AuditEvent } from './types.js';

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
const GO_ESCAPED = /[<>&\u2028\u2029]/g;

/** One event as one JSON line (without the newline). */
export function encodeEvent(event: AuditEvent): string {
  const json = JSON.stringify(event);
  // The characters only ever occur inside strings, where the escape means the same thing.
  GO_ESCAPED.lastIndex = 0;
  return GO_ESCAPED.test(json) ? json.replace(GO_ESCAPED, (c) => GO_ESCAPES[c]!) : json;
}

/** A string map with its keys in byte order, as Go writes a map. */
export function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = v;
  return out;
}

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** Epoch microseconds to `2026-11-22T10:00:00.123456Z` (metav1.MicroTime's JSON). */
export function formatMicros(micros: number): string {
  const whole = Math.floor(micros);
  const second = Math.floor(whole / 1_000_000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString();
    cachedPrefix = iso.slice(0, 19);
    cachedSecond = second;
  }
  return `${cachedPrefix}.${String(whole - second * 1_000_000).padStart(6, '0')}Z`;
}

/** The event clock: epoch microseconds with sub-millisecond digits from the monotonic timer. */
export function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}
