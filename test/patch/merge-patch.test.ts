import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMergePatch, mergePatch, type JsonObject } from '../../runtime/patch/index.js';
import { assertPatchError, deepFreeze, json } from './helpers.js';

// RFC 7386 Appendix A, written from the RFC's rules: target, patch, result.
const rfcCases: Array<[string, string, string]> = [
  ['{"a":"b"}', '{"a":"c"}', '{"a":"c"}'],
  ['{"a":"b"}', '{"b":"c"}', '{"a":"b","b":"c"}'],
  ['{"a":"b"}', '{"a":null}', '{}'],
  ['{"a":"b","b":"c"}', '{"a":null}', '{"b":"c"}'],
  ['{"a":["b"]}', '{"a":"c"}', '{"a":"c"}'],
  ['{"a":"c"}', '{"a":["b"]}', '{"a":["b"]}'],
  ['{"a":{"b":"c"}}', '{"a":{"b":"d","c":null}}', '{"a":{"b":"d"}}'],
  ['{"a":[{"b":"c"}]}', '{"a":[1]}', '{"a":[1]}'],
  ['["a","b"]', '["c","d"]', '["c","d"]'],
  ['{"a":"b"}', '["c"]', '["c"]'],
  ['{"a":"foo"}', 'null', 'null'],
  ['{"a":"foo"}', '"bar"', '"bar"'],
  ['{"e":null}', '{"a":1}', '{"e":null,"a":1}'],
  ['[1,2]', '{"a":"b","c":null}', '{"a":"b"}'],
  ['{}', '{"a":{"bb":{"ccc":null}}}', '{"a":{"bb":{}}}'],
];

describe('JSON merge patch (RFC 7386)', () => {
  for (const [target, patch, want] of rfcCases) {
    it(`${target} + ${patch} = ${want}`, () => {
      assert.deepEqual(mergePatch(deepFreeze(json(target)), deepFreeze(json(patch))), json(want));
    });
  }

  it('the RFC section 3 example', () => {
    const target = json(`{"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},
      "tags":["example","sample"],"content":"This will be unchanged"}`);
    const patch = json(`{"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}`);
    assert.deepEqual(
      mergePatch(deepFreeze(target), deepFreeze(patch)),
      json(`{"title":"Hello!","author":{"givenName":"John"},"tags":["example"],
        "content":"This will be unchanged","phoneNumber":"+01-123-456-7890"}`),
    );
  });

  it('kubectl label and unlabel bodies', () => {
    const cm = deepFreeze(json('{"metadata":{"name":"demo","labels":{"app":"demo"}},"data":{"k":"v"}}') as JsonObject);
    const labeled = applyMergePatch(cm, json('{"metadata":{"labels":{"env":"prod"}}}'));
    assert.deepEqual(labeled.metadata, { name: 'demo', labels: { app: 'demo', env: 'prod' } });
    const unlabeled = applyMergePatch(labeled, json('{"metadata":{"labels":{"env":null}}}'));
    assert.deepEqual(unlabeled.metadata, { name: 'demo', labels: { app: 'demo' } });
  });

  it('returns a copy that shares nothing with the inputs', () => {
    const doc = deepFreeze({ keep: { deep: [1] }, change: { x: 1 } });
    const patch = deepFreeze({ change: { y: [2] } });
    const out = applyMergePatch(doc, patch) as { keep: { deep: number[] }; change: { y: number[] } };
    out.keep.deep.push(3);
    out.change.y.push(3);
    assert.deepEqual(doc, { keep: { deep: [1] }, change: { x: 1 } });
    assert.deepEqual(patch, { change: { y: [2] } });
  });

  it('keeps a __proto__ key as data', () => {
    const out = applyMergePatch({}, json('{"__proto__":{"polluted":true}}'));
    assert.deepEqual(Object.keys(out), ['__proto__']);
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });

  const badBodies: Array<[string, number, string]> = [
    ['null', 400, 'Invalid JSON Patch'],
    ['[1]', 400, 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['"x"', 400, 'error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}'],
    ['3', 400, 'error decoding patch: json: cannot unmarshal number into Go value of type map[string]interface {}'],
  ];
  for (const [body, code, message] of badBodies) {
    it(`the endpoint form refuses the body ${body}`, () => {
      assertPatchError(() => applyMergePatch({ a: 1 }, json(body)), { code, reason: 'BadRequest', message });
    });
  }
});
