// Every way a protobuf body can be wrong ends in one of these two errors, so the REST layer maps
// them without inspecting messages: ProtobufDecodeError -> 400 BadRequest (nothing is stored),
// UnsupportedProtobufKindError -> 415 UnsupportedMediaType (kube does the same for kinds that
// have no protobuf form, such as custom resources).

export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
  /** Byte offset in the buffer being read when the problem was found, when one applies. */
  readonly offset: number | undefined;

  constructor(message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.offset = offset;
  }
}

export class UnsupportedProtobufKindError extends Error {
  override readonly name = 'UnsupportedProtobufKindError';

  constructor(readonly gvk: string) {
    super(`the protobuf encoding is not supported for ${gvk}; use application/json`);
  }
}

/** An object that cannot be written as protobuf (a value of the wrong JSON type for its field). */
export class ProtobufEncodeError extends Error {
  override readonly name = 'ProtobufEncodeError';
}

export function isProtobufDecodeError(err: unknown): err is ProtobufDecodeError {
  return err instanceof ProtobufDecodeError;
}

export function isUnsupportedProtobufKindError(err: unknown): err is UnsupportedProtobufKindError {
  return err instanceof UnsupportedProtobufKindError;
}
