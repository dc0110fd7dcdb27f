// Storage errors become the Status kube-apiserver's registry answers with for them.
import { isStorageError } from '../storage/index.js';
import {
  CONTINUE_EXPIRED_MESSAGE,
  OPTIMISTIC_LOCK_MESSAGE,
  alreadyExists,
  badRequest,
  conflict,
  expired,
  internalError,
  notFound,
  serviceUnavailable,
  timeout,
} from './builders.js';
import type { GroupResource } from './names.js';
import { isStatusError, type StatusError } from './status-error.js';

export interface StorageErrorContext {
  resource: GroupResource;
  name?: string;
  /** A list that was continuing from a token: Expired gets kube's continue message. */
  continuing?: boolean;
}

export function statusFromError(err: unknown, ctx: StorageErrorContext): StatusError {
  if (isStatusError(err)) return err;
  if (!isStorageError(err)) return internalError(err);
  const name = ctx.name ?? '';
  switch (err.code) {
    case 'NotFound':
      return notFound(ctx.resource, name);
    case 'AlreadyExists':
      return alreadyExists(ctx.resource, name);
    case 'Conflict':
      return conflict(ctx.resource, name, err.message.startsWith('Precondition failed') ? err.message : OPTIMISTIC_LOCK_MESSAGE);
    case 'Expired':
      return expired(ctx.continuing ? CONTINUE_EXPIRED_MESSAGE : err.message);
    case 'Timeout':
      return timeout(err.message, 1, [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }]);
    case 'Invalid':
      return badRequest(err.message);
    case 'Unavailable':
      return serviceUnavailable(err.message);
    case 'Internal':
      return internalError(err);
  }
}
