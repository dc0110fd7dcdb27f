// application/json-patch+json (RFC 6902) with kube-apiserver's observable behaviour: the body
// is checked the way kube's strict decoder checks it (400), more than 10,000 operations is a
// 413, and an operation that does not apply is a 422 whose `detail` carries the reason in the
// words of kube's JSON patch library. evanphx/json-patch v4 quirks kept because clients see
// them: `replace` of an absent object key adds it, a missing `value` means null, `copy` from an
// absent key copies null, `replace` of the root with a scalar does nothing.
import { badRequest, entityTooLarge, tooDeep, unprocessable } from './patch-error.js';
import { goJsonKind } from './go-format.js';
import { MAX_JSON_PATCH_COPY_BYTES, MAX_JSON_PATCH_OPERATIONS, MAX_PATCH_DEPTH } from './limits.js';
import {
  cloneJson,
  exceedsDepth,
  hasOwn,
  isJsonObject,
  jsonEqual,
  type JsonObject,
  type JsonValue,
} from './json-value.js';
import { addChild, findParent, getChild, PointerError, removeChild, setChild } from './json-pointer.js';
import { jsonByteLength } from './json-size.js';

export interface JsonPatchOptions {
  /** Bytes all `copy` operations may add together; kube's default is 3 MiB. */
  readonly maxCopyBytes?: number;
}

/** One decoded operation; fields keep their JSON presence so `value: null` differs from no value. */
type Operation = JsonObject | null;

/** Checks the body's shape as kube's strict decoder of `[]jsonPatchOp` does. */
export function decodeJsonPatch(body: JsonValue): Operation[] {
  if (body === null) return [];
  // The list and each operation add two levels above an operation's value.
  if (exceedsDepth(body, MAX_PATCH_DEPTH + 2)) throw tooDeep();
  if (!Array.isArray(body)) {
    throw badRequest(`error decoding patch: json: cannot unmarshal ${goJsonKind(body)} into Go value of type []handlers.jsonPatchOp`);
  }
  for (const op of body) {
    if (op === null) continue;
    if (!isJsonObject(op)) {
      throw badRequest(`error decoding patch: json: cannot unmarshal ${goJsonKind(op)} into Go value of type handlers.jsonPatchOp`);
    }
    for (const field of ['op', 'path', 'from'] as const) {
      const value = op[field];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        throw badRequest(
          `error decoding patch: json: cannot unmarshal ${goJsonKind(value)} into Go struct field jsonPatchOp.${field} of type string`,
        );
      }
    }
  }
  if (body.length > MAX_JSON_PATCH_OPERATIONS) {
    throw entityTooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${body.length}`);
  }
  return body as Operation[];
}

/** Applies a JSON patch body to a document; neither input is modified. */
export function applyJsonPatch(document: JsonValue, body: JsonValue, options: JsonPatchOptions = {}): JsonValue {
  const operations = decodeJsonPatch(body);
  const state: ApplyState = {
    doc: cloneJson(document),
    copiedBytes: 0,
    maxCopyBytes: options.maxCopyBytes ?? MAX_JSON_PATCH_COPY_BYTES,
  };
  for (const op of operations) {
    try {
      applyOperation(state, op);
    } catch (err) {
      if (err instanceof PointerError || err instanceof OperationError) throw unprocessable(err.message);
      throw err;
    }
  }
  // Copies and moves can nest a document inside itself; refuse what the stack could not serialize.
  if (exceedsDepth(state.doc, MAX_PATCH_DEPTH)) {
    throw unprocessable(`the patched document nests deeper than ${MAX_PATCH_DEPTH} levels`);
  }
  return state.doc;
}

interface ApplyState {
  doc: JsonValue;
  copiedBytes: number;
  readonly maxCopyBytes: number;
}

class OperationError extends Error {}

const MISSING = 'missing value';

function stringField(op: Operation, field: 'op' | 'path' | 'from'): string | undefined {
  const value = op?.[field];
  return typeof value === 'string' ? value : undefined;
}

/** The operation's value, or null when absent (evanphx treats both as a nil node). */
function valueOf(op: Operation): JsonValue {
  return op !== null && hasOwn(op, 'value') ? op.value! : null;
}

function fail(message: string): never {
  throw new OperationError(message);
}

function wrap(prefix: string, err: unknown): never {
  if (err instanceof PointerError) throw new OperationError(`${prefix}: ${err.message}`);
  throw err;
}

function applyOperation(state: ApplyState, op: Operation): void {
  const kind = stringField(op, 'op') ?? 'unknown';
  switch (kind) {
    case 'add':
      return add(state, op);
    case 'remove':
      return remove(state, op);
    case 'replace':
      return replace(state, op);
    case 'move':
      return move(state, op);
    case 'test':
      return test(state, op);
    case 'copy':
      return copy(state, op);
    default:
      fail(`Unexpected kind: ${kind}`);
  }
}

function add(state: ApplyState, op: Operation): void {
  const path = stringField(op, 'path') ?? fail(`add operation failed to decode path: ${MISSING}`);
  const target = findParent(state.doc, path) ?? fail(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
  try {
    addChild(target.container, target.key, cloneJson(valueOf(op)));
  } catch (err) {
    wrap(`error in add for path: '${path}'`, err);
  }
}

function remove(state: ApplyState, op: Operation): void {
  const path = stringField(op, 'path') ?? fail(`remove operation failed to decode path: ${MISSING}`);
  const target = findParent(state.doc, path) ?? fail(`remove operation does not apply: doc is missing path: "${path}": ${MISSING}`);
  try {
    removeChild(target.container, target.key);
  } catch (err) {
    wrap(`error in remove for path: '${path}'`, err);
  }
}

function replace(state: ApplyState, op: Operation): void {
  const path =
    stringField(op, 'path') ?? fail(`replace operation failed to decode path: operation missing path field: ${MISSING}`);
  if (path === '') {
    const value = valueOf(op);
    if (value !== null && typeof value === 'object') state.doc = cloneJson(value);
    return;
  }
  const target = findParent(state.doc, path) ?? fail(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
  try {
    getChild(target.container, target.key);
  } catch {
    fail(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
  }
  try {
    setChild(target.container, target.key, cloneJson(valueOf(op)));
  } catch (err) {
    wrap(`error in remove for path: '${path}'`, err);
  }
}

function move(state: ApplyState, op: Operation): void {
  const from =
    stringField(op, 'from') ?? fail(`move operation failed to decode from: operation, missing from field: ${MISSING}`);
  const source = findParent(state.doc, from) ?? fail(`move operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
  let value: JsonValue | undefined;
  try {
    value = getChild(source.container, source.key);
    removeChild(source.container, source.key);
  } catch (err) {
    wrap(`error in move for path: '${source.key}'`, err);
  }
  const path = stringField(op, 'path') ?? fail(`move operation failed to decode path: operation missing path field: ${MISSING}`);
  const target =
    findParent(state.doc, path) ?? fail(`move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
  try {
    addChild(target.container, target.key, value ?? null);
  } catch (err) {
    wrap(`error in move for path: '${path}'`, err);
  }
}

function test(state: ApplyState, op: Operation): void {
  const path = stringField(op, 'path') ?? fail(`test operation failed to decode path: operation missing path field: ${MISSING}`);
  const expected = valueOf(op);
  const failed = (): never => fail(`testing value ${path} failed: test failed`);
  if (path === '') {
    if (!jsonEqual(state.doc, expected)) failed();
    return;
  }
  const target = findParent(state.doc, path) ?? fail(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
  let actual: JsonValue | undefined;
  try {
    actual = getChild(target.container, target.key);
  } catch (err) {
    wrap(`error in test for path: '${path}'`, err);
  }
  // An absent key and a null value are the same "nil" to the library: both pass `value: null`.
  if (!jsonEqual(actual ?? null, expected)) failed();
}

function copy(state: ApplyState, op: Operation): void {
  const from =
    stringField(op, 'from') ?? fail(`copy operation failed to decode from: operation, missing from field: ${MISSING}`);
  const source = findParent(state.doc, from) ?? fail(`copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
  let value: JsonValue | undefined;
  try {
    value = getChild(source.container, source.key);
  } catch (err) {
    wrap(`error in copy for from: '${from}'`, err);
  }
  const path = stringField(op, 'path') ?? fail(`copy operation failed to decode path: ${MISSING}`);
  const target =
    findParent(state.doc, path) ?? fail(`copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
  const size = value === undefined ? 0 : jsonByteLength(value, state.maxCopyBytes - state.copiedBytes + 1);
  state.copiedBytes += size;
  if (state.maxCopyBytes > 0 && state.copiedBytes > state.maxCopyBytes) {
    fail(
      `Unable to complete the copy, the accumulated size increase of copy is ${state.copiedBytes}, exceeding the limit ${state.maxCopyBytes}`,
    );
  }
  try {
    addChild(target.container, target.key, value === undefined ? null : cloneJson(value));
  } catch (err) {
    wrap('error while adding value during copy', err);
  }
}
