// Generated validators and defaulters (from the golden fixture output): kube's error types,
// field paths and messages, unknown fields apart, defaults filled in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError, formatFieldErrors, type FieldError } from '../../runtime/api/index.js';
import { defaultWidget, validateWidget } from './golden/basic/example.com/v1/widget.resource.js';
import { validateGizmo } from './golden/basic/core/v1/gizmo.resource.js';
import { resources } from './golden/basic/index.js';

function widget(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 'small', ...spec }, ...extra };
}

const cases: [string, unknown, string[]][] = [
  ['a valid widget', widget({ replicas: 3, label: 'abc', tags: ['a', 'b'], ports: [{ port: 80 }, { port: 80, protocol: 'UDP' }], target: 'http', data: 'aGVsbG8=' }), []],
  ['required spec', { metadata: { name: 'w' } }, ['spec: Required value']],
  ['required nested field', widget({ size: undefined }), ['spec.size: Required value']],
  ['enum', widget({ size: 'huge' }), ['spec.size: Unsupported value: "huge": supported values: "small", "medium", "large"']],
  ['wrong type', widget({ replicas: 'three' }), ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"']],
  ['maximum', widget({ replicas: 11 }), ['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10']],
  ['minimum in a list item', widget({ ports: [{ port: 0 }] }), ['spec.ports[0].port: Invalid value: 0: spec.ports[0].port in body should be greater than or equal to 1']],
  ['int32 range', widget({ ports: [{ port: 80 }, { port: 2 ** 40 }] }), [
    'spec.ports[1].port: Invalid value: 1099511627776: spec.ports[1].port in body must be of type int32: "1099511627776"',
    'spec.ports[1].port: Invalid value: 1099511627776: spec.ports[1].port in body should be less than or equal to 65535',
  ]],
  ['maxLength', widget({ label: 'abcdefghij' }), ['spec.label: Too long: may not be more than 8 bytes']],
  ['minLength and pattern', widget({ label: '' }), ['spec.label: Invalid value: "": spec.label in body should be at least 1 chars long', 'spec.label: Invalid value: "": spec.label in body should match \'^[a-z]+$\'']],
  ['pattern', widget({ label: 'ABC' }), ['spec.label: Invalid value: "ABC": spec.label in body should match \'^[a-z]+$\'']],
  ['maxItems', widget({ tags: ['a', 'b', 'c', 'd'] }), ['spec.tags: Too many: 4: must have at most 3 items']],
  ['set uniqueness', widget({ tags: ['a', 'b', 'a'] }), ['spec.tags[2]: Duplicate value: "a"']],
  ['map-list key uniqueness', widget({ ports: [{ port: 80, protocol: 'TCP' }, { port: 80, protocol: 'TCP' }] }), ['spec.ports[1]: Duplicate value: {"port":80,"protocol":"TCP"}']],
  ['int-or-string', widget({ target: true }), ['spec.target: Invalid value: "boolean": spec.target in body must be of type integer,string: "boolean"']],
  ['byte format', widget({ data: 'not base64!' }), ['spec.data: Invalid value: "not base64!": spec.data in body must be of type byte: "not base64!"']],
  ['map values', widget({ weights: { a: 1, b: -1 }, selector: { x: 1 } }), [
    'spec.selector[x]: Invalid value: "integer": spec.selector[x] in body must be of type string: "integer"',
    'spec.weights[b]: Invalid value: -1: spec.weights[b] in body should be greater than or equal to 0',
  ]],
  ['nullable accepts null', widget({}, { status: { observedAt: null } }), []],
  ['date-time', widget({}, { status: { observedAt: 'yesterday' } }), ['status.observedAt: Invalid value: "yesterday": status.observedAt in body must be of type date-time: "yesterday"']],
  ['null on a non-nullable optional field reads as unset', widget({ label: null }), []],
  ['cross-file schema (metadata)', widget({}, { metadata: { name: 5 } }), ['metadata.name: Invalid value: "integer": metadata.name in body must be of type string: "integer"']],
];

for (const [name, obj, want] of cases) {
  test(`validateWidget: ${name}`, () => {
    assert.deepEqual(validateWidget(obj).errors.map(formatFieldError), want);
  });
}

test('field errors carry kube types, paths and values', () => {
  const errs: FieldError[] = validateWidget(widget({ size: 'huge', tags: ['a', 'a'] })).errors;
  assert.deepEqual(
    errs.map((e) => [e.type, e.field, e.badValue]),
    [
      ['FieldValueNotSupported', 'spec.size', 'huge'],
      ['FieldValueDuplicate', 'spec.tags[1]', 'a'],
    ],
  );
  assert.equal(formatFieldErrors(errs), '[spec.size: Unsupported value: "huge": supported values: "small", "medium", "large", spec.tags[1]: Duplicate value: "a"]');
});

test('unknown fields are listed apart; preserve-unknown-fields subtrees are skipped', () => {
  const r = validateWidget(widget({ bogus: 1, payload: { anything: { goes: true } } }, { extra: 'x', metadata: { name: 'w', nope: 1 } }));
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.unknownFields.sort(), ['extra', 'metadata.nope', 'spec.bogus']);
});

test('v2 int-or-string format accepts both and rejects others', () => {
  assert.deepEqual(validateGizmo({ mode: 3 }).errors, []);
  assert.deepEqual(validateGizmo({ mode: 'x' }).errors, []);
  assert.deepEqual(validateGizmo({ mode: 1.5 }).errors.map(formatFieldError), ['mode: Invalid value: "number": mode in body must be of type integer,string: "number"']);
});

test('defaulter fills defaults at their paths, into list items, without touching set values', () => {
  const obj = widget({ ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }) as { spec: Record<string, unknown> };
  defaultWidget(obj);
  assert.equal(obj.spec['replicas'], 1);
  assert.deepEqual(obj.spec['ports'], [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }]);
  const set = widget({ replicas: 0 }) as { spec: Record<string, unknown> };
  defaultWidget(set);
  assert.equal(set.spec['replicas'], 0);
});

test('the root index lists every resource with its descriptor', () => {
  assert.deepEqual(
    resources.map((r) => `${r.descriptor.group}/${r.descriptor.version}/${r.descriptor.plural}`),
    ['/v1/gizmos', 'example.com/v1/widgets', 'review.example.com/v1/gadgetreviews'],
  );
});
