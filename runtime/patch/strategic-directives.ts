// The vocabulary of strategic merge patch: its directive keys and the errors kube reports
// when they are misused. Messages are kube's (k8s.io/apimachinery mergepatch), because they
// reach the client; which ones are 400s and which 500s follows kube-apiserver's patch handler.
import { badRequest, internal, unprocessable, type PatchError } from './patch-error.js';
import { goFormat, goNumber, goTypeName } from './go-format.js';
import type { JsonObject, JsonValue } from './json-value.js';

export const DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';

export const badRetainKeys = (): PatchError => badRequest('invalid patch format of retainKeys');
export const badPrimitiveList = (): PatchError => badRequest('Invalid patch format of primitive list');
export const badSetElementOrder = (): PatchError => badRequest('invalid patch format of setElementOrder list');
export const listOfLists = (): PatchError => unprocessable('Lists of lists are not supported');

export const noMergeKey = (item: JsonObject, mergeKey: string): PatchError =>
  internal(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);

/** `expected` is the Go type the merge needed: a list or a map. */
export const badArgType = (expected: 'list' | 'map', actual: JsonValue | undefined): PatchError =>
  internal(
    `expected a ${expected === 'list' ? '[]interface {}' : 'map[string]interface {}'}, but received a ${goTypeName(actual)}`,
  );

export const unknownPatchType = (directive: JsonValue, item: JsonObject): PatchError =>
  internal(`unknown patch type: ${goPercentS(directive)} in map: ${goFormat(item)}`);

/** Go's `%s` of an interface{} holding a non-string prints a type-annotated form. */
function goPercentS(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return '%!s(<nil>)';
  if (typeof value === 'number') return `%!s(${Number.isInteger(value) ? 'int64' : 'float64'}=${goNumber(value)})`;
  if (typeof value === 'boolean') return `%!s(bool=${value})`;
  return goFormat(value);
}

/**
 * The field a parallel-list directive key names: "$setElementOrder/containers" -> "containers".
 * Anything else after the prefix ("$setElementOrderX") is a malformed directive.
 */
export function directiveField(key: string, prefix: typeof DELETE_FROM_PRIMITIVE_LIST | typeof SET_ELEMENT_ORDER): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === SET_ELEMENT_ORDER ? badSetElementOrder() : badPrimitiveList();
  }
  return key.slice(slash + 1);
}
