// What an applier's silence removes. A field the applier owned last time and no longer
// specifies leaves the object unless someone still owns it; a struct field counts as owned
// while anything under it is, a list item or map entry only when it is owned itself.
import { FieldSet } from './field-set.js';
import { isObject, type JsonObject, type JsonValue } from './json.js';
import { indexList } from './list-items.js';
import type { FieldSchema } from './schema.js';

/** The paths of `last` to delete from the merged object, given what every manager now owns. */
export function fieldsToPrune(last: FieldSet, owned: FieldSet | undefined, schema: FieldSchema): FieldSet | undefined {
  const out = walk(last, owned, '', false, schema);
  return out && !out.empty ? out : undefined;
}

function walk(last: FieldSet, owned: FieldSet | undefined, path: string, orphaned: boolean, schema: FieldSchema): FieldSet | undefined {
  let out: FieldSet | undefined;
  for (const [key, lastChild] of last.children) {
    const ownedChild = owned?.children.get(key);
    const isField = key.startsWith('f:');
    const child = isField ? schema.child(path, key.slice(2)) : { path: schema.item(path), entry: false };
    const named = isField && !child.entry;
    const claimed = ownedChild !== undefined && (ownedChild.member || (named && ownedChild.children.size > 0));
    const orphanedHere = orphaned || ((lastChild.member || named) && !claimed);
    let sub: FieldSet | undefined;
    if (lastChild.member && orphanedHere) {
      sub = new FieldSet();
      sub.member = true;
    } else if (lastChild.children.size > 0) {
      sub = walk(lastChild, ownedChild, child.path, orphanedHere, schema);
    }
    if (sub) (out ??= new FieldSet()).children.set(key, sub);
  }
  return out;
}

/** A copy of `value` without the members of `set` (each removed with everything under it). */
export function removeFields(value: JsonValue, set: FieldSet, schema: FieldSchema): JsonValue {
  return remove(value, set, '', schema);
}

function remove(value: JsonValue, set: FieldSet, path: string, schema: FieldSchema): JsonValue {
  if (isObject(value)) {
    let out: JsonObject | undefined;
    for (const [key, child] of set.children) {
      if (!key.startsWith('f:')) continue;
      const name = key.slice(2);
      if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
      out ??= { ...value };
      if (child.member) delete out[name];
      else out[name] = remove(value[name]!, child, schema.child(path, name).path, schema);
    }
    return out ?? value;
  }
  if (Array.isArray(value)) {
    const kind = schema.listKind(path);
    if (kind.kind === 'atomic') return value;
    const items = indexList(schema, path, kind, value).items;
    const out: JsonValue[] = [];
    for (const item of items) {
      const child = set.children.get(item.key);
      if (!child) out.push(item.value);
      else if (!child.member) out.push(remove(item.value, child, schema.item(path), schema));
    }
    return out;
  }
  return value;
}
