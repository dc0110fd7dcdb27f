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
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(statusErrors.timeout(DEADLINE_EXCEEDED_MESSAGE));
    }, seconds * 1000);
  });
  // The abandoned handler may still fail later: its rejection is already answered.
  work.catch(() => undefined);
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
