// JSON values as field management sees them (the patch engines' helpers) and Go's
// encoding/json string output, which the wire format needs.

export { isJsonObject as isObject, type JsonObject, type JsonValue } from '../patch/index.js';
import { isJsonObject as isObject, jsonEqual, type JsonValue } from '../patch/index.js';

/** Structural equality (the patch engines' stack-based walk). */
export const deepEqual = (a: unknown, b: unknown): boolean => jsonEqual(a as JsonValue, b as JsonValue);

// Go's encoding/json escapes these for HTML safety; path elements embed that output, so the
// same string must come out here for FieldsV1 keys to match kube's byte for byte.
const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** JSON text as Go's encoding/json writes it (objects with sorted keys, HTML characters escaped). */
export function goJson(value: JsonValue): string {
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const text = encode(value);
  return HTML_UNSAFE.test(text) ? text.replace(HTML_UNSAFE_ALL, (c) => GO_ESCAPES[c] ?? c) : text;
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/;
const HTML_UNSAFE_ALL = /[<>&\u2028\u2029]/g;

/** A JSON string literal; plain strings (the common case) skip the escaping machinery. */
function goString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26 || (c >= 0xd800 && c <= 0xdfff) || c === 0x2028 || c === 0x2029) {
      return JSON.stringify(s).replace(HTML_UNSAFE_ALL, (ch) => GO_ESCAPES[ch] ?? ch);
    }
  }
  return `"${s}"`;
}

function encode(value: JsonValue): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${encode(value[k] as JsonValue)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
