// Typed storage errors. The endpoint layer maps each code to a metav1.Status (NotFound -> 404,
// AlreadyExists -> 409, Conflict -> 409, Expired -> 410, Timeout -> 504, Unavailable -> 503,
// Invalid -> 400, Internal -> 500).

export type StorageErrorCode =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Expired'
  | 'Timeout'
  | 'Unavailable'
  | 'Invalid'
  | 'Internal';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly key: string;
  /** For Expired / Timeout: the revision asked for and the one the store had. */
  readonly resourceVersion?: number;
  readonly currentRevision?: number;

  constructor(
    code: StorageErrorCode,
    key: string,
    message: string,
    extra: { resourceVersion?: number; currentRevision?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = `StorageError(${code})`;
    this.code = code;
    this.key = key;
    if (extra.resourceVersion !== undefined) this.resourceVersion = extra.resourceVersion;
    if (extra.currentRevision !== undefined) this.currentRevision = extra.currentRevision;
  }
}

export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}

export const notFound = (key: string): StorageError =>
  new StorageError('NotFound', key, `key not found: ${key}`);

export const alreadyExists = (key: string): StorageError =>
  new StorageError('AlreadyExists', key, `key already exists: ${key}`);

export const conflict = (key: string, message: string): StorageError =>
  new StorageError('Conflict', key, message);

/** A revision older than the compacted one. */
export const expired = (key: string, resourceVersion: number, compactedRevision: number): StorageError =>
  new StorageError('Expired', key, `too old resource version: ${resourceVersion} (${compactedRevision})`, {
    resourceVersion,
    currentRevision: compactedRevision,
  });

/** A revision newer than the store has reached (kube's "Too large resource version", a 504). */
export const tooLargeResourceVersion = (key: string, resourceVersion: number, currentRevision: number): StorageError =>
  new StorageError(
    'Timeout',
    key,
    `Too large resource version: ${resourceVersion}, current: ${currentRevision}`,
    { resourceVersion, currentRevision },
  );

export const unavailable = (key: string, cause?: unknown): StorageError =>
  new StorageError('Unavailable', key, `storage is unavailable: ${describe(cause)}`, { cause });

export const invalid = (key: string, message: string): StorageError => new StorageError('Invalid', key, message);

export const internal = (key: string, cause: unknown): StorageError =>
  new StorageError('Internal', key, `internal storage error: ${describe(cause)}`, { cause });

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return cause === undefined ? 'unknown cause' : String(cause);
}

/** Checks preconditions the way kube does and returns the Conflict to throw, if any. */
export function checkPreconditions(
  key: string,
  preconditions: { uid?: string; resourceVersion?: string } | undefined,
  current: { metadata?: { uid?: string; resourceVersion?: string } },
): StorageError | null {
  if (!preconditions) return null;
  const meta = current.metadata ?? {};
  if (preconditions.uid !== undefined && preconditions.uid !== meta.uid) {
    return conflict(
      key,
      `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${meta.uid ?? ''}`,
    );
  }
  if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== meta.resourceVersion) {
    return conflict(
      key,
      `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ''}`,
    );
  }
  return null;
}
