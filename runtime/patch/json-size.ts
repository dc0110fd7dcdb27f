// The length in bytes of a value's compact JSON encoding, computed without serializing it (a
// deep value would overflow JSON.stringify's recursion) and without finishing once `stopAfter`
// is passed, so measuring a huge value costs no more than the budget it is checked against.

import type { JsonValue } from './json-value.js';

export function jsonByteLength(value: JsonValue, stopAfter: number = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const stack: JsonValue[] = [value];
  while (stack.length > 0 && total <= stopAfter) {
    const v = stack.pop()!;
    if (v === null) total += 4;
    else if (typeof v === 'boolean') total += v ? 4 : 5;
    else if (typeof v === 'number') total += String(v).length;
    else if (typeof v === 'string') total += Buffer.byteLength(JSON.stringify(v));
    else if (Array.isArray(v)) {
      total += 2 + Math.max(0, v.length - 1);
      for (const child of v) stack.push(child);
    } else {
      const keys = Object.keys(v);
      total += 2 + Math.max(0, keys.length - 1);
      for (const key of keys) {
        total += Buffer.byteLength(JSON.stringify(key)) + 1;
        stack.push(v[key]!);
      }
    }
  }
  return total;
}
