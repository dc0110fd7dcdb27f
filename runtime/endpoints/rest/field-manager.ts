// The field manager a write is recorded under, and the write options kube validates with it
// (fieldManager, force), with kube's statuses and messages.
import { parseGoBool } from '../../api/index.js';
import type { FieldError } from '../../api/index.js';
import { statusErrors } from '../../errors/index.js';

/** kube's FieldManagerMaxLength, in bytes. */
export const FIELD_MANAGER_MAX_LENGTH = 128;

export type WriteOptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

export interface WriteManager {
  /** The manager the write is recorded under. */
  readonly manager: string;
  /** force=true on an apply patch. */
  readonly force: boolean;
}

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * Validates the fieldManager and force query parameters of a write (kube's
 * Validate{Create,Update,Patch}Options: 422 Invalid on the options kind) and names the
 * manager: the parameter, or else the User-Agent's product (up to the first "/"), as kube
 * records writes by clients that do not say who they are.
 */
export function writeManagerFrom(query: URLSearchParams, userAgent: string | undefined, kind: WriteOptionsKind, apply = false): WriteManager {
  const given = query.get('fieldManager') ?? '';
  const forceRaw = query.get('force');
  const errs: FieldError[] = [];
  if (kind === 'PatchOptions') {
    if (!apply && forceRaw !== null) errs.push({ type: 'FieldValueForbidden', field: 'force', detail: 'may not be specified for non-apply patch' });
    if (apply && given === '') errs.push({ type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' });
  }
  errs.push(...fieldManagerErrors(given));
  if (errs.length > 0) throw statusErrors.invalid({ group: 'meta.k8s.io', kind }, '', errs);
  return { manager: given !== '' ? given : managerFromUserAgent(userAgent ?? ''), force: apply && parseForce(forceRaw) };
}

function fieldManagerErrors(manager: string): FieldError[] {
  const errs: FieldError[] = [];
  if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX_LENGTH) {
    errs.push({ type: 'FieldValueTooLong', field: 'fieldManager', badValue: manager, detail: `may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes` });
  }
  let position = 0;
  for (const ch of manager) {
    if (!PRINTABLE.test(ch)) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      errs.push({ type: 'FieldValueInvalid', field: 'fieldManager', badValue: manager, detail: `invalid character U+${code} (at position ${position})` });
    }
    position += Buffer.byteLength(ch);
  }
  return errs;
}

/** The User-Agent's product name: printable characters only, at most 128 bytes. */
export function managerFromUserAgent(userAgent: string): string {
  let out = '';
  let bytes = 0;
  for (const ch of userAgent.split('/', 1)[0]!) {
    if (!PRINTABLE.test(ch)) continue;
    if (bytes >= FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
    bytes += Buffer.byteLength(ch);
  }
  return out;
}

// Go's strconv.ParseBool, which kube's query decoding uses for force.
function parseForce(raw: string | null): boolean {
  if (raw === null || raw === '') return false;
  const value = parseGoBool(raw);
  if (value !== undefined) return value;
  throw statusErrors.badRequest(`invalid value for force: ${JSON.stringify(raw)}: not a boolean`);
}
