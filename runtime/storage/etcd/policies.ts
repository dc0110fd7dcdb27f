// Fault-handling policies for the etcd3 client, in place of its defaults. Its default global
// retry re-sends a write whose first attempt may have been applied (a create would then report
// AlreadyExists, an update apply twice), and its default per-host circuit breaker keeps failing
// calls for 5 s after etcd is back. Neither is used: a call runs once, and with several
// endpoints a member that just failed is passed over for a moment so calls go to the others.
import { GRPCDeadlineExceededError, GRPCUnavailableError, type IOptions } from 'etcd3';

type Policy = NonNullable<NonNullable<IOptions['faultHandling']>['global']>;
type Call<R> = (context: { signal: AbortSignal }) => PromiseLike<R> | R;

/** How long a member that failed is passed over while other members remain. */
const SKIP_FAILED_HOST_MS = 1000;

/** Thrown instead of calling a member that failed moments ago; etcd3 then tries the next one. */
export class HostSkippedError extends Error {
  constructor() {
    super('etcd member failed recently and is skipped');
  }
}

function policy(execute: <R>(fn: Call<R>, signal: AbortSignal) => Promise<R>): Policy {
  const noEvent = () => ({ dispose: () => undefined });
  const p = {
    onSuccess: noEvent,
    onFailure: noEvent,
    execute: <R>(fn: Call<R>, signal?: AbortSignal) => execute(fn, signal ?? new AbortController().signal),
  };
  return p as unknown as Policy;
}

/** Runs the call once, unchanged. */
export function passThroughPolicy(): Policy {
  return policy(async (fn, signal) => fn({ signal }));
}

/** Passes over this member for a moment after it was unreachable or too slow. */
export function skipFailedHostPolicy(): Policy {
  let failedAt = 0;
  return policy(async (fn, signal) => {
    if (Date.now() - failedAt < SKIP_FAILED_HOST_MS) throw new HostSkippedError();
    try {
      return await fn({ signal });
    } catch (err) {
      if (err instanceof GRPCUnavailableError || err instanceof GRPCDeadlineExceededError) failedAt = Date.now();
      throw err;
    }
  });
}
