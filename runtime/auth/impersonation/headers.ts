// Reading the Impersonate-* headers. Values arrive as node's `headersDistinct` gives them
// (lower-case names, every value of a repeated header kept apart).
import { statusErrors } from '../../errors/index.js';

export type HeaderValues = Readonly<Record<string, string | readonly string[] | undefined>>;

export const USER_HEADER = 'impersonate-user';
export const GROUP_HEADER = 'impersonate-group';
export const UID_HEADER = 'impersonate-uid';
export const EXTRA_PREFIX = 'impersonate-extra-';

export interface ImpersonationRequest {
  readonly user?: string;
  readonly groups: readonly string[];
  readonly uid?: string;
  /** Keys percent-decoded and lower-cased, values in header order. */
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

/** The requested identity, or null when no Impersonate-* header is present. Throws 400 on bad values. */
export function readImpersonationHeaders(headers: HeaderValues): ImpersonationRequest | null {
  const user = single(headers, USER_HEADER);
  const uid = single(headers, UID_HEADER);
  const groups = values(headers, GROUP_HEADER);
  const extra: Record<string, string[]> = {};
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith(EXTRA_PREFIX)) continue;
    const rawKey = lower.slice(EXTRA_PREFIX.length);
    if (!rawKey) throw statusErrors.badRequest(`invalid impersonation header ${JSON.stringify(name)}: empty extra key`);
    const key = unescapeKey(rawKey);
    checkValue(name, key);
    (extra[key] ??= []).push(...values(headers, name));
  }
  const any = user !== undefined || uid !== undefined || groups.length > 0 || Object.keys(extra).length > 0;
  if (!any) return null;
  return { ...(user !== undefined ? { user } : {}), ...(uid !== undefined ? { uid } : {}), groups, extra };
}

function rawValues(headers: HeaderValues, name: string): string[] {
  let v = headers[name];
  if (v === undefined) {
    // Callers may pass headers with their original casing.
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    v = key === undefined ? undefined : headers[key];
  }
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : [...v];
}

function values(headers: HeaderValues, name: string): string[] {
  const out = rawValues(headers, name);
  for (const v of out) checkValue(name, v);
  return out;
}

function single(headers: HeaderValues, name: string): string | undefined {
  const out = values(headers, name);
  if (out.length > 1) throw statusErrors.badRequest(`invalid impersonation header ${JSON.stringify(name)}: only one value is allowed`);
  return out[0];
}

// Header injection (CR/LF/NUL) and empty values are refused outright.
function checkValue(name: string, value: string): void {
  if (value.length === 0 || value.trim().length === 0) {
    throw statusErrors.badRequest(`invalid impersonation header ${JSON.stringify(name)}: empty value`);
  }
  if (/[\r\n\0]/.test(value)) {
    throw statusErrors.badRequest(`invalid impersonation header ${JSON.stringify(name)}: control characters are not allowed`);
  }
}

/** Percent-decoding as Go's url.PathUnescape; a malformed escape leaves the key as sent (kube's choice). */
function unescapeKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}
