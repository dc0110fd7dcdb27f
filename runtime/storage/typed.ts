import type { Storage, StoredObject } from './interface.js';

/**
 * Views a backend, which stores any JSON object, as a store of T. Backends do not check types:
 * the caller vouches that every object under the keys it uses is a T (the registry does, per
 * resource prefix).
 */
export function typedStorage<T extends StoredObject>(storage: Storage<StoredObject>): Storage<T> {
  return storage as unknown as Storage<T>;
}
