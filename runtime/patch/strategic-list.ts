// Lists under strategic merge patch: merging by merge key (maps) or as a set (primitives),
// the `$patch` items inside a list, deletions from primitive lists, and the element order kube
// produces. The order rules are kube's: items the patch names come in the patch's order (or
// `$setElementOrder`'s), items only the server had keep their relative order, and the two runs
// are interleaved by the server's original positions.
import { hasOwn, isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import { goFormat } from './go-format.js';
import { internal } from './patch-error.js';
import { badArgType, DIRECTIVE, listOfLists, noMergeKey, SET_ELEMENT_ORDER, unknownPatchType } from './strategic-directives.js';

/** What list merging needs from map merging (they recurse into each other). */
export interface MapMerger {
  /** Merges `patch` into `original` (a private copy, or undefined for "absent"). */
  mergeMap(original: JsonObject | undefined, patch: JsonObject, path: string): JsonObject;
}

/** Go's reflect type of a decoded element; lists must hold one type. */
type ElementKind = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil';

function kindOf(value: JsonValue): ElementKind {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return 'slice';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}

/** The one element type of all the lists, or kube's error for lists of lists and mixed lists. */
export function elementKind(...lists: readonly JsonValue[][]): ElementKind {
  let kind: ElementKind | undefined;
  for (const list of lists) {
    for (const item of list) {
      const current = kindOf(item);
      if (kind === undefined) {
        kind = current;
        if (kind === 'slice') throw listOfLists();
      } else if (kind !== current) {
        throw internal(`list element types are not identical: ${goFormat(lists as JsonValue[][])}`);
      }
    }
  }
  if (kind === undefined) throw internal('no elements in any of the given slices');
  return kind;
}

/** Stands for "no merge key", which matches no patch item. */
const NO_KEY = Symbol('no merge key');

/** The value an item is identified by: its merge key's value for maps, itself otherwise. */
function identity(item: JsonValue, mergeKey: string, kind: ElementKind): unknown {
  if (kind !== 'map') return item;
  return isJsonObject(item) && hasOwn(item, mergeKey) ? item[mergeKey] : NO_KEY;
}

/** First position of each identity in a list; object identities only match themselves. */
function positions(list: readonly JsonValue[], mergeKey: string, kind: ElementKind): Map<unknown, number> {
  const index = new Map<unknown, number>();
  list.forEach((item, i) => {
    const id = identity(item, mergeKey, kind);
    if (!index.has(id)) index.set(id, i);
  });
  return index;
}

function requireMap(item: JsonValue): JsonObject {
  if (!isJsonObject(item)) throw badArgType('map', item);
  return item;
}

function requireMergeKey(item: JsonValue, mergeKey: string): JsonObject {
  const map = requireMap(item);
  if (!hasOwn(map, mergeKey)) throw noMergeKey(map, mergeKey);
  return map;
}

function isDeleteItem(item: JsonValue): boolean {
  return isJsonObject(item) && item[DIRECTIVE] === 'delete';
}

/** Sorts `items` by their position in `order` (stable); items `order` lacks go last, in place. */
function sortByOrder(items: JsonValue[], order: readonly JsonValue[], mergeKey: string, kind: ElementKind): JsonValue[] {
  let toSort = items;
  let deletions: JsonValue[] = [];
  if (kind === 'map') {
    for (const item of items) requireMergeKey(item, mergeKey);
    for (const item of order) requireMergeKey(item, mergeKey);
    toSort = items.filter((item) => !isDeleteItem(item));
    deletions = items.filter(isDeleteItem);
  }
  const index = positions(order, mergeKey, kind);
  const ranked = toSort.map((item, i) => ({ item, i, at: index.get(identity(item, mergeKey, kind)) }));
  ranked.sort((a, b) => {
    if (a.at !== undefined && b.at !== undefined) return a.at - b.at || a.i - b.i;
    if (a.at === undefined && b.at === undefined) return a.i - b.i;
    return a.at === undefined ? 1 : -1;
  });
  return [...ranked.map((r) => r.item), ...deletions];
}

/**
 * Splits `merged` into the items `by` names and the rest, sorts each run (patch items by
 * `patchOrder`, server items by `serverOrder`), then interleaves them: a server item goes
 * first only when both are known to the server list and it stood earlier there.
 */
export function orderMerged(
  merged: readonly JsonValue[],
  by: readonly JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const named: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  if (mergeKey === '') {
    const wanted = new Set<unknown>(by);
    for (const item of merged) (wanted.has(item) ? named : serverOnly).push(item);
  } else {
    const wanted = new Set<unknown>();
    by.forEach((item, i) => {
      if (!isJsonObject(item)) throw internal(`value for key ${i} is not a map.`);
      if (hasOwn(item, mergeKey)) wanted.add(item[mergeKey]);
    });
    for (const item of merged) {
      const map = requireMergeKey(item, mergeKey);
      (wanted.has(map[mergeKey]) ? named : serverOnly).push(item);
    }
  }
  const right = sortByOrder(named, patchOrder, mergeKey, kind);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  const server = positions(serverOrder, mergeKey, kind);
  const result: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) result.push(right[j++]!);
    else if (j >= right.length) result.push(left[i++]!);
    else {
      const li = server.get(identity(left[i]!, mergeKey, kind));
      const ri = server.get(identity(right[j]!, mergeKey, kind));
      if (li !== undefined && ri !== undefined && li < ri) result.push(left[i++]!);
      else result.push(right[j++]!);
    }
  }
  return result;
}

/** `$deleteFromPrimitiveList`: every occurrence of every listed value goes. */
export function deleteFromList(current: readonly JsonValue[], toDelete: readonly JsonValue[]): JsonValue[] {
  const gone = new Set<unknown>(toDelete);
  return current.filter((item) => !gone.has(item));
}

/**
 * Merges two lists of a field whose strategy is `merge` into a new array. The maps inside
 * `original` are private copies and may be merged into in place; `patch` belongs to the caller.
 */
export function mergeList(
  original: JsonValue[],
  patch: readonly JsonValue[],
  itemPath: string,
  mergeKey: string,
  isDeleteList: boolean,
  merger: MapMerger,
): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch as JsonValue[]);
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromList(original, patch);
    const seen = new Set<unknown>();
    const union: JsonValue[] = [];
    for (const item of [...original, ...patch]) {
      if (!seen.has(item)) {
        seen.add(item);
        union.push(item);
      }
    }
    return orderMerged(union, patch, patch, original, '', kind);
  }
  // A list of maps: kube merges even a `$deleteFromPrimitiveList` of maps as ordinary items.
  if (mergeKey === '') throw internal('cannot merge lists without merge key for type struct');
  const special = applyListDirectives(original, patch, mergeKey);
  // A replacing list is taken from the patch, so its items are materialized like new ones.
  // A new array: callers keep using `original` as the server's order.
  const base = special.replaced
    ? special.original.map((item) => merger.mergeMap(undefined, requireMap(item), itemPath))
    : special.original.slice();
  base.forEach((item, i) => {
    if (!isJsonObject(item)) throw internal(`value for key ${i} is not a map.`);
  });
  // The server's order is the list before patch items are appended to it.
  const serverOrder = base.slice();
  const index = positions(base, mergeKey, kind);
  for (const item of special.patch) {
    const map = requireMergeKey(item, mergeKey);
    const at = index.get(map[mergeKey]);
    if (at !== undefined) {
      base[at] = merger.mergeMap(base[at] as JsonObject, map, itemPath);
    } else {
      index.set(map[mergeKey], base.length);
      base.push(merger.mergeMap(undefined, map, itemPath));
    }
  }
  return orderMerged(base, special.patch, special.patch, serverOrder, mergeKey, kind);
}

/**
 * `$patch` items of a merging list of maps: `delete` removes every item with that merge key,
 * `replace` makes the remaining patch items the whole list.
 */
function applyListDirectives(
  original: JsonValue[],
  patch: readonly JsonValue[],
  mergeKey: string,
): { original: JsonValue[]; patch: JsonValue[]; replaced: boolean } {
  const plain: JsonValue[] = [];
  let replace = false;
  let base = original;
  for (const item of patch) {
    const map = item as JsonObject;
    if (!hasOwn(map, DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    const directive = map[DIRECTIVE]!;
    if (directive === 'delete') {
      if (!hasOwn(map, mergeKey)) throw noMergeKey(map, mergeKey);
      base.forEach((entry, i) => {
        if (!isJsonObject(entry)) throw internal(`value for key ${i} is not a map.`);
      });
      base = base.filter((entry) => !(hasOwn(entry as JsonObject, mergeKey) && (entry as JsonObject)[mergeKey] === map[mergeKey]));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw internal('merging lists cannot yet be specified in the patch');
    } else {
      throw unknownPatchType(directive, map);
    }
  }
  if (replace) return { original: plain, patch: [], replaced: true };
  return { original: base, patch: plain, replaced: false };
}

/**
 * Checks a `$setElementOrder` list against the patch list it orders: every (non-directive)
 * patch item must appear in it, in the same relative order.
 */
export function checkElementOrder(patchList: readonly JsonValue[], order: readonly JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items: readonly JsonValue[] = patchList;
  if (mergeKey !== '') {
    for (const item of patchList) requireMap(item);
    items = patchList.filter((item) => !isDeleteItem(item));
  }
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p]!;
    if (isJsonObject(item) && hasOwn(item, DIRECTIVE)) {
      p++;
      continue;
    }
    if (sameMergeKey(item, order[s]!, mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw internal(
      `The order in patch list:\n${goFormat(patchList as JsonValue[])}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(order as JsonValue[])}\n`,
    );
  }
}

function sameMergeKey(left: JsonValue, right: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  const l = requireMergeKey(left, mergeKey);
  const r = requireMergeKey(right, mergeKey);
  return l[mergeKey] === r[mergeKey];
}

