// What changed between two versions of an object, as three field sets. Leaves compare by
// value; a map or list item that appears (or disappears) as a whole is itself added (or
// removed), which is where the `"."` markers of Update entries come from.
import { FieldSet, union } from './field-set.js';
import { deepEqual, isObject, type JsonValue } from './json.js';
import { indexList, type IndexedList } from './list-items.js';
import type { FieldSchema } from './schema.js';

export interface Comparison {
  added?: FieldSet;
  modified?: FieldSet;
  removed?: FieldSet;
}

type Slot = 'added' | 'modified' | 'removed';

export function compareObjects(lhs: JsonValue, rhs: JsonValue, schema: FieldSchema): Comparison {
  return compare(lhs, rhs, '', schema);
}

function compare(lhs: JsonValue | undefined, rhs: JsonValue | undefined, path: string, schema: FieldSchema): Comparison {
  const lMap = lhs === null || isObject(lhs);
  const rMap = rhs === null || isObject(rhs);
  const lList = lhs === null || Array.isArray(lhs);
  const rList = rhs === null || Array.isArray(rhs);
  if ((isObject(lhs) || isObject(rhs)) && (lhs === undefined || lMap) && (rhs === undefined || rMap)) {
    const l = isObject(lhs) ? lhs : undefined;
    const r = isObject(rhs) ? rhs : undefined;
    if (schema.isAtomicMap(path) || (isEmptyMap(l) && isEmptyMap(r))) return compareLeaf(lhs, rhs);
    return withSelf(compareMaps(l, r, path, schema), lhs, rhs);
  }
  if ((Array.isArray(lhs) || Array.isArray(rhs)) && (lhs === undefined || lList) && (rhs === undefined || rList)) {
    const l = Array.isArray(lhs) ? lhs : undefined;
    const r = Array.isArray(rhs) ? rhs : undefined;
    const kind = schema.listKind(path);
    if (kind.kind === 'atomic' || ((l?.length ?? 0) === 0 && (r?.length ?? 0) === 0)) return compareLeaf(lhs, rhs);
    const li = l ? indexList(schema, path, kind, l) : undefined;
    const ri = r ? indexList(schema, path, kind, r) : undefined;
    return withSelf(compareLists(li, ri, path, schema), lhs, rhs);
  }
  if (lhs === undefined || rhs === undefined || !isStructure(lhs) && !isStructure(rhs)) return compareLeaf(lhs, rhs);
  // The value changed shape (e.g. a map became a string): the path is modified, whatever hung
  // under the old shape is removed and whatever hangs under the new one is added.
  const gone = isStructure(lhs) ? compare(lhs, undefined, path, schema) : {};
  const come = isStructure(rhs) ? compare(undefined, rhs, path, schema) : {};
  const out: Comparison = {};
  put(out, 'modified', leafSet());
  if (gone.removed) put(out, 'removed', childrenOnly(gone.removed));
  if (come.added) put(out, 'added', childrenOnly(come.added));
  return out;
}

function compareMaps(l: Record<string, JsonValue> | undefined, r: Record<string, JsonValue> | undefined, path: string, schema: FieldSchema): Comparison {
  const out: Comparison = {};
  if (l) {
    for (const key of Object.keys(l)) {
      const sub = compare(l[key], r?.[key], schema.child(path, key).path, schema);
      attach(out, `f:${key}`, sub);
    }
  }
  if (r) {
    for (const key of Object.keys(r)) {
      if (l && Object.prototype.hasOwnProperty.call(l, key)) continue;
      attach(out, `f:${key}`, compare(undefined, r[key], schema.child(path, key).path, schema));
    }
  }
  return out;
}

function compareLists(l: IndexedList | undefined, r: IndexedList | undefined, path: string, schema: FieldSchema): Comparison {
  const out: Comparison = {};
  const itemPath = schema.item(path);
  const itemValue = (list: IndexedList | undefined, key: string): JsonValue | undefined => {
    if (!list) return undefined;
    // Duplicated items cannot be told apart: they are compared together, as one value.
    return list.duplicates.get(key) ?? list.byKey.get(key)?.value;
  };
  const visit = (key: string): void => {
    const dup = (l?.duplicates.has(key) ?? false) || (r?.duplicates.has(key) ?? false);
    const lv = itemValue(l, key);
    const rv = itemValue(r, key);
    attach(out, key, dup ? compareLeaf(lv, rv) : withSelf(compare(lv, rv, itemPath, schema), lv, rv));
  };
  if (l) for (const key of l.byKey.keys()) visit(key);
  if (r) for (const key of r.byKey.keys()) if (!l?.byKey.has(key)) visit(key);
  return out;
}

function compareLeaf(lhs: JsonValue | undefined, rhs: JsonValue | undefined): Comparison {
  if (lhs === undefined && rhs === undefined) return {};
  if (lhs === undefined) return { added: leafSet() };
  if (rhs === undefined) return { removed: leafSet() };
  return deepEqual(lhs, rhs) ? {} : { modified: leafSet() };
}

/** A structure that appears or disappears as a whole is itself added or removed. */
function withSelf(c: Comparison, lhs: JsonValue | undefined, rhs: JsonValue | undefined): Comparison {
  if (lhs === undefined && rhs !== undefined) markSelf(c, 'added');
  else if (rhs === undefined && lhs !== undefined) markSelf(c, 'removed');
  return c;
}

function markSelf(c: Comparison, slot: Slot): void {
  const set = c[slot] ?? new FieldSet();
  set.member = true;
  c[slot] = set;
}

function attach(out: Comparison, key: string, sub: Comparison): void {
  for (const slot of ['added', 'modified', 'removed'] as const) {
    const child = sub[slot];
    if (!child || child.empty) continue;
    const set = out[slot] ?? new FieldSet();
    set.children.set(key, child);
    out[slot] = set;
  }
}

function put(out: Comparison, slot: Slot, set: FieldSet): void {
  out[slot] = union(out[slot], set);
}

function childrenOnly(set: FieldSet): FieldSet {
  const out = new FieldSet();
  for (const [k, v] of set.children) out.children.set(k, v);
  return out;
}

function leafSet(): FieldSet {
  const s = new FieldSet();
  s.member = true;
  return s;
}

const isStructure = (v: JsonValue): boolean => typeof v === 'object' && v !== null;
const isEmptyMap = (m: Record<string, JsonValue> | undefined): boolean => {
  if (!m) return true;
  for (const _ in m) return false;
  return true;
};
