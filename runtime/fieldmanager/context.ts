// Per-call setup shared by update tracking and apply: the schema view (cached per descriptor)
// and the live object's managedFields split from the object itself.
import type { FieldMeta } from '../api/index.js';
import { isObject, type JsonObject, type JsonValue } from './json.js';
import { decodeEntries, type Managed } from './managed.js';
import { FieldSchema } from './schema.js';

const schemas = new WeakMap<object, FieldSchema>();

export function schemaFor(fields: Readonly<Record<string, FieldMeta>>): FieldSchema {
  let schema = schemas.get(fields);
  if (!schema) {
    schema = new FieldSchema(fields);
    schemas.set(fields, schema);
  }
  return schema;
}

/** A shallow copy of `obj` without metadata.managedFields (the bookkeeping is never compared). */
export function withoutManagedFields(obj: object): JsonObject {
  const value = obj as JsonObject;
  const meta = value['metadata'];
  if (!isObject(meta) || !('managedFields' in meta)) return value;
  const { managedFields: _dropped, ...rest } = meta;
  return { ...value, metadata: rest };
}

export function managedFieldsOf(obj: object | null): unknown {
  if (!obj) return undefined;
  const meta = (obj as JsonObject)['metadata'];
  return isObject(meta) ? meta['managedFields'] : undefined;
}

/** The live object's entries; undecodable ones count as none, as in kube. */
export function liveManaged(live: object | null): Managed {
  const raw = managedFieldsOf(live);
  if (raw === undefined || raw === null) return new Map();
  try {
    return decodeEntries(raw);
  } catch {
    return new Map();
  }
}

export const asJson = (v: object): JsonValue => v as JsonValue;
