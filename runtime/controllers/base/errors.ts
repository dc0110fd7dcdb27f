// Small helpers for controllers that write through the registry stores.
import { isStatusError } from '../../errors/index.js';

export const hasReason = (err: unknown, ...reasons: string[]): boolean => isStatusError(err) && reasons.includes(err.reason ?? '');

/** Runs fn again while it fails with a Conflict (someone wrote in between), a few times. */
export async function retryOnConflict<R>(fn: () => Promise<R>, attempts = 5): Promise<R> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !hasReason(err, 'Conflict')) throw err;
    }
  }
}
