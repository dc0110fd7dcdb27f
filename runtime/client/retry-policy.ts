// When a request is tried again. Modeled on client-go's behaviour, kept small:
//  * The server asked for it: a 429 or 5xx answer with a Retry-After header is retried for any
//    verb, after the seconds it names (capped by maxRetryAfterMs). client-go does the same.
//  * Otherwise only reads (GET, HEAD) are retried: on 429, 500, 502, 503, 504 and on connection
//    failures (reset, refused, a dead HTTP/2 session), with exponential backoff and jitter.
//    A write whose outcome is unknown is never repeated blindly.
//  * Nothing else is retried: a 400, 404, 409... is the answer.
import type { BackoffOptions } from './backoff.js';

export interface RetryOptions extends BackoffOptions {
  /** Attempts after the first. Default 5; 0 disables retries. */
  maxRetries?: number;
  /** Upper bound for a server-requested Retry-After wait. Default 60 s. */
  maxRetryAfterMs?: number;
}

const RETRIABLE_READ_CODES = new Set([429, 500, 502, 503, 504]);
const CONNECTION_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_INVALID_SESSION',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_STREAM_CANCEL',
  'ERR_HTTP2_ERROR',
]);

export function isReadVerb(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** A failure of the connection itself, not an answer from the server. */
export function isConnectionError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  return err instanceof Error && err.message === 'socket hang up';
}

export type RetryDecision = { retry: false } | { retry: true; delayMs?: number };

/** Decides for an HTTP answer; `delayMs` is set when the server named the wait. */
export function retryForResponse(method: string, code: number, retryAfterSeconds: number | undefined, maxRetryAfterMs: number): RetryDecision {
  const serverAsked = retryAfterSeconds !== undefined && (code === 429 || code >= 500);
  if (serverAsked) return { retry: true, delayMs: Math.min(maxRetryAfterMs, retryAfterSeconds * 1000) };
  if (isReadVerb(method) && RETRIABLE_READ_CODES.has(code)) return { retry: true };
  return { retry: false };
}

export function retryForError(method: string, err: unknown): RetryDecision {
  return isReadVerb(method) && isConnectionError(err) ? { retry: true } : { retry: false };
}

/** Retry-After in seconds; kube sends an integer. An HTTP date is honoured too. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
