// Objects are stored as JSON without metadata.resourceVersion (the revision is the store's
// fact, not the object's) and get it back, as a decimal string, when read.
import type { StoredObject } from './interface.js';

export function encodeObject(obj: StoredObject): string {
  const meta = obj.metadata;
  if (meta === undefined || meta.resourceVersion === undefined) return JSON.stringify(obj);
  const { resourceVersion: _dropped, ...rest } = meta;
  return JSON.stringify({ ...obj, metadata: rest });
}

export function decodeObject<T extends StoredObject>(data: string, revision: number): T {
  const obj = JSON.parse(data) as T;
  withResourceVersion(obj, revision);
  return obj;
}

/** Sets metadata.resourceVersion in place and returns the object. */
export function withResourceVersion<T extends StoredObject>(obj: T, revision: number): T {
  if (obj.metadata === undefined) obj.metadata = {};
  obj.metadata.resourceVersion = String(revision);
  return obj;
}
