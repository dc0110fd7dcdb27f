// The request deadline: --request-timeout, or the shorter `?timeout=` a client asks for (kube
// caps it at the server's). A handler that misses it is answered 504 and its work is aborted.
import { statusErrors } from '../../errors/index.js';
import { parseGoDuration } from '../options.js';

/** Seconds the request may take; 0 is no deadline. Throws a 400 for an unreadable `timeout`. */
export function requestDeadlineSeconds(query: URLSearchParams, serverSeconds: number): number {
  const asked = query.get('timeout');
  if (asked === null || asked === '') return serverSeconds;
  let seconds: number;
  try {
    seconds = parseGoDuration(asked);
  } catch {
    throw statusErrors.badRequest(`invalid timeout specified in the request URL - time: invalid duration ${JSON.stringify(asked)}`);
  }
  if (seconds <= 0) return serverSeconds;
  return serverSeconds > 0 ? Math.min(seconds, serverSeconds) : seconds;
}

export const DEADLINE_EXCEEDED_MESSAGE = 'request did not complete within requested timeout - context deadline exceeded';

/** `work` or a 504 once `seconds` pass; `onTimeout` aborts the work. */
export function withDeadline<T>(work: Promise<T>, seconds: number, onTimeout: () => void): Promise<T> {
  if (seconds <= 0) return work;
  // One promise and one timer per request (this runs on every request): no race/finally chain.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(statusErrors.timeout(DEADLINE_EXCEEDED_MESSAGE));
    }, seconds * 1000);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        // After the deadline the request was already answered 504: this settles nothing.
        reject(err);
      },
    );
  });
}
