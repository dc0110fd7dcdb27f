// What generated defaulters call. Defaults are copied, never shared, because objects are
// mutated after defaulting.
import { isObject } from './validation.js';

/** Sets `obj[key]` to a fresh copy of `value` when the field is absent. */
export function setDefault(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (obj[key] === undefined) obj[key] = structuredClone(value);
}

export function asObject(value: unknown): Record<string, unknown> | undefined {
  return isObject(value) ? value : undefined;
}

export function eachItem(value: unknown, fn: (item: unknown) => void): void {
  if (Array.isArray(value)) for (const item of value) fn(item);
}

export function eachValue(value: unknown, fn: (item: unknown) => void): void {
  if (isObject(value)) for (const key of Object.keys(value)) fn(value[key]);
}
