// Plain JSON values and the few structural helpers every patch engine needs. The helpers that
// walk a whole document (clone, equality, depth) use an explicit stack, not recursion, so a
// deeply nested document cannot exhaust the call stack before the depth limit rejects it.

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** A deep copy of a JSON value; a `__proto__` key is copied as the plain key it is in JSON. */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const root: JsonValue = Array.isArray(value) ? new Array<JsonValue>(value.length) : {};
  const stack: Array<[JsonValue, JsonValue]> = [[value, root]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    if (Array.isArray(from)) {
      const target = to as JsonValue[];
      for (let i = 0; i < from.length; i++) target[i] = copyChild(from[i]!, stack);
    } else {
      const target = to as JsonObject;
      for (const key of Object.keys(from as JsonObject)) {
        setProperty(target, key, copyChild((from as JsonObject)[key]!, stack));
      }
    }
  }
  return root as T;
}

function copyChild(child: JsonValue, stack: Array<[JsonValue, JsonValue]>): JsonValue {
  if (child === null || typeof child !== 'object') return child;
  const copy: JsonValue = Array.isArray(child) ? new Array<JsonValue>(child.length) : {};
  stack.push([child, copy]);
  return copy;
}

/** Sets an own property even when the key is `__proto__`, which plain assignment would not. */
export function setProperty(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Structural equality: object key order does not matter, array order does. */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  const stack: Array<[JsonValue, JsonValue]> = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i]!, y[i]!]);
      continue;
    }
    if (Array.isArray(y)) return false;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    for (const key of keys) {
      if (!hasOwn(y, key)) return false;
      stack.push([x[key]!, y[key]!]);
    }
  }
  return true;
}

/**
 * How deeply containers nest: 0 for a scalar, 1 for `{}` or `[]`, 2 for `{"a":{}}`. Stops
 * counting once `limit` is passed, so a hostile document costs no more than the limit.
 */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const level = depth + 1;
    if (level > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push([child, level]);
    }
  }
  return false;
}
