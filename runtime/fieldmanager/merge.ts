// The object an apply produces before pruning: the configuration laid over the live object.
// Granular maps merge key by key, keyed and set lists merge item by item, anything atomic
// (scalars, atomic maps and lists, values that change shape) is replaced.
import { isObject, type JsonObject, type JsonValue } from './json.js';
import { indexList, type IndexedItem } from './list-items.js';
import type { FieldSchema } from './schema.js';

export function mergeObjects(live: JsonValue, config: JsonValue, schema: FieldSchema): JsonValue {
  return merge(live, config, '', schema) ?? config;
}

function merge(live: JsonValue | undefined, config: JsonValue | undefined, path: string, schema: FieldSchema): JsonValue | undefined {
  if (config === undefined) return live;
  if (live === undefined) return config;
  if (isObject(live) && isObject(config)) {
    if (schema.isAtomicMap(path)) return config;
    const out: JsonObject = { ...live };
    for (const key of Object.keys(config)) {
      const merged = merge(live[key], config[key], schema.child(path, key).path, schema);
      if (merged !== undefined) out[key] = merged;
    }
    return out;
  }
  if (Array.isArray(live) && Array.isArray(config)) {
    const kind = schema.listKind(path);
    if (kind.kind === 'atomic' || config.length === 0) return kind.kind === 'atomic' ? config : live;
    return mergeLists(indexList(schema, path, kind, live).items, indexList(schema, path, kind, config).items, schema.item(path), schema);
  }
  return config;
}

/**
 * Items only the live list has keep their place; items the configuration names come in the
 * configuration's order. Walking both lists at once, a live item the configuration also names
 * waits until the configuration reaches it, unless it is the next shared item due.
 */
function mergeLists(live: IndexedItem[], config: IndexedItem[], itemPath: string, schema: FieldSchema): JsonValue[] {
  const liveByKey = new Map<string, IndexedItem>();
  for (const item of live) if (!liveByKey.has(item.key)) liveByKey.set(item.key, item);
  const configKeys = new Set(config.map((i) => i.key));
  const shared = config.filter((i) => liveByKey.has(i.key)).map((i) => i.key);
  let nextShared = 0;
  const emitted = new Set<string>();
  const out: JsonValue[] = [];
  const emit = (key: string, lv: JsonValue | undefined, cv: JsonValue | undefined): void => {
    if (emitted.has(key)) return;
    emitted.add(key);
    const merged = merge(lv, cv, itemPath, schema);
    if (merged !== undefined) out.push(merged);
    if (shared[nextShared] === key) nextShared++;
  };
  let l = 0;
  let c = 0;
  while (l < live.length || c < config.length) {
    const li = live[l];
    const ci = config[c];
    if (li && emitted.has(li.key)) {
      l++;
      continue;
    }
    if (li && ci && li.key === ci.key) {
      emit(ci.key, li.value, ci.value);
      l++;
      c++;
      continue;
    }
    if (li && !configKeys.has(li.key)) {
      emit(li.key, li.value, undefined);
      l++;
      continue;
    }
    if (li && ci && shared[nextShared] !== li.key) {
      l++;
      continue;
    }
    if (ci) {
      emit(ci.key, liveByKey.get(ci.key)?.value, ci.value);
      c++;
      continue;
    }
    l++;
  }
  return out;
}
