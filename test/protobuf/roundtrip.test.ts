// JSON -> protobuf -> JSON over random objects of every hand-written kind. Objects are drawn
// from the descriptors themselves (so generated descriptors can reuse this later); the expected
// result applies kube's zero rule, written out here independently of the codec. ~2 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  HANDWRITTEN_KINDS,
  apiVersionOf,
  decodeRequestBody,
  encodeResponse,
  gvkString,
  type FieldDescriptor,
  type JsonObject,
  type JsonValue,
  type MessageDescriptor,
} from '../../runtime/protobuf/index.js';

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const MIN_SECONDS = -62135596800; // 0001-01-01
const MAX_SECONDS = 253402300799; // 9999-12-31
const timeText = fc.integer({ min: MIN_SECONDS, max: MAX_SECONDS }).map((s) => new Date(s * 1000).toISOString().replace(/\.\d+Z$/, 'Z'));
const jsonObject = fc.dictionary(text, fc.jsonValue({ maxDepth: 3 }), { noNullPrototype: true }).map((v) => JSON.parse(JSON.stringify(v)) as JsonObject);

function valueArbitrary(f: FieldDescriptor, depth: number): fc.Arbitrary<JsonValue> {
  switch (f.type) {
    case 'string':
      return text;
    case 'bytes':
      return fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b).toString('base64'));
    case 'int32':
      return fc.integer({ min: -0x80000000, max: 0x7fffffff });
    case 'int64':
      return fc.maxSafeInteger();
    case 'bool':
      return fc.boolean();
    case 'double':
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
    case 'time':
      return timeText;
    case 'fields-v1':
      return jsonObject;
    case 'message':
      return objectArbitrary(f.message!(), depth + 1);
    default:
      throw new Error(`no arbitrary for ${f.type} (add one when a kind needs it)`);
  }
}

function fieldArbitrary(f: FieldDescriptor, depth: number): fc.Arbitrary<JsonValue> {
  if (f.mapValue === 'extra-value') return fc.dictionary(text, fc.array(text, { maxLength: 3 }), { maxKeys: 3, noNullPrototype: true });
  if (f.map) return fc.dictionary(text, valueArbitrary(f, depth), { maxKeys: 4, noNullPrototype: true });
  if (f.repeated) return fc.array(valueArbitrary(f, depth), { maxLength: 3 });
  return valueArbitrary(f, depth);
}

function objectArbitrary(desc: MessageDescriptor, depth = 0): fc.Arbitrary<JsonObject> {
  if (depth > 6) return fc.constant({});
  const shape: Record<string, fc.Arbitrary<JsonValue>> = {};
  for (const f of desc.fields) shape[f.json] = fieldArbitrary(f, depth);
  return fc.record(shape, { requiredKeys: [], noNullPrototype: true }) as fc.Arbitrary<JsonObject>;
}

/**
 * What survives the trip: singular zero scalars without explicit presence, and empty lists and
 * maps (no field occurrence can say "empty"), are absent; list items and map values stay.
 */
function expected(desc: MessageDescriptor, obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const f of desc.fields) {
    const v = obj[f.json];
    if (v === undefined || v === null) continue;
    if (f.map) {
      const entries = Object.entries(v as JsonObject);
      if (entries.length === 0) continue;
      out[f.json] = f.type === 'message' ? Object.fromEntries(entries.map(([k, x]) => [k, expected(f.message!(), x as JsonObject)])) : v;
    } else if (f.repeated) {
      const items = v as JsonValue[];
      if (items.length === 0 && !f.listWrapper) continue;
      out[f.json] = f.type === 'message' ? items.map((x) => expected(f.message!(), x as JsonObject)) : items;
    } else if (f.type === 'message') {
      out[f.json] = expected(f.message!(), v as JsonObject);
    } else if (!f.explicitPresence && (v === '' || v === 0 || v === false)) {
      continue;
    } else {
      out[f.json] = v;
    }
  }
  return out;
}

for (const [gvk, desc] of HANDWRITTEN_KINDS) {
  test(`round trip JSON -> protobuf -> JSON: ${gvkString(gvk)}`, () => {
    fc.assert(
      fc.property(objectArbitrary(desc), (body) => {
        const obj: JsonObject = { apiVersion: apiVersionOf(gvk), kind: gvk.kind, ...body };
        const bytes = encodeResponse(obj, gvk);
        assert.ok(bytes);
        const decoded = decodeRequestBody(bytes, gvk);
        assert.deepStrictEqual(decoded, { apiVersion: apiVersionOf(gvk), kind: gvk.kind, ...expected(desc, body) });
        // Encoding is deterministic: the decoded object gives the same bytes again.
        assert.ok(encodeResponse(decoded, gvk)!.equals(bytes));
      }),
      { numRuns: 150 },
    );
  });
}
