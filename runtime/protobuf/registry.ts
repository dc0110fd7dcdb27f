// Codecs by group/version/kind, and the two whole-object operations built on them: body ->
// envelope -> kind check -> object, and object -> message -> envelope. A codec sees only the
// kind's message; apiVersion and kind travel in the envelope.
import type { MessageDescriptor } from './descriptor.js';
import { decodeEnvelope, encodeEnvelope } from './envelope.js';
import { ProtobufDecodeError, UnsupportedProtobufKindError } from './errors.js';
import { apiVersionOf, gvkString, parseApiVersion, type GroupVersionKind } from './gvk.js';
import type { JsonObject } from './json.js';
import { decodeMessage, encodeMessage, setEnvelopedDecoder } from './message-codec.js';

export interface ProtobufCodec {
  /** The kind's message bytes (no envelope); apiVersion and kind of `obj` are ignored. */
  encode(obj: JsonObject): Buffer;
  /** The kind's message bytes to an object without apiVersion and kind. */
  decode(raw: Uint8Array, depth?: number): JsonObject;
}

export interface RegisterOptions {
  /**
   * A stand-in codec (an embedder's, registered before generated/ is loaded) is provisional: a
   * real codec for the same kind replaces it silently, while registering a kind twice otherwise
   * is a bug (two generated modules claiming one kind) and throws.
   */
  provisional?: boolean;
}

interface Entry {
  codec: ProtobufCodec;
  provisional: boolean;
}

const codecs = new Map<string, Entry>();

const keyOf = (gvk: GroupVersionKind): string => `${gvk.group}/${gvk.version}/${gvk.kind}`;

export function registerProtobufCodec(gvk: GroupVersionKind, codec: ProtobufCodec, options: RegisterOptions = {}): void {
  const key = keyOf(gvk);
  const existing = codecs.get(key);
  const provisional = options.provisional === true;
  if (existing) {
    if (provisional) return;
    if (!existing.provisional) throw new Error(`a protobuf codec for ${gvkString(gvk)} is already registered`);
  }
  codecs.set(key, { codec, provisional });
}

export function messageCodec(desc: MessageDescriptor): ProtobufCodec {
  return {
    encode: (obj) => encodeMessage(desc, obj),
    decode: (raw, depth) => decodeMessage(desc, raw, depth),
  };
}

/** Registers the descriptor interpreter for `desc` as the codec of `gvk` (tests; generated kinds use generated code). */
export function registerProtobufMessage(gvk: GroupVersionKind, desc: MessageDescriptor, options: RegisterOptions = {}): void {
  registerProtobufCodec(gvk, messageCodec(desc), options);
}

export function getProtobufCodec(gvk: GroupVersionKind): ProtobufCodec | undefined {
  return codecs.get(keyOf(gvk))?.codec;
}

export function hasProtobufCodec(gvk: GroupVersionKind): boolean {
  return codecs.has(keyOf(gvk));
}

/** Removes a registration; for tests that register kinds of their own. */
export function unregisterProtobufCodec(gvk: GroupVersionKind): void {
  codecs.delete(keyOf(gvk));
}

function withTypeMeta(apiVersion: string, kind: string, body: JsonObject): JsonObject {
  return { apiVersion, kind, ...body };
}

/**
 * A protobuf request body to an object, checked to be of `expected`. An empty apiVersion or
 * kind in the envelope takes the expected one, as kube's decoder defaults them. The messages
 * for a kind nobody registered and for a body of another kind are kube-apiserver's.
 */
export function decodeProtobufBody(buf: Uint8Array, expected: GroupVersionKind): JsonObject {
  const codec = getProtobufCodec(expected);
  if (!codec) throw new UnsupportedProtobufKindError(gvkString(expected));
  const env = decodeEnvelope(buf);
  checkContent(env.contentEncoding, env.contentType);
  const gv = env.apiVersion === '' ? expected : parseApiVersion(env.apiVersion);
  const actual: GroupVersionKind = { group: gv.group, version: gv.version, kind: env.kind === '' ? expected.kind : env.kind };
  if (keyOf(actual) !== keyOf(expected)) {
    if (!hasProtobufCodec(actual)) throw unknownKind(actual);
    const [got, want] = [apiVersionOf(actual), apiVersionOf(expected)];
    if (got !== want) throw new ProtobufDecodeError(`the API version in the data (${got}) does not match the expected API version (${want})`);
    throw new ProtobufDecodeError(`the kind in the data (${actual.kind}) does not match the expected kind (${expected.kind})`);
  }
  return withTypeMeta(apiVersionOf(actual), actual.kind, codec.decode(env.raw));
}

function unknownKind(gvk: GroupVersionKind): ProtobufDecodeError {
  return new ProtobufDecodeError(`no kind "${gvk.kind}" is registered for version "${apiVersionOf(gvk)}"`);
}

/** Decodes any enveloped object whose kind has a codec (RawExtension contents, watch events). */
export function decodeEnvelopedObject(buf: Uint8Array, depth = 0): JsonObject {
  const env = decodeEnvelope(buf);
  checkContent(env.contentEncoding, env.contentType);
  const gv = parseApiVersion(env.apiVersion);
  const gvk: GroupVersionKind = { group: gv.group, version: gv.version, kind: env.kind };
  const codec = getProtobufCodec(gvk);
  if (!codec) throw unknownKind(gvk);
  return withTypeMeta(env.apiVersion, env.kind, codec.decode(env.raw, depth));
}

setEnvelopedDecoder(decodeEnvelopedObject);

function checkContent(contentEncoding: string, contentType: string): void {
  if (contentEncoding !== '') throw new ProtobufDecodeError(`unsupported runtime.Unknown contentEncoding "${contentEncoding}"`);
  if (contentType !== '' && contentType !== 'application/vnd.kubernetes.protobuf') {
    throw new ProtobufDecodeError(`unsupported runtime.Unknown contentType "${contentType}"`);
  }
}

/** An object to its enveloped protobuf bytes; throws UnsupportedProtobufKindError without a codec. */
export function encodeProtobufObject(obj: JsonObject, gvk: GroupVersionKind): Buffer {
  const codec = getProtobufCodec(gvk);
  if (!codec) throw new UnsupportedProtobufKindError(gvkString(gvk));
  return encodeEnvelope({ apiVersion: apiVersionOf(gvk), kind: gvk.kind, raw: codec.encode(obj) });
}
