// Properties over random JSON: a merge patch computed as diff(a, b) turns a into b; strategic
// merge without field metadata agrees with merge patch; JSON patch round-trips through a
// replace of each top-level key; and no engine writes to its inputs (they are deep-frozen).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  applyJsonPatch,
  jsonEqual,
  mergePatch,
  strategicMergePatch,
  type JsonObject,
  type JsonValue,
} from '../../runtime/patch/index.js';
import { deepFreeze } from './helpers.js';

// Keys avoid `$`, which strategic merge reserves for directives.
const key = fc.string({ maxLength: 4 }).filter((k) => !k.startsWith('$'));

/** JSON without nulls: a merge patch cannot say "set to null", only "delete". */
const { value: nonNullValue } = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 3 }),
    fc.integer({ min: -5, max: 5 }),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));
const object = fc.dictionary(key, nonNullValue, { maxKeys: 5, noNullPrototype: true }) as fc.Arbitrary<JsonObject>;

/** The smallest merge patch that takes `a` to `b`. */
function diff(a: JsonObject, b: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const k of Object.keys(a)) if (!Object.prototype.hasOwnProperty.call(b, k)) patch[k] = null;
  for (const k of Object.keys(b)) {
    const before = Object.prototype.hasOwnProperty.call(a, k) ? a[k] : undefined;
    const after = b[k]!;
    if (before !== undefined && jsonEqual(before, after)) continue;
    const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
    patch[k] = isObject(before) && isObject(after) ? diff(before, after) : after;
  }
  return patch;
}

const runs = { numRuns: 300 };

describe('patch properties', () => {
  it('mergePatch(a, diff(a, b)) equals b and leaves a and the patch untouched', () => {
    fc.assert(
      fc.property(object, object, (a, b) => {
        const patch = deepFreeze(diff(a, b));
        const before = JSON.stringify(a);
        const out = mergePatch(deepFreeze(a), patch);
        assert.deepEqual(out, b);
        assert.equal(JSON.stringify(a), before);
      }),
      runs,
    );
  });

  it('strategic merge without metadata agrees with merge patch', () => {
    fc.assert(
      fc.property(object, object, (a, b) => {
        const patch = deepFreeze(diff(a, b));
        assert.deepEqual(strategicMergePatch(deepFreeze(a), patch, {}), mergePatch(a, patch));
      }),
      runs,
    );
  });

  it('a JSON patch replacing every changed key yields b', () => {
    fc.assert(
      fc.property(object, object, (a, b) => {
        const ops: JsonValue[] = [];
        const pointer = (k: string): string => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        for (const k of Object.keys(a)) if (!Object.prototype.hasOwnProperty.call(b, k)) ops.push({ op: 'remove', path: pointer(k) });
        for (const k of Object.keys(b)) ops.push({ op: 'add', path: pointer(k), value: b[k]! });
        for (const k of Object.keys(b)) ops.push({ op: 'test', path: pointer(k), value: b[k]! });
        const out = applyJsonPatch(deepFreeze(a), deepFreeze(ops));
        assert.ok(jsonEqual(out, b));
      }),
      runs,
    );
  });
});
