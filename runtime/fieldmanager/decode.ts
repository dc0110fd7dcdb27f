// Validation of managedFields a client sends.
import { decodeEntries, encodeEntries, InvalidManagedFieldsError, isResetRequest } from './managed.js';
import type { ManagedFieldsEntry } from './types.js';

/**
 * The entries `value` (a request's metadata.managedFields) decodes to, normalized (kube's order
 * and FieldsV1 encoding); `[]` when the client asks to clear them (`[]` or `[{}]`); null when
 * absent or invalid — kube then keeps the live object's entries instead.
 */
export function decodeManagedFields(value: unknown): ManagedFieldsEntry[] | null {
  if (value === undefined || value === null) return null;
  if (isResetRequest(value)) return [];
  try {
    return encodeEntries(decodeEntries(value));
  } catch (err) {
    if (err instanceof InvalidManagedFieldsError) return null;
    throw err;
  }
}
