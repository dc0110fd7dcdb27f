// Server-side apply and managedFields tracking: pure logic over decoded objects, no I/O.
export type { ManagedFieldsEntry, FieldManagerContext, ApplyContext, ApplyResult, FieldConflict } from './types.js';
export { trackUpdate } from './track-update.js';
export { applyConfiguration, BEFORE_FIRST_APPLY } from './apply.js';
export { ApplyConflictError, conflictStatus } from './conflict.js';
export { decodeManagedFields } from './decode.js';
