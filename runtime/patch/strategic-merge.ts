// application/strategic-merge-patch+json, as k8s.io/apimachinery's strategicpatch applies it on
// the server, driven by the generated field metadata instead of Go struct tags. Maps merge key
// by key and null deletes; lists merge by merge key or as sets where `patchStrategy` says
// `merge` and are replaced otherwise; directives: `$patch` (replace / delete), `$retainKeys`,
// `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
//
// Where Capstan departs from kube, on purpose: a value the patch adds where the object had
// none is merged into "nothing" rather than copied raw, so directives and nulls inside it are
// applied instead of leaking into the stored object (kube drops them later, when it decodes
// into Go structs, which Capstan does not have); and `$deleteFromPrimitiveList` never adds the
// values it names (kube sets an absent list, or a list without the merge strategy, to them).
import { badRequest, tooDeep } from './patch-error.js';
import { goJsonKind } from './go-format.js';
import { MAX_PATCH_DEPTH } from './limits.js';
import { cloneJson, exceedsDepth, hasOwn, isJsonObject, setProperty, type JsonObject, type JsonValue } from './json-value.js';
import { fieldStrategy, patchSchema, type FieldMetaSource, type PatchSchema } from './strategic-schema.js';
import {
  badArgType,
  badRetainKeys,
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  directiveField,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  unknownPatchType,
} from './strategic-directives.js';
import { checkElementOrder, deleteFromList, elementKind, mergeList, orderMerged, type MapMerger } from './strategic-list.js';

/** Strategic merge of a patch object into a document; neither input is modified. */
export function strategicMergePatch(
  document: JsonObject,
  patch: JsonObject,
  fields: FieldMetaSource | PatchSchema,
): JsonObject {
  if (exceedsDepth(patch, MAX_PATCH_DEPTH)) throw tooDeep();
  const merger = new StrategicMerger(patchSchema(fields));
  return merger.mergeMap(cloneJson(document), patch, '');
}

/**
 * The patch endpoint's form: a `null` body changes nothing, any other non-object is a 400 with
 * the message of kube's decoder.
 */
export function applyStrategicMergePatch(
  document: JsonObject,
  body: JsonValue,
  fields: FieldMetaSource | PatchSchema,
): JsonObject {
  if (body === null) return cloneJson(document);
  if (!isJsonObject(body)) {
    throw badRequest(`json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`);
  }
  return strategicMergePatch(document, body, fields);
}

class StrategicMerger implements MapMerger {
  constructor(private readonly schema: PatchSchema) {}

  /** `original` is a private copy (or undefined: the field is absent) and is changed in place. */
  mergeMap(original: JsonObject | undefined, patch: JsonObject, path: string): JsonObject {
    if (hasOwn(patch, DIRECTIVE)) {
      const directive = patch[DIRECTIVE]!;
      if (directive === 'delete') return {};
      if (directive === 'replace') {
        const rest: JsonObject = {};
        for (const key of Object.keys(patch)) if (key !== DIRECTIVE) setProperty(rest, key, patch[key]!);
        return this.mergeMap(undefined, rest, path);
      }
      throw unknownPatchType(directive, patch);
    }
    const target: JsonObject = original ?? {};
    this.retainKeys(target, patch);
    const done = this.setElementOrders(target, patch, path);

    const deletions: Array<[string, JsonValue]> = [];
    for (const key of Object.keys(patch)) {
      if (done.has(key) || key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER)) continue;
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        deletions.push([directiveField(key, DELETE_FROM_PRIMITIVE_LIST), patch[key]!]);
        continue;
      }
      this.mergeField(target, key, patch[key]!, path, false);
    }
    // Deletions go last so a patch that adds and removes the same value ends without it.
    for (const [field, value] of deletions) this.mergeField(target, field, value, path, true);
    return target;
  }

  /** `$retainKeys`: keys not listed are cleared from the object; the patch may set only listed keys. */
  private retainKeys(target: JsonObject, patch: JsonObject): void {
    if (!hasOwn(patch, RETAIN_KEYS)) return;
    const list = patch[RETAIN_KEYS]!;
    if (!Array.isArray(list)) throw badRetainKeys();
    const retained = new Set<unknown>(list);
    for (const key of Object.keys(patch)) {
      if (key === RETAIN_KEYS || patch[key] === null) continue;
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) continue;
      if (!retained.has(key)) throw badRetainKeys();
    }
    for (const key of Object.keys(target)) if (!retained.has(key)) delete target[key];
  }

  /**
   * `$setElementOrder/<list>`: merges that list (if the patch has it) and puts the result in the
   * given order. Returns the list fields it settled, which the main loop must skip.
   */
  private setElementOrders(target: JsonObject, patch: JsonObject, path: string): Set<string> {
    const done = new Set<string>();
    for (const key of Object.keys(patch)) {
      if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
      const order = patch[key]!;
      if (!Array.isArray(order)) throw badArgType('list', order);
      const field = directiveField(key, SET_ELEMENT_ORDER);
      const inOriginal = hasOwn(target, field);
      const inPatch = hasOwn(patch, field);
      const originalList = inOriginal ? target[field]! : undefined;
      const patchList = inPatch ? patch[field]! : undefined;
      if (inOriginal && !Array.isArray(originalList)) throw badArgType('list', originalList);
      if (inPatch && !Array.isArray(patchList)) throw badArgType('list', patchList);
      const fieldPath = this.schema.child(path, field);
      const { mergeKey } = fieldStrategy(this.schema.meta(fieldPath));
      const original = (originalList ?? []) as JsonValue[];
      const incoming = (patchList ?? []) as JsonValue[];
      checkElementOrder(incoming, order, mergeKey);
      if (!inOriginal && !inPatch) continue;
      let merged: JsonValue[];
      if (!inPatch) merged = original;
      else if (!inOriginal) merged = this.materializeList(incoming, fieldPath);
      else merged = this.mergeListField(original, incoming, fieldPath, false);
      const kind = elementKind(original, incoming);
      target[field] = orderMerged(merged, order, order, original, mergeKey, kind);
      done.add(field);
    }
    return done;
  }

  private mergeField(target: JsonObject, key: string, value: JsonValue, path: string, isDeleteList: boolean): void {
    if (value === null) {
      delete target[key];
      return;
    }
    const fieldPath = this.schema.child(path, key);
    if (!hasOwn(target, key)) {
      if (!isDeleteList) setProperty(target, key, this.materialize(value, fieldPath));
      return;
    }
    const current = target[key]!;
    if (isJsonObject(current) && isJsonObject(value)) {
      const { strategy } = fieldStrategy(this.schema.meta(fieldPath));
      target[key] = strategy === 'replace' ? this.mergeMap(undefined, value, fieldPath) : this.mergeMap(current, value, fieldPath);
    } else if (Array.isArray(current) && Array.isArray(value)) {
      target[key] = this.mergeListField(current, value, fieldPath, isDeleteList);
    } else if (isDeleteList) {
      throw badArgType('list', Array.isArray(value) ? current : value);
    } else {
      setProperty(target, key, this.materialize(value, fieldPath));
    }
  }

  private mergeListField(current: JsonValue[], value: JsonValue[], fieldPath: string, isDeleteList: boolean): JsonValue[] {
    const { strategy, mergeKey } = fieldStrategy(this.schema.meta(fieldPath));
    if (strategy === 'merge') return mergeList(current, value, this.schema.item(fieldPath), mergeKey, isDeleteList, this);
    if (isDeleteList) return deleteFromList(current, value);
    return this.materializeList(value, fieldPath);
  }

  /** A patch value placed where the object had nothing: merged into "absent". */
  private materialize(value: JsonValue, path: string): JsonValue {
    if (isJsonObject(value)) return this.mergeMap(undefined, value, path);
    if (Array.isArray(value)) return this.materializeList(value, path);
    return value;
  }

  /**
   * A list taken whole from the patch. In a merging list of maps, `$patch: delete` and
   * `$patch: replace` items have nothing to act on and are dropped; map items are materialized.
   */
  private materializeList(list: readonly JsonValue[], path: string): JsonValue[] {
    const { strategy } = fieldStrategy(this.schema.meta(path));
    const itemPath = this.schema.item(path);
    const result: JsonValue[] = [];
    for (const item of list) {
      if (isJsonObject(item)) {
        const directive = item[DIRECTIVE];
        if (strategy === 'merge' && (directive === 'delete' || directive === 'replace')) continue;
        result.push(this.mergeMap(undefined, item, itemPath));
      } else {
        result.push(cloneJson(item));
      }
    }
    return result;
  }
}
