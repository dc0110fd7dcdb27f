// managedFields as a working collection: entries keyed by who they belong to (manager,
// operation, subresource, and for updates the apiVersion), each holding a decoded field set.
import { FieldSet, union } from './field-set.js';
import { isObject } from './json.js';
import type { ManagedFieldsEntry } from './types.js';

export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

export type Managed = Map<string, ManagedEntry>;

/** The identity kube gives an entry: apiVersion only separates updates; appliers keep one entry across versions. */
export function managerKey(e: Pick<ManagedEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const id: Record<string, string> = {};
  if (e.manager) id['manager'] = e.manager;
  id['operation'] = e.operation;
  if (e.operation === 'Update' && e.apiVersion) id['apiVersion'] = e.apiVersion;
  if (e.subresource) id['subresource'] = e.subresource;
  return JSON.stringify(id);
}

export class InvalidManagedFieldsError extends Error {}

/** Decodes wire entries; throws InvalidManagedFieldsError for anything kube would refuse to decode. */
export function decodeEntries(value: unknown): Managed {
  if (!Array.isArray(value)) throw new InvalidManagedFieldsError('managedFields must be a list');
  const managed: Managed = new Map();
  value.forEach((raw, i) => {
    if (!isObject(raw)) throw new InvalidManagedFieldsError(`managed fields entry ${i} must be an object`);
    const { manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource } = raw;
    if (operation !== 'Apply' && operation !== 'Update') throw new InvalidManagedFieldsError('operation must be `Apply` or `Update`');
    if (typeof apiVersion !== 'string' || apiVersion.length === 0) throw new InvalidManagedFieldsError('apiVersion must not be empty');
    if (fieldsType === undefined || fieldsType === '') throw new InvalidManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') throw new InvalidManagedFieldsError(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${i}`);
    if (manager !== undefined && typeof manager !== 'string') throw new InvalidManagedFieldsError(`manager in managed fields entry ${i} must be a string`);
    if (subresource !== undefined && typeof subresource !== 'string') throw new InvalidManagedFieldsError(`subresource in managed fields entry ${i} must be a string`);
    if (time !== undefined && time !== null && (typeof time !== 'string' || Number.isNaN(Date.parse(time)))) {
      throw new InvalidManagedFieldsError(`time in managed fields entry ${i} must be an RFC 3339 timestamp`);
    }
    let set: FieldSet;
    try {
      set = fieldsV1 === undefined || fieldsV1 === null ? new FieldSet() : FieldSet.fromFieldsV1(fieldsV1);
    } catch (err) {
      throw new InvalidManagedFieldsError(`error decoding versioned set from managed fields entry ${i}: ${(err as Error).message}`);
    }
    const entry: ManagedEntry = { manager: manager ?? '', operation, apiVersion, set };
    if (typeof time === 'string') entry.time = time;
    if (subresource) entry.subresource = subresource;
    // A later duplicate replaces an earlier one, as in kube.
    managed.set(managerKey(entry), entry);
  });
  return managed;
}

/** `[]` and `[{}]` in a request are how a client asks for managedFields to be cleared. */
export function isResetRequest(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  return value.length === 0 || (value.length === 1 && isObject(value[0]) && Object.keys(value[0]).length === 0);
}

/** Wire entries in kube's order: appliers first, then oldest first, then by name, version, subresource. */
export function encodeEntries(managed: Managed): ManagedFieldsEntry[] {
  const entries = [...managed.values()].filter((e) => !e.set.empty);
  entries.sort((p, q) => {
    if (p.operation !== q.operation) return p.operation === 'Apply' ? -1 : 1;
    const pt = p.time ? Date.parse(p.time) : Number.NEGATIVE_INFINITY;
    const qt = q.time ? Date.parse(q.time) : Number.NEGATIVE_INFINITY;
    if (pt !== qt) return pt < qt ? -1 : 1;
    if (p.manager !== q.manager) return p.manager < q.manager ? -1 : 1;
    if (p.apiVersion !== q.apiVersion) return p.apiVersion < q.apiVersion ? -1 : 1;
    const ps = p.subresource ?? '';
    const qs = q.subresource ?? '';
    return ps < qs ? -1 : ps > qs ? 1 : 0;
  });
  return entries.map((e) => {
    const out: ManagedFieldsEntry = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion } as ManagedFieldsEntry;
    if (e.time !== undefined) out.time = e.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = e.set.toFieldsV1();
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_MANAGER = 'ancient-changes';

/** Keeps at most ten Update entries by folding the oldest into one `ancient-changes` entry per apiVersion. */
export function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.entries()].filter(([, e]) => e.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  updaters.sort(([, a], [, b]) => (a.time ? Date.parse(a.time) : -Infinity) - (b.time ? Date.parse(b.time) : -Infinity));
  let count = updaters.length;
  const firstOfVersion = new Map<string, string>();
  for (const [key, entry] of updaters) {
    if (count <= MAX_UPDATE_MANAGERS) break;
    const bucketKey = managerKey({ manager: ANCIENT_MANAGER, operation: 'Update', apiVersion: entry.apiVersion });
    const first = firstOfVersion.get(entry.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(entry.apiVersion, key);
      continue;
    }
    let bucket = managed.get(bucketKey);
    if (!bucket) {
      const seed = managed.get(first)!;
      managed.delete(first);
      bucket = { manager: ANCIENT_MANAGER, operation: 'Update', apiVersion: entry.apiVersion, set: seed.set };
      if (seed.time) bucket.time = seed.time;
      managed.set(bucketKey, bucket);
    }
    bucket.set = union(bucket.set, entry.set) ?? bucket.set;
    if (entry.time) bucket.time = entry.time;
    managed.delete(key);
    count--;
  }
}

