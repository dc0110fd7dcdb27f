// Kubernetes' protobuf encoding: the wire reader and writer, the `k8s\0` + runtime.Unknown
// envelope, the helpers generated codecs call, the descriptor interpreter (the reference the
// generated code is tested against), the special encodings, the codec registry, watch framing,
// and the functions the REST layer calls. Per-kind codecs are generated code registered by
// `generated/protobuf.ts` (imported by `generated/index.ts`).
export type { FieldDescriptor, FieldType, MessageDescriptor, ScalarType, SpecialEncoding } from './descriptor.js';
export {
  ProtobufDecodeError,
  ProtobufEncodeError,
  UnsupportedProtobufKindError,
  isProtobufDecodeError,
  isUnsupportedProtobufKindError,
} from './errors.js';
export type { JsonObject, JsonValue } from './json.js';
export { apiVersionOf, gvkString, parseApiVersion, type GroupVersionKind } from './gvk.js';
export { WireReader } from './wire-reader.js';
export { WireWriter } from './wire-writer.js';
export { WireType } from './wire-types.js';
export { PROTOBUF_MAGIC, hasProtobufMagic } from './magic.js';
export { decodeEnvelope, encodeEnvelope, writeEnvelope, type Envelope, type EnvelopeInput } from './envelope.js';
export { MAX_MESSAGE_DEPTH, decodeMessage, encodeMessage } from './message-codec.js';
export { generatedSupport } from './generated-support-object.js';
export {
  decodeEnvelopedObject,
  decodeProtobufBody,
  encodeProtobufObject,
  getProtobufCodec,
  hasProtobufCodec,
  messageCodec,
  registerProtobufCodec,
  registerProtobufMessage,
  unregisterProtobufCodec,
  type ProtobufCodec,
  type RegisterOptions,
} from './registry.js';
export { decodeWatchEvent, decodeWatchFrames, watchFrame, type DecodedWatchEvent, type WatchEventType } from './watch-frame.js';
export {
  PROTOBUF_MEDIA_TYPE,
  PROTOBUF_WATCH_MEDIA_TYPE,
  canEncodeProtobuf,
  decodeRequestBody,
  encodeResponse,
  encodeWatchFrame,
  isProtobufMediaType,
  protobufErrorToStatus,
} from './rest.js';
export { formatGoDuration, formatMicroTime, formatTime, parseGoDuration, parseRfc3339 } from './special/index.js';
