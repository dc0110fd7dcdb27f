import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldMeta } from '../../runtime/api/index.js';
import {
  applyPatch,
  MAX_PATCH_BODY_BYTES,
  MAX_PATCH_DEPTH,
  patchTypeOf,
  type JsonObject,
  type JsonValue,
  type PatchType,
} from '../../runtime/patch/index.js';
import { assertPatchError, deepFreeze } from './helpers.js';

const fields: Record<string, FieldMeta> = {
  'spec.containers': { patchStrategy: 'merge', patchMergeKey: 'name' },
};

function nested(depth: number, leaf: JsonValue = 'x'): JsonObject {
  let value: JsonValue = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value as JsonObject;
}

describe('applyPatch', () => {
  it('maps Content-Types to patch types, ignoring parameters and case', () => {
    assert.equal(patchTypeOf('application/json-patch+json'), 'json');
    assert.equal(patchTypeOf('application/merge-patch+json; charset=utf-8'), 'merge');
    assert.equal(patchTypeOf('Application/Strategic-Merge-Patch+JSON'), 'strategic');
    assert.equal(patchTypeOf('application/apply-patch+yaml'), undefined);
    assert.equal(patchTypeOf('application/json'), undefined);
  });

  it('decodes text and byte bodies for each type', () => {
    const current = deepFreeze({ metadata: { name: 'demo' }, spec: { containers: [{ name: 'a' }] } });
    const bodies: Array<[PatchType, string, JsonValue]> = [
      ['json', '[{"op":"replace","path":"/metadata/name","value":"x"}]', { name: 'x' }],
      ['merge', '{"metadata":{"labels":{"a":"b"}}}', { name: 'demo', labels: { a: 'b' } }],
      ['strategic', '{"metadata":{"name":"y"}}', { name: 'y' }],
    ];
    for (const [type, text, metadata] of bodies) {
      assert.deepEqual(applyPatch({ type, current, body: text, fields }).metadata, metadata);
      assert.deepEqual(applyPatch({ type, current, body: new TextEncoder().encode(text), fields }).metadata, metadata);
    }
    const merged = applyPatch({ type: 'strategic', current, body: { decoded: { spec: { containers: [{ name: 'b' }] } } }, fields });
    assert.deepEqual(merged.spec, { containers: [{ name: 'b' }, { name: 'a' }] });
  });

  it('answers 400 for a body that is not JSON', () => {
    assertPatchError(() => applyPatch({ type: 'merge', current: {}, body: '{"a":' }), { code: 400, reason: 'BadRequest', message: /^error decoding patch: / });
    assertPatchError(() => applyPatch({ type: 'json', current: {}, body: '' }), { code: 400, reason: 'BadRequest', message: /^error decoding patch: / });
    assertPatchError(() => applyPatch({ type: 'strategic', current: {}, body: 'nope' }), { code: 400, reason: 'BadRequest' });
  });

  it('answers 413 for a body over the size limit, whatever its type', () => {
    const body = JSON.stringify({ data: { big: 'x'.repeat(MAX_PATCH_BODY_BYTES) } });
    for (const type of ['json', 'merge', 'strategic'] as const) {
      assertPatchError(() => applyPatch({ type, current: {}, body }), {
        code: 413,
        reason: 'RequestEntityTooLarge',
        message: 'Request entity too large: limit is 3145728',
      });
    }
    assertPatchError(() => applyPatch({ type: 'merge', current: {}, body: new Uint8Array(11), maxBodyBytes: 10 }), {
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 10',
    });
    const justFits = JSON.stringify({ a: 'x'.repeat(MAX_PATCH_BODY_BYTES - 8) });
    assert.equal(justFits.length, MAX_PATCH_BODY_BYTES);
    assert.equal((applyPatch({ type: 'merge', current: {}, body: justFits }).a as string).length, MAX_PATCH_BODY_BYTES - 8);
  });

  it('answers 422 when a JSON patch replaces the object with an array', () => {
    assertPatchError(() => applyPatch({ type: 'json', current: { a: 1 }, body: '[{"op":"replace","path":"","value":[1]}]' }), {
      code: 422,
      reason: 'Invalid',
    });
  });

  it(`accepts patches nested ${MAX_PATCH_DEPTH} deep without exhausting the stack`, () => {
    const body = JSON.stringify(nested(MAX_PATCH_DEPTH - 1));
    // Merging into an equally deep object, and into nothing (the path that copies the patch).
    for (const current of [nested(MAX_PATCH_DEPTH - 1, 'old'), {}]) {
      for (const type of ['merge', 'strategic'] as const) {
        const out = applyPatch({ type, current, body, fields });
        let node: JsonValue = out;
        for (let i = 0; i < MAX_PATCH_DEPTH - 1; i++) node = (node as JsonObject).a!;
        assert.equal(node, 'x');
      }
    }
    // Lists of maps nested as deep, merged by key at every level.
    let list: JsonValue = 'leaf';
    // Each level is an object, a list and an item: three levels of nesting.
    for (let i = 0; i < Math.floor(MAX_PATCH_DEPTH / 3); i++) list = { containers: [{ name: 'c', spec: list }] };
    const listFields = (path: string): FieldMeta | undefined =>
      path.endsWith('containers') ? { patchStrategy: 'merge', patchMergeKey: 'name' } : undefined;
    const deepOut = applyPatch({ type: 'strategic', current: list as JsonObject, body: { decoded: list }, fields: listFields });
    assert.deepEqual(deepOut, list);
    const jsonOut = applyPatch({ type: 'json', current: {}, body: JSON.stringify([{ op: 'add', path: '/deep', value: nested(MAX_PATCH_DEPTH - 2) }]) });
    assert.ok('deep' in jsonOut);
  });

  it('refuses deeper patch bodies with 400, however deep they are', () => {
    for (const depth of [MAX_PATCH_DEPTH + 1, 200_000]) {
      const body = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      for (const type of ['merge', 'strategic'] as const) {
        assertPatchError(() => applyPatch({ type, current: {}, body, fields }), {
          code: 400,
          reason: 'BadRequest',
          message: /exceeded max depth of 1000/,
        });
      }
      const ops = `[{"op":"add","path":"/a","value":${body}}]`;
      assertPatchError(() => applyPatch({ type: 'json', current: {}, body: ops }), {
        code: 400,
        reason: 'BadRequest',
        message: /exceeded max depth of 1000/,
      });
    }
  });

  it('handles large documents and lists in one pass each', () => {
    // 10,000 containers merged with 10,000 patch items in reverse order (a quadratic merge
    // would do 10^8 steps here), and a merge patch adding 20,000 keys.
    const n = 10_000;
    const current = { spec: { containers: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: 'old' })) } };
    const patch = { spec: { containers: Array.from({ length: n }, (_, i) => ({ name: `c${n - 1 - i}`, image: 'new' })) } };
    const out = applyPatch({ type: 'strategic', current, body: { decoded: patch }, fields });
    const list = (out.spec as { containers: Array<{ name: string; image: string }> }).containers;
    assert.equal(list.length, n);
    assert.equal(list[0]!.name, `c${n - 1}`);
    assert.ok(list.every((c) => c.image === 'new'));

    const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    const merged = applyPatch({ type: 'merge', current: { data: {} }, body: JSON.stringify({ data: wide }) });
    assert.equal(Object.keys(merged.data as object).length, 20_000);
  });
});
