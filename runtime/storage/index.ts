export type {
  Storage,
  StoredObject,
  StoredMeta,
  GetOptions,
  ListOptions,
  ListResult,
  ResourceVersionMatch,
  Preconditions,
  UpdateOptions,
  TryUpdate,
  DeleteOptions,
  WatchOptions,
  WatchEvent,
  ObjectEventType,
  Watcher,
  HealthChecker,
} from './interface.js';
export {
  StorageError,
  isStorageError,
  notFound,
  alreadyExists,
  conflict,
  expired,
  tooLargeResourceVersion,
  unavailable,
  invalid,
  internal,
  checkPreconditions,
  type StorageErrorCode,
} from './errors.js';
export { DEFAULT_KEY_PREFIX, resourcePrefix, namespacePrefix, objectKey, prefixEnd, type ResourceKeyParts } from './keys.js';
export { encodeObject, decodeObject, withResourceVersion } from './codec.js';
export { parseResourceVersion, planList, ensureNotAhead, type ListPlan } from './resource-version.js';
export { encodeContinue, decodeContinue, type ContinuePosition } from './continue-token.js';
export { WatchQueue, type WatchQueueOptions } from './watch-queue.js';
export { typedStorage } from './typed.js';
