// Typed API errors. A non-2xx answer that carries a metav1.Status keeps it whole; any other
// body gets a Status synthesized from the HTTP code, the way kubectl reports such answers.
import type { Status, StatusCause, StatusDetails } from './objects.js';
import { isStatus } from './objects.js';

export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: StatusDetails | undefined;
  readonly causes: StatusCause[];
  /** The Status the server sent, or the one synthesized for a non-Status body. */
  readonly status: Status;
  /** Seconds the server asked the client to wait, from Retry-After or details. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: Status, retryAfterSeconds?: number) {
    super(status.message || `the server answered ${status.code} (${status.reason || 'Unknown'})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = status.code;
    this.reason = status.reason ?? '';
    this.details = status.details;
    this.causes = status.details?.causes ?? [];
    this.retryAfterSeconds = retryAfterSeconds ?? status.details?.retryAfterSeconds;
  }
}

// Reasons for codes whose body is not a Status, as kube's generic server response names them.
const REASON_BY_CODE: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** What the request was, for messages: e.g. `get pods`. */
export interface RequestDescription {
  verb: string;
  resource?: string;
}

export function apiErrorFromResponse(
  code: number,
  body: string,
  contentType: string | undefined,
  retryAfterSeconds: number | undefined,
  what?: RequestDescription,
): ApiError {
  if (contentType === undefined || /json/i.test(contentType)) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (isStatus(parsed)) return new ApiError({ ...parsed, code: parsed.code || code }, retryAfterSeconds);
    } catch {
      // not JSON after all: fall through to a synthesized Status
    }
  }
  return new ApiError(synthesizeStatus(code, body, what), retryAfterSeconds);
}

export function synthesizeStatus(code: number, body: string, what?: RequestDescription): Status {
  const reason = REASON_BY_CODE[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
  const text = body.trim();
  const target = what ? ` (${what.verb}${what.resource ? ` ${what.resource}` : ''})` : '';
  let message: string;
  if (code >= 500) {
    message = `an error on the server (${JSON.stringify(text || 'unknown')}) has prevented the request from succeeding${target}`;
  } else {
    message = text || `the server responded with the status code ${code} but did not return more information${target}`;
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** An ApiError from a watch ERROR event, whose object is a Status. */
export function apiErrorFromStatus(status: Status): ApiError {
  return new ApiError(status);
}

function reasonOrCode(err: unknown, reason: string, code: number): boolean {
  if (!(err instanceof ApiError)) return false;
  if (err.reason === reason) return true;
  // Only an error without a known reason falls back to its code, as client-go does.
  return (err.reason === '' || err.reason === 'Unknown') && err.code === code;
}

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;
export const isNotFound = (err: unknown): boolean => reasonOrCode(err, 'NotFound', 404);
export const isAlreadyExists = (err: unknown): boolean => err instanceof ApiError && err.reason === 'AlreadyExists';
export const isConflict = (err: unknown): boolean => reasonOrCode(err, 'Conflict', 409);
export const isInvalid = (err: unknown): boolean => reasonOrCode(err, 'Invalid', 422);
export const isBadRequest = (err: unknown): boolean => reasonOrCode(err, 'BadRequest', 400);
export const isForbidden = (err: unknown): boolean => reasonOrCode(err, 'Forbidden', 403);
export const isUnauthorized = (err: unknown): boolean => reasonOrCode(err, 'Unauthorized', 401);
export const isTooManyRequests = (err: unknown): boolean => reasonOrCode(err, 'TooManyRequests', 429);
export const isServerTimeout = (err: unknown): boolean => err instanceof ApiError && err.reason === 'ServerTimeout';
export const isTimeout = (err: unknown): boolean => reasonOrCode(err, 'Timeout', 504);
export const isServiceUnavailable = (err: unknown): boolean => reasonOrCode(err, 'ServiceUnavailable', 503);
export const isInternalError = (err: unknown): boolean => reasonOrCode(err, 'InternalError', 500);
export const isMethodNotSupported = (err: unknown): boolean => reasonOrCode(err, 'MethodNotAllowed', 405);
export const isUnsupportedMediaType = (err: unknown): boolean => reasonOrCode(err, 'UnsupportedMediaType', 415);

/**
 * The resourceVersion asked for is gone from the server's history: 410 with reason Expired
 * (kube-apiserver's "too old resource version") or Gone. A reflector answers it by re-listing.
 */
export const isGone = (err: unknown): boolean =>
  err instanceof ApiError && (err.code === 410 || err.reason === 'Expired' || err.reason === 'Gone');
export const isExpired = isGone;
