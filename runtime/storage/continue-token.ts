// Continue tokens, shaped as kube-apiserver's: base64 of {"v":"meta.k8s.io/v1","rv":N,"start":K}
// where K is the next key relative to the listed prefix.
import { invalid } from './errors.js';

const TOKEN_VERSION = 'meta.k8s.io/v1';

export interface ContinuePosition {
  revision: number;
  /** Absolute key to resume at (inclusive). */
  start: string;
}

export function encodeContinue(prefix: string, nextKey: string, revision: number): string {
  if (!nextKey.startsWith(prefix)) throw new Error(`continue key ${nextKey} is outside ${prefix}`);
  const body = JSON.stringify({ v: TOKEN_VERSION, rv: revision, start: nextKey.slice(prefix.length) });
  return Buffer.from(body, 'utf8').toString('base64url');
}

export function decodeContinue(prefix: string, token: string): ContinuePosition {
  const bad = (why: string) => invalid(prefix, `continue key is not valid: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw bad('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof parsed !== 'object' || parsed === null) throw bad('malformed token');
  const { v, rv, start } = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (v !== TOKEN_VERSION) throw bad('server does not recognize this encoded version');
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv <= 0) {
    throw bad('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof start !== 'string' || start === '') throw bad('encoded start key is empty');
  // The start key is relative to the listed prefix; ".." segments would escape it.
  if (start.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw bad('path traversal attempt detected');
  }
  return { revision: rv, start: prefix + start };
}
