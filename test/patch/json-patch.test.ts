import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyJsonPatch,
  MAX_JSON_PATCH_OPERATIONS,
  UNPROCESSABLE_MESSAGE,
  type JsonValue,
} from '../../runtime/patch/index.js';
import { assertPatchError, deepFreeze, json } from './helpers.js';

interface Case {
  readonly name: string;
  readonly doc: string;
  readonly patch: string;
  readonly want: string;
}

function run(doc: string, patch: string): JsonValue {
  return applyJsonPatch(deepFreeze(json(doc)), deepFreeze(json(patch)));
}

// RFC 6902 Appendix A, written from the RFC's semantics (A.13, duplicate keys in one
// operation, cannot be expressed once the body is parsed).
const rfcCases: Case[] = [
  { name: 'A.1 add an object member', doc: '{"foo":"bar"}', patch: '[{"op":"add","path":"/baz","value":"qux"}]', want: '{"baz":"qux","foo":"bar"}' },
  { name: 'A.2 add an array element', doc: '{"foo":["bar","baz"]}', patch: '[{"op":"add","path":"/foo/1","value":"qux"}]', want: '{"foo":["bar","qux","baz"]}' },
  { name: 'A.3 remove an object member', doc: '{"baz":"qux","foo":"bar"}', patch: '[{"op":"remove","path":"/baz"}]', want: '{"foo":"bar"}' },
  { name: 'A.4 remove an array element', doc: '{"foo":["bar","qux","baz"]}', patch: '[{"op":"remove","path":"/foo/1"}]', want: '{"foo":["bar","baz"]}' },
  { name: 'A.5 replace a value', doc: '{"baz":"qux","foo":"bar"}', patch: '[{"op":"replace","path":"/baz","value":"boo"}]', want: '{"baz":"boo","foo":"bar"}' },
  {
    name: 'A.6 move a value',
    doc: '{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}',
    patch: '[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]',
    want: '{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}',
  },
  { name: 'A.7 move an array element', doc: '{"foo":["all","grass","cows","eat"]}', patch: '[{"op":"move","from":"/foo/1","path":"/foo/3"}]', want: '{"foo":["all","cows","eat","grass"]}' },
  {
    name: 'A.8 test succeeds',
    doc: '{"baz":"qux","foo":["a",2,"c"]}',
    patch: '[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]',
    want: '{"baz":"qux","foo":["a",2,"c"]}',
  },
  { name: 'A.10 add a nested member object', doc: '{"foo":"bar"}', patch: '[{"op":"add","path":"/child","value":{"grandchild":{}}}]', want: '{"foo":"bar","child":{"grandchild":{}}}' },
  { name: 'A.11 unrecognized members are ignored', doc: '{"foo":"bar"}', patch: '[{"op":"add","path":"/baz","value":"qux","xyz":123}]', want: '{"foo":"bar","baz":"qux"}' },
  { name: 'A.14 ~ escapes are decoded in order', doc: '{"/":9,"~1":10}', patch: '[{"op":"test","path":"/~01","value":10}]', want: '{"/":9,"~1":10}' },
  { name: 'A.16 add an array value', doc: '{"foo":["bar"]}', patch: '[{"op":"add","path":"/foo/-","value":["abc","def"]}]', want: '{"foo":["bar",["abc","def"]]}' },
  { name: 'copy a value', doc: '{"a":{"b":1}}', patch: '[{"op":"copy","from":"/a","path":"/c"}]', want: '{"a":{"b":1},"c":{"b":1}}' },
  { name: 'test of an object ignores key order', doc: '{"a":{"x":1,"y":[1,2]}}', patch: '[{"op":"test","path":"/a","value":{"y":[1,2],"x":1}}]', want: '{"a":{"x":1,"y":[1,2]}}' },
  { name: '~1 addresses a key with a slash', doc: '{"metadata":{"labels":{}}}', patch: '[{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"web"}]', want: '{"metadata":{"labels":{"app.kubernetes.io/name":"web"}}}' },
];

// Behaviour of kube's JSON patch library (evanphx/json-patch v4) that clients can observe.
const kubeCases: Case[] = [
  { name: 'replace of an absent object key adds it', doc: '{"a":1}', patch: '[{"op":"replace","path":"/b","value":2}]', want: '{"a":1,"b":2}' },
  { name: 'add without a value adds null', doc: '{"a":1}', patch: '[{"op":"add","path":"/b"}]', want: '{"a":1,"b":null}' },
  { name: 'a negative index counts from the end', doc: '{"a":[1,2,3]}', patch: '[{"op":"remove","path":"/a/-1"}]', want: '{"a":[1,2]}' },
  { name: 'add at -1 inserts before the new last slot', doc: '{"a":[1,2]}', patch: '[{"op":"add","path":"/a/-1","value":9}]', want: '{"a":[1,2,9]}' },
  { name: 'an index with leading zeros is accepted', doc: '{"a":[1,2]}', patch: '[{"op":"replace","path":"/a/01","value":9}]', want: '{"a":[1,9]}' },
  { name: 'add at the end index appends', doc: '{"a":[1]}', patch: '[{"op":"add","path":"/a/1","value":2}]', want: '{"a":[1,2]}' },
  { name: 'test value null matches an absent key', doc: '{"a":1}', patch: '[{"op":"test","path":"/b","value":null}]', want: '{"a":1}' },
  { name: 'copy from an absent key copies null', doc: '{"a":{}}', patch: '[{"op":"copy","from":"/a/x","path":"/b"}]', want: '{"a":{},"b":null}' },
  { name: 'replace of the root with an object', doc: '{"a":1}', patch: '[{"op":"replace","path":"","value":{"b":2}}]', want: '{"b":2}' },
  { name: 'replace of the root with a scalar does nothing', doc: '{"a":1}', patch: '[{"op":"replace","path":"","value":3}]', want: '{"a":1}' },
  { name: 'a path without a leading slash names a root key', doc: '{"a":1}', patch: '[{"op":"add","path":"x/b","value":2}]', want: '{"a":1,"b":2}' },
  { name: 'a null body is an empty patch', doc: '{"a":1}', patch: 'null', want: '{"a":1}' },
  { name: 'a test of the whole document', doc: '{"a":1}', patch: '[{"op":"test","path":"","value":{"a":1}}]', want: '{"a":1}' },
  {
    name: 'kubectl patch --type=json on a ConfigMap',
    doc: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"k":"v"}}',
    patch: '[{"op":"add","path":"/data/k4","value":"v4"}]',
    want: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"k":"v","k4":"v4"}}',
  },
];

describe('JSON patch (RFC 6902)', () => {
  for (const c of [...rfcCases, ...kubeCases]) {
    it(c.name, () => {
      assert.deepEqual(run(c.doc, c.patch), json(c.want));
    });
  }

  it('applies operations in sequence, each seeing the previous result', () => {
    const patch = '[{"op":"add","path":"/a","value":{}},{"op":"add","path":"/a/b","value":[1]},{"op":"move","from":"/a/b","path":"/c"},{"op":"test","path":"/c/0","value":1}]';
    assert.deepEqual(run('{}', patch), { a: {}, c: [1] });
  });

  it('returns a copy that shares nothing with the inputs', () => {
    const doc = deepFreeze({ a: { b: [1] } });
    const value = deepFreeze({ v: [2] });
    const out = applyJsonPatch(doc, [{ op: 'add', path: '/x', value }]) as { a: { b: number[] }; x: { v: number[] } };
    out.a.b.push(9);
    out.x.v.push(9);
    assert.deepEqual(doc, { a: { b: [1] } });
    assert.deepEqual(value, { v: [2] });
  });
});

// Operations that do not apply: kube answers 422 Invalid with a fixed message; the library's
// own words are kept in `detail`.
const failures: Array<{ name: string; doc: string; patch: string; detail: string }> = [
  { name: 'A.9 a failing test', doc: '{"baz":"qux"}', patch: '[{"op":"test","path":"/baz","value":"bar"}]', detail: 'testing value /baz failed: test failed' },
  { name: 'A.12 adding to a nonexistent target', doc: '{"foo":"bar"}', patch: '[{"op":"add","path":"/baz/bat","value":"qux"}]', detail: 'add operation does not apply: doc is missing path: "/baz/bat": missing value' },
  { name: 'A.15 a string is not a number', doc: '{"/":9,"~1":10}', patch: '[{"op":"test","path":"/~01","value":"10"}]', detail: 'testing value /~01 failed: test failed' },
  { name: 'remove of an absent key', doc: '{"a":1}', patch: '[{"op":"remove","path":"/b"}]', detail: "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value" },
  { name: 'remove under an absent parent', doc: '{"a":1}', patch: '[{"op":"remove","path":"/x/y"}]', detail: 'remove operation does not apply: doc is missing path: "/x/y": missing value' },
  { name: 'add past the end of an array', doc: '{"a":[1]}', patch: '[{"op":"add","path":"/a/5","value":2}]', detail: "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced" },
  { name: 'add at a non-numeric array index', doc: '{"a":[1]}', patch: '[{"op":"add","path":"/a/x","value":2}]', detail: `error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax` },
  { name: 'replace past the end of an array', doc: '{"a":[1]}', patch: '[{"op":"replace","path":"/a/1","value":2}]', detail: 'replace operation does not apply: doc is missing key: /a/1: missing value' },
  { name: 'remove past the end of an array', doc: '{"a":[1]}', patch: '[{"op":"remove","path":"/a/1"}]', detail: "error in remove for path: '/a/1': Unable to access invalid index: 1: invalid index referenced" },
  { name: 'move from an absent key', doc: '{"a":{}}', patch: '[{"op":"move","from":"/a/x","path":"/b"}]', detail: "error in move for path: 'x': Unable to remove nonexistent key: x: missing value" },
  { name: 'move into its own child', doc: '{"a":{"b":{}}}', patch: '[{"op":"move","from":"/a","path":"/a/b/c"}]', detail: 'move operation does not apply: doc is missing destination path: /a/b/c: missing value' },
  { name: 'copy from an absent parent', doc: '{}', patch: '[{"op":"copy","from":"/x/y","path":"/b"}]', detail: 'copy operation does not apply: doc is missing from path: /x/y: missing value' },
  { name: 'an unknown op', doc: '{}', patch: '[{"op":"merge","path":"/a"}]', detail: 'Unexpected kind: merge' },
  { name: 'an operation without op', doc: '{}', patch: '[{"path":"/a"}]', detail: 'Unexpected kind: unknown' },
  { name: 'add without a path', doc: '{}', patch: '[{"op":"add","value":1}]', detail: 'add operation failed to decode path: missing value' },
  { name: 'move without from', doc: '{}', patch: '[{"op":"move","path":"/a"}]', detail: 'move operation failed to decode from: operation, missing from field: missing value' },
  { name: 'the root pointer for add', doc: '{}', patch: '[{"op":"add","path":"","value":{}}]', detail: 'add operation does not apply: doc is missing path: "": missing value' },
  { name: 'a path through a scalar', doc: '{"a":"s"}', patch: '[{"op":"add","path":"/a/b","value":1}]', detail: 'add operation does not apply: doc is missing path: "/a/b": missing value' },
  { name: 'a path through a null', doc: '{"a":null}', patch: '[{"op":"test","path":"/a/b","value":null}]', detail: 'test operation does not apply: is missing path: /a/b: missing value' },
];

describe('JSON patch failures', () => {
  for (const f of failures) {
    it(f.name, () => {
      const doc = deepFreeze(json(f.doc));
      assertPatchError(() => applyJsonPatch(doc, deepFreeze(json(f.patch))), {
        code: 422,
        reason: 'Invalid',
        message: UNPROCESSABLE_MESSAGE,
        detail: f.detail,
      });
    });
  }

  const badBodies: Array<[string, string]> = [
    ['{"op":"add"}', 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp'],
    ['"x"', 'error decoding patch: json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp'],
    ['[1]', 'error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp'],
    ['[{"op":"add","path":5}]', 'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string'],
    ['[{"op":true,"path":"/a"}]', 'error decoding patch: json: cannot unmarshal bool into Go struct field jsonPatchOp.op of type string'],
  ];
  for (const [body, message] of badBodies) {
    it(`rejects the body ${body} as a bad request`, () => {
      assertPatchError(() => applyJsonPatch({}, json(body)), { code: 400, reason: 'BadRequest', message });
    });
  }

  it(`accepts ${MAX_JSON_PATCH_OPERATIONS} operations and refuses one more with 413`, () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS }, (_, i) => ({ op: 'add', path: '/a/-', value: i }));
    const out = applyJsonPatch({ a: [] }, ops) as { a: number[] };
    assert.equal(out.a.length, MAX_JSON_PATCH_OPERATIONS);
    assert.equal(out.a[MAX_JSON_PATCH_OPERATIONS - 1], MAX_JSON_PATCH_OPERATIONS - 1);
    assertPatchError(() => applyJsonPatch({ a: [] }, [...ops, { op: 'test', path: '/a/0', value: 0 }]), {
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    });
  });

  it('stops copies that would double the document past the copy budget', () => {
    const ops = [{ op: 'add', path: '/a', value: ['x'.repeat(1000)] }];
    for (let i = 0; i < 40; i++) ops.push({ op: 'copy', from: '/a', path: '/a/-' } as never);
    assertPatchError(() => applyJsonPatch({}, ops), {
      code: 422,
      reason: 'Invalid',
      detail: /^Unable to complete the copy, the accumulated size increase of copy is \d+, exceeding the limit 3145728$/,
    });
  });

  it('refuses a result nested deeper than the depth limit', () => {
    // A value 995 levels deep, then single levels added below it until the result passes 1000.
    let deep: JsonValue = [];
    for (let i = 0; i < 994; i++) deep = [deep];
    const ops: JsonValue[] = [{ op: 'add', path: '/a', value: deep }];
    let path = '/a' + '/0'.repeat(994);
    for (let i = 0; i < 10; i++) {
      ops.push({ op: 'add', path: `${path}/-`, value: [] });
      path += '/0';
    }
    assertPatchError(() => applyJsonPatch({}, ops), { code: 422, reason: 'Invalid', detail: /nests deeper than 1000 levels/ });
  });
});
