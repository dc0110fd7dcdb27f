export type { Status, StatusCause, StatusDetails, StatusReason } from './status.js';
export { StatusError, isStatusError } from './status-error.js';
export { groupResourceString, groupKindString, type GroupResource, type GroupKind } from './names.js';
export * as statusErrors from './builders.js';
export { statusFromError, type StorageErrorContext } from './from-storage.js';
