// Malformed protobuf bodies: every one ends in a ProtobufDecodeError (400) or, for a kind
// without a codec, an UnsupportedProtobufKindError (415) - never another exception, a crash or a
// hang. Includes 3000 random mutations of real kubectl bodies. ~1.5 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ProtobufDecodeError,
  UnsupportedProtobufKindError,
  WireType,
  WireWriter,
  decodeRequestBody,
  encodeEnvelope,
  protobufErrorToStatus,
  registerProtobufMessage,
  unregisterProtobufCodec,
  type GroupVersionKind,
  type MessageDescriptor,
} from '../../runtime/protobuf/index.js';
// Registers every generated codec (what generated/index.ts does at server start).
import '../../generated/protobuf.js';
import { envelope, key, ld, varint } from './helpers.js';

const CONFIGMAP: GroupVersionKind = { group: '', version: 'v1', kind: 'ConfigMap' };
// kubectl 1.32's `create configmap cfg --from-literal=a=1 --from-literal=b=2` (fixtures/).
const KUBECTL_CONFIGMAP = Buffer.from('azhzAAoPCgJ2MRIJQ29uZmlnTWFwEiwKGgoDY2ZnEgAaB2RlZmF1bHQiACoAMgA4AEIAEgYKAWESATESBgoBYhIBMhoAIgA=', 'base64');

function decodeError(body: Uint8Array, gvk: GroupVersionKind = CONFIGMAP): ProtobufDecodeError {
  try {
    decodeRequestBody(body, gvk);
  } catch (err) {
    assert.ok(err instanceof ProtobufDecodeError, `expected a ProtobufDecodeError, got ${String(err)}`);
    return err;
  }
  assert.fail('the body decoded');
}

const cases: Array<[string, Uint8Array, RegExp]> = [
  ['empty body', Buffer.alloc(0), /does not start with the protobuf magic/],
  ['wrong magic', Buffer.from([0x6b, 0x38, 0x73, 0x01, 0x0a, 0x00]), /does not start with the protobuf magic/],
  ['a JSON body', Buffer.from('{"apiVersion":"v1","kind":"ConfigMap"}'), /does not start with the protobuf magic/],
  ['raw length past the end', Buffer.from([0x6b, 0x38, 0x73, 0x00, ...ld(1, [...ld(1, 'v1'), ...ld(2, 'ConfigMap')]), ...key(2, 2), ...varint(50), 0x0a, 0x00]), /length 50 runs past the end of the message \(2 bytes left\)/],
  ['typeMeta with the wrong wire type', Buffer.from([0x6b, 0x38, 0x73, 0x00, ...key(1, 0), 1]), /runtime.Unknown typeMeta has wire type varint, expected length-delimited/],
  ['wrong wire type for ObjectMeta.name', envelope('v1', 'ConfigMap', ld(1, [...key(1, WireType.Varint), 1])), /ObjectMeta.name \(field 1\) has wire type varint, expected length-delimited/],
  ['wrong wire type for ConfigMap.immutable', envelope('v1', 'ConfigMap', ld(4, 'true')), /ConfigMap.immutable \(field 4\) has wire type length-delimited, expected varint/],
  ['varint overflow in ObjectMeta.generation', envelope('v1', 'ConfigMap', ld(1, [...key(7, 0), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])), /varint overflows 64 bits/],
  ['truncated varint', envelope('v1', 'ConfigMap', ld(1, [...key(7, 0), 0xff])), /varint runs past the end/],
  ['a map entry cut short', envelope('v1', 'ConfigMap', ld(2, [...key(1, 2), 9, 0x61])), /length 9 runs past the end/],
  ['unknown kind', envelope('v1', 'Frobnicator', []), /^no kind "Frobnicator" is registered for version "v1"$/],
  ['unknown group', envelope('example.com/v1', 'ConfigMap', []), /^no kind "ConfigMap" is registered for version "example.com\/v1"$/],
  ['another known kind', envelope('v1', 'Secret', []), /^the kind in the data \(Secret\) does not match the expected kind \(ConfigMap\)$/],
  ['another known version', envelope('meta.k8s.io/v1', 'Status', []), /^the API version in the data \(meta.k8s.io\/v1\) does not match the expected API version \(v1\)$/],
  ['a content encoding', Buffer.from([0x6b, 0x38, 0x73, 0x00, ...ld(1, [...ld(1, 'v1'), ...ld(2, 'ConfigMap')]), ...ld(2, []), ...ld(3, 'gzip')]), /unsupported runtime.Unknown contentEncoding "gzip"/],
  ['an invalid wire type', envelope('v1', 'ConfigMap', [0x0f]), /invalid wire type 7/],
  ['a stray end-group', envelope('v1', 'ConfigMap', [...key(9, WireType.EndGroup)]), /unexpected end-group for field 9/],
  ['field number zero', envelope('v1', 'ConfigMap', [0x02, 0x00]), /invalid field key/],
  ['managedFields.fieldsV1 that is not JSON', envelope('v1', 'ConfigMap', ld(1, ld(17, ld(7, ld(1, '{"f:data"'))))), /FieldsV1 does not hold valid JSON/],
];

for (const [name, body, message] of cases) {
  test(`malformed: ${name}`, () => {
    assert.match(decodeError(body).message, message);
  });
}

test('malformed: every truncation of a real body either decodes (cut at a field boundary) or fails cleanly', () => {
  // The raw field starts after magic (4) and typeMeta (2 + 15); cuts inside it must all fail.
  const rawStart = 4 + 2 + 15;
  const rawEnd = rawStart + 2 + 0x2c;
  let failed = 0;
  for (let n = 0; n < KUBECTL_CONFIGMAP.length; n++) {
    const prefix = KUBECTL_CONFIGMAP.subarray(0, n);
    try {
      decodeRequestBody(prefix, CONFIGMAP);
      assert.ok(n <= rawStart || n >= rawEnd, `a cut at ${n} inside raw decoded`);
    } catch (err) {
      assert.ok(err instanceof ProtobufDecodeError, `cut at ${n}: ${String(err)}`);
      failed++;
    }
  }
  assert.ok(failed >= rawEnd - rawStart - 1);
});

test('malformed: random mutations never escape as anything but ProtobufDecodeError', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(KUBECTL_CONFIGMAP.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      fc.nat(KUBECTL_CONFIGMAP.length),
      (flips, cut) => {
        const body = Buffer.from(KUBECTL_CONFIGMAP.subarray(0, Math.max(cut, 4)));
        for (const [at, value] of flips) if (at < body.length) body[at] = value;
        try {
          decodeRequestBody(body, CONFIGMAP);
        } catch (err) {
          if (!(err instanceof ProtobufDecodeError)) throw err;
        }
      },
    ),
    { numRuns: 3000 },
  );
});

// A recursive message registered by the test, to reach the nesting limit.
const Node: MessageDescriptor = { name: 'test.Node', fields: [{ json: 'child', tag: 1, type: 'message', message: () => Node }] };
const NODE: GroupVersionKind = { group: 'test.capstan.dev', version: 'v1', kind: 'Node' };

function nested(depth: number): Buffer {
  const w = new WireWriter();
  for (let i = 0; i < depth; i++) w.fork();
  for (let i = 0; i < depth; i++) w.join(1);
  return encodeEnvelope({ apiVersion: 'test.capstan.dev/v1', kind: 'Node', raw: w.finish() });
}

test('malformed: absurd nesting is refused at the depth limit, not by the stack', () => {
  registerProtobufMessage(NODE, Node);
  try {
    assert.match(decodeError(nested(50_000), NODE).message, /messages nested more than 1000 levels deep/);
    let obj = decodeRequestBody(nested(999), NODE);
    let depth = 0;
    while (obj['child']) {
      obj = obj['child'] as typeof obj;
      depth++;
    }
    assert.equal(depth, 999);
  } finally {
    unregisterProtobufCodec(NODE);
  }
});

test('malformed: groups nested without end are refused', () => {
  const body = envelope('v1', 'ConfigMap', Array.from({ length: 500 }, () => key(20, WireType.StartGroup)).flat());
  assert.match(decodeError(body).message, /groups nested more than 100 deep/);
});

test('a kind without a codec is 415 before the body is read; decode errors are 400', () => {
  const cr: GroupVersionKind = { group: 'stable.example.com', version: 'v1', kind: 'CronTab' };
  assert.throws(() => decodeRequestBody(Buffer.from('not even protobuf'), cr), UnsupportedProtobufKindError);
  let unsupported: unknown;
  try {
    decodeRequestBody(KUBECTL_CONFIGMAP, cr);
  } catch (err) {
    unsupported = err;
  }
  assert.equal(protobufErrorToStatus(unsupported)?.status.code, 415);
  assert.equal(protobufErrorToStatus(unsupported)?.status.reason, 'UnsupportedMediaType');
  const bad = protobufErrorToStatus(decodeError(Buffer.from('nope')));
  assert.equal(bad?.status.code, 400);
  assert.equal(bad?.status.reason, 'BadRequest');
  assert.match(bad?.status.message ?? '', /^unable to decode the protobuf body: the body does not start with the protobuf magic/);
  assert.equal(protobufErrorToStatus(new Error('other')), undefined);
});
