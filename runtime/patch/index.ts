// Patch engines for PATCH requests: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and
// strategic merge patch, with kube-apiserver's semantics, limits and error statuses.
export { applyPatch, decodeBody, patchTypeOf, PATCH_CONTENT_TYPES } from './apply-patch.js';
export type { PatchRequest, PatchType } from './apply-patch.js';
export { PatchError, isPatchError, UNPROCESSABLE_MESSAGE } from './patch-error.js';
export type { PatchErrorReason } from './patch-error.js';
export { applyJsonPatch, decodeJsonPatch } from './json-patch.js';
export type { JsonPatchOptions } from './json-patch.js';
export { applyMergePatch, mergePatch } from './merge-patch.js';
export { applyStrategicMergePatch, strategicMergePatch } from './strategic-merge.js';
export { PatchSchema, patchSchema, fieldStrategy } from './strategic-schema.js';
export type { FieldMetaLookup, FieldMetaSource, FieldStrategy, MergeStrategy } from './strategic-schema.js';
export { MAX_JSON_PATCH_OPERATIONS, MAX_JSON_PATCH_COPY_BYTES, MAX_PATCH_BODY_BYTES, MAX_PATCH_DEPTH } from './limits.js';
export { cloneJson, jsonEqual, isJsonObject } from './json-value.js';
export type { JsonValue, JsonObject, JsonPrimitive } from './json-value.js';
