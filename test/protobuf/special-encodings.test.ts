// The special encodings, wrappers, embedded structs, maps and bytes, each checked against bytes
// built by hand from the shapes in docs/specs.md. Test-only descriptors use the same interface
// the generator emits. ~0.2 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeMessage,
  encodeMessage,
  encodeProtobufObject,
  formatGoDuration,
  parseGoDuration,
  type JsonObject,
  type MessageDescriptor,
} from '../../runtime/protobuf/index.js';
// Registers every generated codec (what generated/index.ts does at server start).
import '../../generated/protobuf.js';
import { hex, ld, varint, vf } from './helpers.js';

const Schema: MessageDescriptor = {
  name: 'test.Schema',
  fields: [
    { json: 'type', tag: 1, type: 'string' },
    { json: 'items', tag: 2, type: 'json-schema-props-or-array', message: () => Schema },
    { json: 'additionalProperties', tag: 3, type: 'json-schema-props-or-bool', message: () => Schema },
    { json: 'dependencies', tag: 4, type: 'json-schema-props-or-string-array', map: true, message: () => Schema },
    { json: 'default', tag: 5, type: 'json' },
    { json: 'properties', tag: 6, type: 'message', map: true, message: () => Schema },
  ],
};

const Everything: MessageDescriptor = {
  name: 'test.Everything',
  fields: [
    { json: 'time', tag: 1, type: 'time' },
    { json: 'microTime', tag: 2, type: 'microtime' },
    { json: 'duration', tag: 3, type: 'duration' },
    { json: 'port', tag: 4, type: 'int-or-string' },
    { json: 'limits', tag: 5, type: 'quantity', map: true },
    { json: 'object', tag: 6, type: 'raw-extension' },
    { json: 'fieldsV1', tag: 7, type: 'fields-v1' },
    { json: 'value', tag: 8, type: 'json' },
    { json: 'schema', tag: 9, type: 'message', message: () => Schema },
    { json: 'verbs', tag: 10, type: 'string', repeated: true, listWrapper: 'verbs' },
    { json: 'extra', tag: 11, type: 'string', map: true, mapValue: 'extra-value' },
    { json: 'blob', tag: 12, type: 'bytes' },
    { json: 'numbers', tag: 13, type: 'int32', repeated: true },
    { json: 'ratio', tag: 14, type: 'double' },
    { json: 'times', tag: 15, type: 'time', repeated: true },
  ],
};

// NamedRuleWithOperations as docs/specs.md describes it.
const NamedRule: MessageDescriptor = {
  name: 'test.NamedRuleWithOperations',
  fields: [
    { json: 'resourceNames', tag: 1, type: 'string', repeated: true },
    { json: 'operations', tag: 1, type: 'string', repeated: true, embeddedIn: [2] },
    { json: 'apiGroups', tag: 1, type: 'string', repeated: true, embeddedIn: [2, 2] },
    { json: 'apiVersions', tag: 2, type: 'string', repeated: true, embeddedIn: [2, 2] },
    { json: 'resources', tag: 3, type: 'string', repeated: true, embeddedIn: [2, 2] },
    { json: 'scope', tag: 4, type: 'string', embeddedIn: [2, 2] },
  ],
};

function roundTrip(desc: MessageDescriptor, obj: JsonObject, bytes: number[]): void {
  assert.equal(hex(encodeMessage(desc, obj)), Buffer.from(bytes).toString('hex'));
  assert.deepEqual(decodeMessage(desc, Buffer.from(bytes)), obj);
}

const SECONDS = Date.UTC(2026, 10, 22, 2, 7, 25) / 1000;

test('Time: RFC 3339 seconds <-> {1 seconds, 2 nanos}; empty message is absent', () => {
  roundTrip(Everything, { time: '2026-11-22T02:07:25Z' }, ld(1, [...vf(1, SECONDS), ...vf(2, 0)]));
  // Offsets are normalized to UTC, fractions dropped (kube's Time has whole seconds in JSON).
  assert.equal(hex(encodeMessage(Everything, { time: '2026-11-22T03:07:25.9+01:00' })), Buffer.from(ld(1, [...vf(1, SECONDS), ...vf(2, 0)])).toString('hex'));
  assert.deepEqual(decodeMessage(Everything, Buffer.from(ld(1, [...vf(1, SECONDS), ...vf(2, 5)]))), { time: '2026-11-22T02:07:25Z' });
  assert.deepEqual(decodeMessage(Everything, Buffer.from(ld(1, []))), {});
  roundTrip(Everything, { time: '1970-01-01T00:00:00Z' }, ld(1, [...vf(1, 0), ...vf(2, 0)]));
  roundTrip(Everything, { time: '1969-12-31T23:59:59Z' }, ld(1, [...vf(1, -1), ...vf(2, 0)]));
  assert.throws(() => encodeMessage(Everything, { time: 'yesterday' }), /not an RFC 3339 time/);
  assert.throws(() => decodeMessage(Everything, Buffer.from(ld(1, [...vf(1, 1), ...vf(2, 2e9)]))), /nanos 2000000000 out of range/);
});

test('MicroTime: six fractional digits', () => {
  roundTrip(Everything, { microTime: '2026-11-22T02:07:25.123456Z' }, ld(2, [...vf(1, SECONDS), ...vf(2, 123456000)]));
  roundTrip(Everything, { microTime: '2026-11-22T02:07:25.000000Z' }, ld(2, [...vf(1, SECONDS), ...vf(2, 0)]));
  assert.deepEqual(decodeMessage(Everything, Buffer.from(ld(2, [...vf(1, SECONDS), ...vf(2, 999)]))), { microTime: '2026-11-22T02:07:25.000000Z' });
});

test('Duration: Go duration text <-> {1 nanoseconds}', () => {
  roundTrip(Everything, { duration: '1h2m3.5s' }, ld(3, vf(1, 3723.5e9)));
  for (const [text, nanos] of [['0s', 0], ['1ns', 1], ['1.5µs', 1500], ['150ms', 150e6], ['2m0s', 120e9], ['-1.5s', -1.5e9], ['25h0m0s', 90000e9]] as const) {
    assert.equal(formatGoDuration(nanos), text);
    assert.equal(parseGoDuration(text), nanos);
  }
  assert.equal(parseGoDuration('90m'), 5400e9);
  assert.throws(() => parseGoDuration('5 minutes'), /not a duration/);
});

test('IntOrString: all three fields, as kube writes them', () => {
  roundTrip(Everything, { port: 8080 }, ld(4, [...vf(1, 0), ...vf(2, 8080), ...ld(3, '')]));
  roundTrip(Everything, { port: 'http' }, ld(4, [...vf(1, 1), ...vf(2, 0), ...ld(3, 'http')]));
  roundTrip(Everything, { port: -1 }, ld(4, [...vf(1, 0), ...vf(2, -1), ...ld(3, '')]));
  roundTrip(Everything, { port: 0 }, ld(4, [...vf(1, 0), ...vf(2, 0), ...ld(3, '')]));
  assert.throws(() => encodeMessage(Everything, { port: 2 ** 40 }), /not an int32/);
  assert.throws(() => decodeMessage(Everything, Buffer.from(ld(4, vf(1, 7)))), /IntOrString type 7/);
});

test('Quantity: {1 string}, in a map', () => {
  roundTrip(Everything, { limits: { cpu: '100m', memory: '1Gi' } }, [...ld(5, [...ld(1, 'cpu'), ...ld(2, ld(1, '100m'))]), ...ld(5, [...ld(1, 'memory'), ...ld(2, ld(1, '1Gi'))])]);
  assert.equal(hex(encodeMessage(Everything, { limits: { n: 2 } })), Buffer.from(ld(5, [...ld(1, 'n'), ...ld(2, ld(1, '2'))])).toString('hex'));
  // A map entry without its value holds the zero quantity.
  assert.deepEqual(decodeMessage(Everything, Buffer.from(ld(5, ld(1, 'cpu')))), { limits: { cpu: '0' } });
});

test('RawExtension: JSON text out; JSON text or an enveloped protobuf object in', () => {
  roundTrip(Everything, { object: { apiVersion: 'v1', kind: 'Pod', spec: { x: [1, 'a'] } } }, ld(6, ld(1, '{"apiVersion":"v1","kind":"Pod","spec":{"x":[1,"a"]}}')));
  const cm = encodeProtobufObject({ metadata: { name: 'inner' }, data: { k: 'v' } }, { group: '', version: 'v1', kind: 'ConfigMap' });
  assert.deepEqual(decodeMessage(Everything, Buffer.from(ld(6, ld(1, cm)))), {
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inner' }, data: { k: 'v' } },
  });
  assert.throws(() => decodeMessage(Everything, Buffer.from(ld(6, ld(1, '{nope')))), /RawExtension does not hold valid JSON/);
  assert.deepEqual(decodeMessage(Everything, Buffer.from(ld(6, []))), {});
});

test('FieldsV1 and apiextensions JSON: the JSON text of the value', () => {
  roundTrip(Everything, { fieldsV1: { 'f:metadata': { 'f:labels': { '.': {} } } } }, ld(7, ld(1, '{"f:metadata":{"f:labels":{".":{}}}}')));
  for (const value of [1.5, 'text', [1, { a: null }], false, { nested: { deep: true } }]) {
    roundTrip(Everything, { value }, ld(8, ld(1, JSON.stringify(value))));
  }
  assert.throws(() => encodeMessage(Everything, { fieldsV1: [1] }), /FieldsV1 must be a JSON object/);
});

test('JSONSchemaPropsOrArray / OrBool / OrStringArray', () => {
  const s = (type: string): number[] => ld(1, type);
  roundTrip(Everything, { schema: { items: { type: 'string' } } }, ld(9, ld(2, ld(1, s('string')))));
  roundTrip(Everything, { schema: { items: [{ type: 'a' }, { type: 'b' }] } }, ld(9, ld(2, [...ld(2, s('a')), ...ld(2, s('b'))])));
  roundTrip(Everything, { schema: { additionalProperties: false } }, ld(9, ld(3, vf(1, 0))));
  roundTrip(Everything, { schema: { additionalProperties: true } }, ld(9, ld(3, vf(1, 1))));
  roundTrip(Everything, { schema: { additionalProperties: { type: 'integer' } } }, ld(9, ld(3, [...vf(1, 1), ...ld(2, s('integer'))])));
  roundTrip(Everything, { schema: { dependencies: { a: ['b', 'c'], d: { type: 'object' } } } }, ld(9, [
    ...ld(4, [...ld(1, 'a'), ...ld(2, [...ld(2, 'b'), ...ld(2, 'c')])]),
    ...ld(4, [...ld(1, 'd'), ...ld(2, ld(1, s('object')))]),
  ]));
  // Recursion through properties and a JSON default.
  roundTrip(Everything, { schema: { properties: { spec: { type: 'object', default: { replicas: 1 }, properties: { n: { type: 'integer' } } } } } }, ld(9, ld(6, [
    ...ld(1, 'spec'),
    ...ld(2, [...s('object'), ...ld(5, ld(1, '{"replicas":1}')), ...ld(6, [...ld(1, 'n'), ...ld(2, s('integer'))])]),
  ])));
});

test('wrappers: verbs and extra-value', () => {
  roundTrip(Everything, { verbs: ['get', 'list'] }, ld(10, [...ld(1, 'get'), ...ld(1, 'list')]));
  roundTrip(Everything, { verbs: [] }, ld(10, []));
  roundTrip(Everything, { extra: { scopes: ['a', 'b'], empty: [] } }, [
    ...ld(11, [...ld(1, 'empty'), ...ld(2, [])]),
    ...ld(11, [...ld(1, 'scopes'), ...ld(2, [...ld(1, 'a'), ...ld(1, 'b')])]),
  ]);
});

test('embedded Go structs: x-capstan-protobuf-embedded-in nests fields that JSON keeps flat', () => {
  roundTrip(
    NamedRule,
    { resourceNames: ['a'], operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], scope: 'Namespaced' },
    [...ld(1, 'a'), ...ld(2, [...ld(1, 'CREATE'), ...ld(2, [...ld(1, 'apps'), ...ld(2, 'v1'), ...ld(3, 'deployments'), ...ld(4, 'Namespaced')])])],
  );
  roundTrip(NamedRule, { resourceNames: ['a'] }, ld(1, 'a'));
  roundTrip(NamedRule, { scope: '*' }, ld(2, ld(2, ld(4, '*'))));
});

test('bytes, doubles and repeated scalars (packed accepted on decode)', () => {
  roundTrip(Everything, { blob: Buffer.from([0, 255, 16]).toString('base64') }, ld(12, [0, 255, 16]));
  roundTrip(Everything, { ratio: 0.25 }, [(14 << 3) | 1, ...Buffer.from(new Float64Array([0.25]).buffer)]);
  roundTrip(Everything, { numbers: [1, 0, -1] }, [...vf(13, 1), ...vf(13, 0), ...vf(13, -1)]);
  const packed = ld(13, [...varint(5), ...varint(300), ...varint(-2)]);
  assert.deepEqual(decodeMessage(Everything, Buffer.from(packed)), { numbers: [5, 300, -2] });
  roundTrip(Everything, { times: ['2026-11-22T02:07:25Z'] }, ld(15, [...vf(1, SECONDS), ...vf(2, 0)]));
});

test('kube\'s zero rule: singular empties are absent, list and map empties stay', () => {
  const Msg: MessageDescriptor = {
    name: 'test.Zero',
    fields: [
      { json: 's', tag: 1, type: 'string' },
      { json: 'n', tag: 2, type: 'int64' },
      { json: 'b', tag: 3, type: 'bool' },
      { json: 'p', tag: 4, type: 'bool', explicitPresence: true },
      { json: 'list', tag: 5, type: 'string', repeated: true },
      { json: 'map', tag: 6, type: 'string', map: true },
      { json: 'msg', tag: 7, type: 'message', message: () => Msg },
    ],
  };
  const wire = [...ld(1, ''), ...vf(2, 0), ...vf(3, 0), ...vf(4, 0), ...ld(5, ''), ...ld(6, [...ld(1, 'k'), ...ld(2, '')]), ...ld(7, [])];
  assert.deepEqual(decodeMessage(Msg, Buffer.from(wire)), { p: false, list: [''], map: { k: '' }, msg: {} });
  // Encoding leaves the zero scalars out, keeps the pointer's false, the list's and map's empties.
  assert.equal(
    hex(encodeMessage(Msg, { s: '', n: 0, b: false, p: false, list: [''], map: { k: '' }, msg: {} })),
    Buffer.from([...vf(4, 0), ...ld(5, ''), ...ld(6, [...ld(1, 'k'), ...ld(2, '')]), ...ld(7, [])]).toString('hex'),
  );
  // A later zero wins over an earlier value; a message seen twice is merged.
  assert.deepEqual(decodeMessage(Msg, Buffer.from([...ld(1, 'x'), ...ld(1, '')])), {});
  assert.deepEqual(decodeMessage(Msg, Buffer.from([...ld(7, ld(1, 'a')), ...ld(7, vf(2, 3))])), { msg: { s: 'a', n: 3 } });
  // null in JSON is absent.
  assert.equal(encodeMessage(Msg, { s: null, msg: null }).length, 0);
});

test('map keys from the wire are plain properties, even __proto__', () => {
  const decoded = decodeMessage(Everything, Buffer.from(ld(11, [...ld(1, '__proto__'), ...ld(2, ld(1, 'x'))])));
  const extra = decoded['extra'] as Record<string, unknown>;
  assert.deepEqual(Object.keys(extra), ['__proto__']);
  assert.equal(Object.getPrototypeOf(extra), Object.prototype);
  assert.deepEqual(extra['__proto__'], ['x']);
});

test('encoding refuses values of the wrong JSON type', () => {
  assert.throws(() => encodeMessage(Everything, { verbs: 'get' }), /test.Everything.verbs: expected an array of strings/);
  assert.throws(() => encodeMessage(Everything, { blob: 5 }), /expected a base64 string/);
  assert.throws(() => encodeMessage(Everything, { schema: [] }), /expected an object/);
  assert.throws(() => encodeMessage(Everything, { numbers: [1.5] }), /expected an integer/);
});
