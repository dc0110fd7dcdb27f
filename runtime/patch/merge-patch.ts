// application/merge-patch+json (RFC 7386): objects merge key by key, null removes a key, and
// any other value (arrays included) replaces what was there. The recursion follows the patch,
// whose depth is bounded before merging starts; values taken from the patch are copied.
import { badRequest, tooDeep } from './patch-error.js';
import { goJsonKind } from './go-format.js';
import { MAX_PATCH_DEPTH } from './limits.js';
import { cloneJson, exceedsDepth, isJsonObject, setProperty, type JsonObject, type JsonValue } from './json-value.js';

/** RFC 7386 MergePatch(target, patch) for any JSON values; neither input is modified. */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (exceedsDepth(patch, MAX_PATCH_DEPTH)) throw tooDeep();
  // One up-front copy, then merging in place: the result shares nothing with either input, so
  // later steps (defaulting, admission) may change it freely.
  return merge(target === undefined ? undefined : cloneJson(target), patch);
}

/**
 * The patch endpoint's form: the body must be a JSON object (kube answers 400 otherwise, with
 * the message of its strict decoder), and the result is an object.
 */
export function applyMergePatch(document: JsonObject, body: JsonValue): JsonObject {
  if (body === null) throw badRequest('Invalid JSON Patch');
  if (!isJsonObject(body)) {
    throw badRequest(
      `error decoding patch: json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`,
    );
  }
  return mergePatch(document, body) as JsonObject;
}

/** Merges into `target`, which is a private copy and may be changed. */
function merge(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? target : {};
  for (const key of Object.keys(patch)) {
    const value = patch[key]!;
    if (value === null) {
      delete result[key];
    } else {
      const current = Object.prototype.hasOwnProperty.call(result, key) ? result[key] : undefined;
      setProperty(result, key, merge(current, value));
    }
  }
  return result;
}
