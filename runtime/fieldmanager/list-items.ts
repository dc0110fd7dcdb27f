// Lists indexed by their items' path elements, so keyed lists are matched in one pass.
import type { JsonValue } from './json.js';
import { elementKey, type PathElement } from './path-element.js';
import type { FieldSchema, ListKind } from './schema.js';

export interface IndexedItem {
  readonly pe: PathElement;
  readonly key: string;
  readonly value: JsonValue;
}

export interface IndexedList {
  readonly items: IndexedItem[];
  /** First occurrence of each element key. */
  readonly byKey: Map<string, IndexedItem>;
  /** Every value of each element key that occurs more than once. */
  readonly duplicates: Map<string, JsonValue[]>;
}

export function indexList(schema: FieldSchema, path: string, kind: ListKind, list: readonly JsonValue[]): IndexedList {
  const items: IndexedItem[] = [];
  const byKey = new Map<string, IndexedItem>();
  const duplicates = new Map<string, JsonValue[]>();
  for (let i = 0; i < list.length; i++) {
    const value = list[i]!;
    const pe = schema.itemElement(path, kind, value, i);
    const key = elementKey(pe);
    const item = { pe, key, value };
    items.push(item);
    const first = byKey.get(key);
    if (!first) byKey.set(key, item);
    else {
      const group = duplicates.get(key);
      if (group) group.push(value);
      else duplicates.set(key, [first.value, value]);
    }
  }
  return { items, byKey, duplicates };
}
