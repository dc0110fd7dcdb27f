// Turns what the etcd client throws into StorageErrors. Revision errors carry etcd's wire
// messages (they arrive as gRPC OUT_OF_RANGE with an "etcdserver: mvcc: ..." text).
import {
  ClientClosedError,
  GRPCCancelledError,
  GRPCDeadlineExceededError,
  GRPCResourceExhastedError,
  GRPCUnavailableError,
  isRecoverableError,
} from 'etcd3';
import { internal, invalid, isStorageError, StorageError, unavailable } from '../errors.js';
import { HostSkippedError } from './policies.js';

const COMPACTED = 'required revision has been compacted';
const FUTURE = 'required revision is a future revision';

export function isCompactedError(err: unknown): boolean {
  return err instanceof Error && err.message.includes(COMPACTED);
}

export function isFutureRevisionError(err: unknown): boolean {
  return err instanceof Error && err.message.includes(FUTURE);
}

/** etcd unreachable, overloaded or without a leader: the request may succeed later. */
export function isUnavailableError(err: unknown): boolean {
  if (
    err instanceof GRPCUnavailableError ||
    err instanceof GRPCDeadlineExceededError ||
    err instanceof GRPCCancelledError ||
    err instanceof GRPCResourceExhastedError ||
    err instanceof ClientClosedError ||
    err instanceof HostSkippedError
  ) {
    return true;
  }
  if (!(err instanceof Error)) return false;
  return (
    /etcdserver: (no leader|leader changed|request timed out|too many requests|not capable|server stopped)/.test(
      err.message,
    ) || (typeof err === 'object' && isRecoverableError(err))
  );
}

/**
 * A StorageError for a failed etcd call. Revision errors are not handled here: callers know the
 * revisions needed to describe them.
 */
export function toStorageError(key: string, err: unknown): StorageError {
  if (isStorageError(err)) return err;
  if (isUnavailableError(err)) return unavailable(key, err);
  if (err instanceof Error && err.message.includes('etcdserver: request is too large')) {
    return invalid(key, `request is too large: ${err.message}`);
  }
  return internal(key, err);
}
