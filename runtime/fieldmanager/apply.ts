// Server-side apply: merge the configuration into the live object, make the applier own
// exactly what it specified, drop what it stopped specifying and nobody else owns, and refuse
// (unless forced) to change a value another manager owns.
import { statusErrors } from '../errors/index.js';
import { asJson, liveManaged, managedFieldsOf, schemaFor, withoutManagedFields } from './context.js';
import { FieldSet, union } from './field-set.js';
import { deepEqual, isObject, type JsonObject, type JsonValue } from './json.js';
import { capUpdateManagers, encodeEntries, managerKey, type Managed, type ManagedEntry } from './managed.js';
import { mergeObjects } from './merge.js';
import { InvalidObjectError, objectFieldSet } from './object-set.js';
import { changesBetween, transferOwnership } from './ownership.js';
import { fieldsToPrune, removeFields } from './prune.js';
import { MissingKeyError, type FieldSchema } from './schema.js';
import type { ApplyContext, ApplyResult } from './types.js';
import { withoutUntracked } from './untracked.js';

/** Who owns an existing object's fields when it is first applied to without any managedFields. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

export function applyConfiguration(live: object | null, applied: object, manager: string, ctx: ApplyContext): ApplyResult {
  const schema = schemaFor(ctx.fields);
  const sent = managedFieldsOf(applied);
  if (sent !== undefined && sent !== null) {
    throw statusErrors.badRequest(`metadata.managedFields must be nil`);
  }
  const config = asJson(applied);
  const configSet = typedSet(config, schema);
  const managed = liveManaged(live);
  const empty = asJson(ctx.emptyObject ?? {});
  const before = live ? asJson(withoutManagedFields(live)) : empty;
  if (live && managed.size === 0) adoptExisting(managed, before, empty, schema, ctx);

  const subresource = ctx.subresource || undefined;
  const key = managerKey({ manager, operation: 'Apply', apiVersion: ctx.apiVersion, subresource });
  const previous = managed.get(key);
  const ownSet = withoutUntracked(configSet);

  // A create merges onto nothing; the empty value only decides what counts as newly added.
  let merged = typed(() => mergeObjects(live ? before : {}, config, schema), config);
  const entry: ManagedEntry = { manager, operation: 'Apply', apiVersion: ctx.apiVersion, set: ownSet ?? new FieldSet() };
  if (previous?.time) entry.time = previous.time;
  if (subresource) entry.subresource = subresource;
  managed.set(key, entry);
  if (previous) {
    let owned: FieldSet | undefined;
    for (const e of managed.values()) owned = union(owned, e.set);
    const doomed = fieldsToPrune(previous.set, owned, schema);
    if (doomed) merged = typed(() => removeFields(merged, doomed, schema), config);
  }

  transferOwnership(managed, key, changesBetween(before, merged, schema), !ctx.force);

  const object = withoutNulls(merged, '', schema);
  if (!ownSet) managed.delete(key);
  // The entry's time moves when the apply changed the object or what the applier owns.
  else if (!previous || !previous.set.equals(ownSet) || !deepEqual(before, merged)) entry.time = ctx.now;
  capUpdateManagers(managed);
  return { object: object as object, managedFields: encodeEntries(managed) };
}

/** An object nobody has managed yet belongs to a placeholder updater, so applies can conflict with it. */
function adoptExisting(managed: Managed, before: JsonValue, empty: JsonValue, schema: FieldSchema, ctx: ApplyContext): void {
  const changes = changesBetween(empty, before, schema);
  if (!changes.changed) return;
  const entry = { manager: BEFORE_FIRST_APPLY, operation: 'Update' as const, apiVersion: ctx.apiVersion, time: ctx.now, set: changes.changed };
  managed.set(managerKey(entry), entry);
}

function typedSet(config: JsonValue, schema: FieldSchema): FieldSet {
  return typed(() => objectFieldSet(config, schema), config);
}

/** Shape errors in the configuration are the client's: 400, worded as kube words them. */
function typed<T>(fn: () => T, config: JsonValue): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InvalidObjectError || err instanceof MissingKeyError) {
      throw statusErrors.badRequest(`failed to create typed patch object (${describeObject(config)}): ${err.message}`);
    }
    throw err;
  }
}

function describeObject(config: JsonValue): string {
  const obj = isObject(config) ? config : {};
  const meta = isObject(obj['metadata']) ? obj['metadata'] : {};
  const apiVersion = typeof obj['apiVersion'] === 'string' ? obj['apiVersion'] : '';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const kind = typeof obj['kind'] === 'string' ? obj['kind'] : '';
  return `${String(meta['namespace'] ?? '')}/${String(meta['name'] ?? '')}; ${group}/${version}, Kind=${kind}`;
}

/**
 * A null in an apply configuration claims the field and clears it: the stored object keeps no
 * null (kube's typed objects cannot hold one). Inside preserve-unknown subtrees nulls are data.
 */
function withoutNulls(value: JsonValue, path: string, schema: FieldSchema): JsonValue {
  if (Array.isArray(value)) {
    const kind = schema.listKind(path);
    return kind.kind === 'atomic' ? value : value.map((v) => withoutNulls(v, schema.item(path), schema));
  }
  if (!isObject(value) || schema.isAtomicMap(path) || schema.meta(path)?.preserveUnknownFields) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    out[k] = withoutNulls(v, schema.child(path, k).path, schema);
  }
  return out;
}
