// What the REST layer calls (docs/protobuf.md lists the call sites). Kept free of fastify and
// of runtime/endpoints so the endpoint owner wires it in a few lines.
import { statusErrors, type StatusError } from '../errors/index.js';
import { ProtobufDecodeError, UnsupportedProtobufKindError } from './errors.js';
import { encodeEnvelope } from './envelope.js';
import { apiVersionOf, parseApiVersion, type GroupVersionKind } from './gvk.js';
import type { JsonObject } from './json.js';
import { decodeProtobufBody, encodeProtobufObject, getProtobufCodec, hasProtobufCodec } from './registry.js';
import { watchFrame, type WatchEventType } from './watch-frame.js';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
/** The Content-Type of a protobuf watch response. */
export const PROTOBUF_WATCH_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf;stream=watch';

/** True for `application/vnd.kubernetes.protobuf`, with or without parameters, in any case. */
export function isProtobufMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase() === PROTOBUF_MEDIA_TYPE;
}

/**
 * A protobuf request body to the object it holds (apiVersion and kind set). Throws
 * ProtobufDecodeError (-> 400) for a malformed body or a body of another kind, and
 * UnsupportedProtobufKindError (-> 415) when `gvk` has no protobuf codec.
 */
export function decodeRequestBody(buf: Uint8Array, gvk: GroupVersionKind): JsonObject {
  return decodeProtobufBody(buf, gvk);
}

function gvkOfObject(obj: JsonObject): GroupVersionKind | undefined {
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || kind === '') return undefined;
  return { ...parseApiVersion(apiVersion), kind };
}

/**
 * The protobuf answer for `obj`, or null when its kind has no codec (answer JSON then, which
 * kubectl accepts). `gvk` defaults to the object's own apiVersion and kind, which is right for
 * objects, lists (`ConfigMapList`) and Status alike.
 */
export function encodeResponse(obj: JsonObject, gvk?: GroupVersionKind): Buffer | null {
  const target = gvk ?? gvkOfObject(obj);
  const codec = target && getProtobufCodec(target);
  if (!target || !codec) return null;
  return encodeEnvelope({ apiVersion: apiVersionOf(target), kind: target.kind, raw: codec.encode(obj) });
}

/** Whether a response of this kind can be protobuf (negotiation should fall back to JSON if not). */
export function canEncodeProtobuf(gvk: GroupVersionKind): boolean {
  return hasProtobufCodec(gvk);
}

/**
 * One frame of a protobuf watch stream. `gvk` is the watched kind; ERROR events carry a Status
 * and are encoded as one whatever `gvk` says. Throws UnsupportedProtobufKindError without a codec.
 */
export function encodeWatchFrame(type: WatchEventType, obj: JsonObject, gvk: GroupVersionKind): Buffer {
  const target = type === 'ERROR' ? (gvkOfObject(obj) ?? { group: '', version: 'v1', kind: 'Status' }) : gvk;
  return watchFrame(type, encodeProtobufObject(obj, target));
}

/** The Status error an endpoint answers for an error thrown here; undefined for other errors. */
export function protobufErrorToStatus(err: unknown): StatusError | undefined {
  if (err instanceof UnsupportedProtobufKindError) return statusErrors.unsupportedMediaType(['application/json', 'application/yaml']);
  if (err instanceof ProtobufDecodeError) return statusErrors.badRequest(`unable to decode the protobuf body: ${err.message}`);
  return undefined;
}
