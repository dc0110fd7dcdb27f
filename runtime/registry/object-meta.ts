// The ObjectMeta fields the registry reads and writes, and small accessors over them. Objects
// are plain JSON; generated kinds are assignable to RegistryObject.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  /** RFC 3339, seconds precision. */
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: { [key: string]: string };
  annotations?: { [key: string]: string };
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  selfLink?: string;
  managedFields?: unknown[];
}

export interface RegistryObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** The object's metadata, created empty when absent (the object is mutated). */
export function metaOf(obj: RegistryObject): ObjectMeta {
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  return obj.metadata;
}

/** kube's wire form of metav1.Time: RFC 3339 in UTC with whole seconds, e.g. 2026-11-22T02:07:25Z. */
export function rfc3339Seconds(date: Date): string {
  const iso = date.toISOString();
  // Every write stamps times, so the common four-digit-year form skips the regex.
  return iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d+Z$/, 'Z');
}

/** Sets or removes an optional field so absent stays absent in the stored JSON. */
export function setOptional<K extends keyof ObjectMeta>(meta: ObjectMeta, key: K, value: ObjectMeta[K] | undefined): void {
  if (value === undefined) delete meta[key];
  else meta[key] = value;
}

/** Deep equality of JSON values (key order ignored), used to detect no-op writes and spec changes. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]));
}

/** A JSON copy: the store never mutates what callers hand it or what storage shares. */
export function cloneObject<T>(obj: T): T {
  return cloneJson(obj) as T;
}

// A plain walk copies JSON trees several times faster than structuredClone, which matters
// because every write copies its object more than once and managedFields nest deeply.
function cloneJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i]);
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  // Anything but a plain object (a Date, a typed array) keeps structuredClone's semantics.
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = cloneJson((value as Record<string, unknown>)[key]);
    // Assigning "__proto__" would set the prototype instead of an own key as JSON.parse makes.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out;
}
