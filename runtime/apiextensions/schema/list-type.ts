// x-kubernetes-list-type checks kube runs after value validation: a set holds no item twice,
// a map list holds objects whose key tuple is unique. Duplicates are reported at each later
// index with kube's Duplicate error (for maps, the bad value is the key tuple).
import * as api from '../../api/index.js';
import type { FieldError } from '../../api/index.js';

// Module-level copies: under tsx every call through an import binding costs a getter.
const { fieldErrors, indexPath, isObject } = api;

/** Canonical text of a JSON value with sorted keys, so equal values compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function identity(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? canonical(value) : value;
}

export function checkSet(path: string, items: readonly unknown[], out: FieldError[]): void {
  // Scalars are their own identity (a Set tells 1 from "1"); objects and lists are compared
  // by canonical text in a set of their own, so a string can never equal an object's text.
  const scalars = new Set<unknown>();
  const composites = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === 'object' && item !== null) {
      const key = canonical(item);
      if (composites.has(key)) out.push(fieldErrors.duplicate(indexPath(path, i), item));
      else composites.add(key);
    } else if (scalars.has(item)) {
      out.push(fieldErrors.duplicate(indexPath(path, i), item));
    } else {
      scalars.add(item);
    }
  }
}

export function checkMapList(path: string, items: readonly unknown[], keys: readonly string[], out: FieldError[]): void {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item !== null && item !== undefined && !isObject(item)) {
      out.push(fieldErrors.invalid(indexPath(path, i), item, 'must be an object for an array of list-type map'));
    }
  }
  if (keys.length === 1) {
    const key = keys[0]!;
    const seen = new Set<unknown>();
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!isObject(item) || !Object.hasOwn(item, key)) continue;
      const id = identity(item[key]);
      if (seen.has(id)) out.push(fieldErrors.duplicate(indexPath(path, i), { [key]: item[key] }));
      else seen.add(id);
    }
    return;
  }
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isObject(item)) continue;
    const tuple: Record<string, unknown> = {};
    for (const k of keys) if (Object.hasOwn(item, k)) tuple[k] = item[k];
    const id = canonical(tuple);
    if (seen.has(id)) out.push(fieldErrors.duplicate(indexPath(path, i), tuple));
    else seen.add(id);
  }
}
