// The entry the PATCH handler calls: picks the engine for a Content-Type, decodes the body and
// returns the patched object. Pure: no I/O, inputs untouched, failures are PatchErrors.
import type { FieldMetaSource, PatchSchema } from './strategic-schema.js';
import { badRequest, entityTooLarge, PatchError } from './patch-error.js';
import { MAX_PATCH_BODY_BYTES } from './limits.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import { applyJsonPatch, type JsonPatchOptions } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

export type PatchType = 'json' | 'merge' | 'strategic';

/** The patch media types this module applies (server-side apply is not one of them). */
export const PATCH_CONTENT_TYPES: Readonly<Record<string, PatchType>> = Object.freeze({
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
});

/** The patch type of a Content-Type header (parameters such as `; charset=utf-8` ignored). */
export function patchTypeOf(contentType: string): PatchType | undefined {
  const bare = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(PATCH_CONTENT_TYPES, bare) ? PATCH_CONTENT_TYPES[bare] : undefined;
}

export interface PatchRequest {
  readonly type: PatchType;
  /** The object as stored (its external version), which the patch was written against. */
  readonly current: JsonObject;
  /** The request body: raw bytes or text, or an already decoded JSON value. */
  readonly body: string | Uint8Array | { readonly decoded: JsonValue };
  /** Field metadata for strategic merge (the resource descriptor's `fields`). */
  readonly fields?: FieldMetaSource | PatchSchema;
  readonly jsonPatch?: JsonPatchOptions;
  /** Longest raw body accepted; kube's default is 3 MiB. Does not apply to decoded bodies. */
  readonly maxBodyBytes?: number;
}

/** Applies one PATCH request body to the current object and returns the new object. */
export function applyPatch(request: PatchRequest): JsonObject {
  const body = decodeBody(request.body, request.type, request.maxBodyBytes);
  switch (request.type) {
    case 'json': {
      const result = applyJsonPatch(request.current, body, request.jsonPatch);
      // Replacing the root with an array is a valid JSON patch but not a valid object.
      if (!isJsonObject(result)) throw new PatchError(422, 'Invalid', 'the patched document is not a JSON object');
      return result;
    }
    case 'merge':
      return applyMergePatch(request.current, body);
    case 'strategic':
      return applyStrategicMergePatch(request.current, body, request.fields ?? {});
  }
}

/**
 * Parses a body; one longer than `maxBytes` is a 413 and a syntax error a 400, worded as kube
 * words them.
 */
export function decodeBody(body: PatchRequest['body'], type: PatchType, maxBytes: number = MAX_PATCH_BODY_BYTES): JsonValue {
  if (typeof body === 'object' && !(body instanceof Uint8Array)) return body.decoded;
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  if (size > maxBytes) throw entityTooLarge(`limit is ${maxBytes}`);
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    const reason = (err as Error).message;
    throw badRequest(type === 'strategic' ? reason : `error decoding patch: ${reason}`);
  }
}
