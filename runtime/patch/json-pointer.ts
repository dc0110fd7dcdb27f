// JSON pointer resolution as kube's JSON patch library (evanphx/json-patch v4) performs it,
// including its departures from RFC 6901 that clients can observe: a path without a leading
// `/` addresses a key of the root ("a/b" means key "b"), array indexes may be negative (counted
// from the end) and may carry a sign or leading zeros, and a JSON `null` on the way is a
// missing path.
import { hasOwn, setProperty, type JsonObject, type JsonValue } from './json-value.js';

export type Container = JsonObject | JsonValue[];

/** Errors a container step reports; the text is evanphx's and ends up in PatchError.detail. */
export class PointerError extends Error {}

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

/** RFC 6901 unescaping in one left-to-right pass, so "~01" becomes "~1" and not "/". */
export function unescapeToken(token: string): string {
  return token.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/**
 * The container holding the value a pointer names, and the last (unescaped) token; undefined
 * when the pointer is not a path into the document (including the root pointer "").
 */
export function findParent(root: JsonValue, pointer: string): { container: Container; key: string } | undefined {
  const tokens = pointer.split('/');
  if (tokens.length < 2) return undefined;
  if (root === null || typeof root !== 'object') return undefined;
  let current: Container = root;
  for (let i = 1; i < tokens.length - 1; i++) {
    let next: JsonValue | undefined;
    try {
      next = getChild(current, unescapeToken(tokens[i]!));
    } catch {
      return undefined;
    }
    if (next === undefined || next === null || typeof next !== 'object') return undefined;
    current = next;
  }
  return { container: current, key: unescapeToken(tokens[tokens.length - 1]!) };
}

/** Go's strconv.Atoi: optional sign, ASCII digits, within int64. */
export function atoi(text: string): number {
  if (!/^[+-]?[0-9]+$/.test(text)) throw new PointerError(`strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`);
  const n = BigInt(text);
  if (n > 9223372036854775807n || n < -9223372036854775808n) {
    throw new PointerError(`strconv.Atoi: parsing ${goQuote(text)}: value out of range`);
  }
  return Number(n);
}

function goQuote(text: string): string {
  return JSON.stringify(text);
}

function invalidIndex(index: number): PointerError {
  return new PointerError(`Unable to access invalid index: ${index}: ${INVALID_INDEX}`);
}

/** Reads a child; undefined for an absent object key or a JSON null (both "nil" in evanphx). */
export function getChild(container: Container, key: string): JsonValue | undefined {
  if (!Array.isArray(container)) {
    if (!hasOwn(container, key)) return undefined;
    const value = container[key]!;
    return value === null ? undefined : value;
  }
  let index = atoi(key);
  if (index < 0) {
    if (index < -container.length) throw invalidIndex(index);
    index += container.length;
  }
  if (index >= container.length) throw invalidIndex(index);
  const value = container[index]!;
  return value === null ? undefined : value;
}

/** `add`: sets an object key, or inserts into an array (`-` appends). */
export function addChild(container: Container, key: string, value: JsonValue): void {
  if (!Array.isArray(container)) {
    setProperty(container, key, value);
    return;
  }
  if (key === '-') {
    container.push(value);
    return;
  }
  let index: number;
  try {
    index = atoi(key);
  } catch (err) {
    throw new PointerError(`value was not a proper array index: '${key}': ${(err as Error).message}`);
  }
  const size = container.length + 1;
  if (index >= size) throw invalidIndex(index);
  if (index < 0) {
    if (index < -size) throw invalidIndex(index);
    index += size;
  }
  container.splice(index, 0, value);
}

/** `replace` after a successful `getChild`: overwrites in place. */
export function setChild(container: Container, key: string, value: JsonValue): void {
  if (!Array.isArray(container)) {
    setProperty(container, key, value);
    return;
  }
  let index = atoi(key);
  if (index < 0) {
    if (index < -container.length) throw invalidIndex(index);
    index += container.length;
  }
  container[index] = value;
}

export function removeChild(container: Container, key: string): void {
  if (!Array.isArray(container)) {
    if (!hasOwn(container, key)) throw new PointerError(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    delete container[key];
    return;
  }
  let index = atoi(key);
  if (index >= container.length) throw invalidIndex(index);
  if (index < 0) {
    if (index < -container.length) throw invalidIndex(index);
    index += container.length;
  }
  container.splice(index, 1);
}

