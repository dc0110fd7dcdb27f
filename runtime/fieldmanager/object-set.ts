// The fields an apply configuration specifies: every leaf, every list item, every map entry,
// and every explicit null or empty map (the applier owns those as values).
import { FieldSet } from './field-set.js';
import { isObject, type JsonValue } from './json.js';
import { indexList } from './list-items.js';
import { elementString, fieldElement } from './path-element.js';
import type { FieldSchema } from './schema.js';

export class InvalidObjectError extends Error {}

export function objectFieldSet(value: JsonValue, schema: FieldSchema): FieldSet {
  return walk(value, '', schema, '') ?? new FieldSet();
}

function walk(value: JsonValue, path: string, schema: FieldSchema, printed: string): FieldSet | undefined {
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 || schema.isAtomicMap(path)) return leaf();
    const node = new FieldSet();
    for (const key of keys) {
      const child = schema.child(path, key);
      const childValue = value[key]!;
      const sub = walk(childValue, child.path, schema, printed + elementString(fieldElement(key))) ?? new FieldSet();
      // A free-form map's entry is owned as a whole as well as through its contents.
      if (child.entry || childValue === null) sub.member = true;
      if (!sub.empty) node.children.set(`f:${key}`, sub);
    }
    return node.empty ? undefined : node;
  }
  if (Array.isArray(value)) {
    const kind = schema.listKind(path);
    if (kind.kind === 'atomic') return leaf();
    const indexed = indexList(schema, path, kind, value);
    const node = new FieldSet();
    for (const item of indexed.items) {
      if (indexed.duplicates.has(item.key)) {
        throw new InvalidObjectError(`${printed}: duplicate entries for key ${elementString(item.pe)}`);
      }
      const sub = walk(item.value, schema.item(path), schema, printed + elementString(item.pe)) ?? new FieldSet();
      sub.member = true;
      node.children.set(item.key, sub);
    }
    return node.empty ? undefined : node;
  }
  return leaf();
}

function leaf(): FieldSet {
  const node = new FieldSet();
  node.member = true;
  return node;
}
