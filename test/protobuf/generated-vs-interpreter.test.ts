// The generated codecs (generated/*/protobuf-codecs.ts, what the server registers) against the
// descriptor interpreter (message-codec.ts, kept as the reference): for random objects of every
// registered message drawn from specs/, both write the same bytes and read them back to the same
// object; for random corruptions of those bytes both return the same object or fail with the
// same message. ~6 s for ~80 messages x 25 runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeMessage, encodeMessage, getProtobufCodec, gvkString, type GroupVersionKind, type JsonObject, type MessageDescriptor } from '../../runtime/protobuf/index.js';
import { protobufKinds } from '../../generated/protobuf.js';
import { SchemaArbitraries, loadBuiltinSchemas } from './schema-arbitrary.js';

const arbitraries = new SchemaArbitraries(loadBuiltinSchemas());

const byMessage = new Map<string, readonly [GroupVersionKind, MessageDescriptor]>();
for (const [gvk, desc] of protobufKinds) if (!byMessage.has(desc.name)) byMessage.set(desc.name, [gvk, desc]);

type Outcome = { ok: JsonObject } | { error: string };

function outcome(run: () => JsonObject): Outcome {
  try {
    return { ok: run() };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

/** Flips, drops or truncates bytes: enough to hit wrong wire types, bad lengths and unknown fields. */
const corruption = fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), how: fc.constantFrom('set', 'cut', 'drop') });

function corrupt(bytes: Buffer, c: { at: number; value: number; how: string }): Buffer {
  if (bytes.length === 0) return Buffer.from([c.value]);
  const at = c.at % bytes.length;
  if (c.how === 'cut') return bytes.subarray(0, at);
  if (c.how === 'drop') return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
  const copy = Buffer.from(bytes);
  copy[at] = c.value;
  return copy;
}

test('every registered kind is served by a generated codec, not by the interpreter', () => {
  for (const [gvk] of protobufKinds) {
    const codec = getProtobufCodec(gvk);
    assert.ok(codec, gvkString(gvk));
    // The interpreter's codec closes over a descriptor; generated ones are built by pb.codec.
    assert.ok(!codec.encode.toString().includes('encodeMessage'), `${gvkString(gvk)} is interpreted`);
  }
});

for (const [name, [gvk, desc]] of byMessage) {
  test(`generated codec = interpreter: ${gvkString(gvk)} (${name})`, () => {
    const codec = getProtobufCodec(gvk)!;
    fc.assert(
      fc.property(arbitraries.object(name), fc.array(corruption, { maxLength: 3 }), (body, corruptions) => {
        const obj = body as JsonObject;
        const bytes = codec.encode(obj);
        assert.equal(bytes.toString('hex'), encodeMessage(desc, obj).toString('hex'));
        assert.deepStrictEqual(codec.decode(bytes), decodeMessage(desc, bytes));
        for (const c of corruptions) {
          const bad = corrupt(bytes, c);
          assert.deepStrictEqual(
            outcome(() => codec.decode(bad)),
            outcome(() => decodeMessage(desc, bad)),
          );
        }
      }),
      { numRuns: 25 },
    );
  });
}

test('generated codec = interpreter: values of the wrong JSON type fail with the same message', () => {
  const [gvk, desc] = byMessage.get('io.k8s.api.core.v1.ConfigMap')!;
  const codec = getProtobufCodec(gvk)!;
  const cases: JsonObject[] = [
    { metadata: 5 },
    { metadata: { name: 7 } },
    { data: ['x'] },
    { data: { a: 1 } },
    { binaryData: { a: false } },
    { immutable: 'yes' },
    { metadata: { labels: { a: 'b' }, finalizers: 'x' } },
    { metadata: { finalizers: ['a', null] } },
    { metadata: { creationTimestamp: 'yesterday' } },
    { metadata: { generation: 1.5 } },
  ];
  for (const c of cases) {
    const expected = outcome(() => ({ hex: encodeMessage(desc, c).toString('hex') }));
    assert.ok('error' in expected, JSON.stringify(c));
    assert.deepStrictEqual(outcome(() => ({ hex: codec.encode(c).toString('hex') })), expected);
  }
});

test('generated codec = interpreter: depth limit and embedded RawExtension objects', () => {
  // apiextensions JSONSchemaProps nests itself: 1100 levels of `not` pass the limit in both.
  const [gvk, desc] = byMessage.get('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition')!;
  const codec = getProtobufCodec(gvk)!;
  let schema: JsonObject = { type: 'string' };
  for (let i = 0; i < 1100; i++) schema = { not: schema };
  const crd: JsonObject = { spec: { group: 'g', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }] } };
  const bytes = codec.encode(crd);
  assert.equal(bytes.toString('hex'), encodeMessage(desc, crd).toString('hex'));
  const expected = outcome(() => decodeMessage(desc, bytes));
  assert.ok('error' in expected && /nested more than 1000 levels/.test(expected.error));
  assert.deepStrictEqual(outcome(() => codec.decode(bytes)), expected);
});
