// compileSchema().validate: a table of schemas x objects -> the exact messages kube's CRD
// validation prints, and the unknown-field paths fieldValidation reports. ~100 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../../runtime/api/index.js';
import { compileSchema, type JSONSchemaProps } from '../../../runtime/apiextensions/schema/index.js';
import { fixtureSchema } from './fixture.js';

const shelf = compileSchema(fixtureSchema('shelves.yaml'));

function validShelf(): Record<string, unknown> {
  return {
    apiVersion: 'library.example.com/v1',
    kind: 'Shelf',
    metadata: { name: 'first', namespace: 'default', labels: { room: 'a' } },
    spec: {
      material: 'oak',
      levels: 4,
      label: 'north-wall',
      width: '80cm',
      topics: ['history', 'maps'],
      slots: [{ position: 1, title: 'Atlas' }, { position: 2 }],
      owners: { alice: { since: '2024-02-29', contact: 'alice@example.com' } },
      template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } },
      notes: { free: { form: [1, 2] }, pinned: { text: 'hi' } },
    },
    status: { used: 2, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-02T03:04:05Z' }] },
  };
}

function messages(schema: { validate(o: unknown): { errors: Parameters<typeof formatFieldError>[0][] } }, obj: unknown): string[] {
  return schema.validate(obj).errors.map(formatFieldError);
}

function withSpec(patch: Record<string, unknown>): Record<string, unknown> {
  const obj = validShelf();
  const spec = obj['spec'] as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete spec[k];
    else spec[k] = v;
  }
  return obj;
}

test('a valid object has no errors and no unknown fields', () => {
  assert.deepEqual(shelf.validate(validShelf()), { errors: [], unknownFields: [] });
});

const SHELF_CASES: Array<[string, Record<string, unknown>, string[]]> = [
  ['wrong type', { levels: 'three' }, ['spec.levels: Invalid value: "string": spec.levels in body must be of type integer: "string"']],
  ['float for integer', { levels: 2.5 }, ['spec.levels: Invalid value: "number": spec.levels in body must be of type integer: "number"']],
  ['maximum', { levels: 13 }, ['spec.levels: Invalid value: 13: spec.levels in body should be less than or equal to 12']],
  ['minimum', { levels: 0 }, ['spec.levels: Invalid value: 0: spec.levels in body should be greater than or equal to 1']],
  ['enum', { material: 'glass' }, ['spec.material: Unsupported value: "glass": supported values: "oak", "pine", "steel"']],
  ['required', { material: undefined }, ['spec.material: Required value']],
  ['pattern', { label: 'North_Wall' }, ["spec.label: Invalid value: \"North_Wall\": spec.label in body should match '^[a-z][a-z0-9-]*$'"]],
  ['maxLength', { label: 'a'.repeat(21) }, ['spec.label: Too long: may not be more than 20 bytes']],
  ['int-or-string accepts an integer', { width: 80 }, []],
  [
    'int-or-string rejects a boolean',
    { width: true },
    [
      'spec.width: Invalid value: "boolean": spec.width in body must be of type integer,string: "boolean"',
      '<nil>: Invalid value: "": "spec.width" must validate at least one schema (anyOf)',
      'spec.width: Invalid value: "boolean": spec.width in body must be of type integer: "boolean"',
    ],
  ],
  ['list-type set duplicate', { topics: ['maps', 'art', 'maps'] }, ['spec.topics[2]: Duplicate value: "maps"']],
  ['list-type map duplicate key', { slots: [{ position: 1 }, { position: 1, title: 'again' }] }, ['spec.slots[1]: Duplicate value: {"position":1}']],
  ['list-type map item must be an object', { slots: [{ position: 1 }, 'two'] }, [
    'spec.slots[1]: Invalid value: "string": spec.slots[1] in body must be of type object: "string"',
    'spec.slots[1]: Invalid value: "two": must be an object for an array of list-type map',
  ]],
  ['required inside list items', { slots: [{ title: 'no position' }] }, ['spec.slots[0].position: Required value']],
  [
    'formats inside additionalProperties',
    { owners: { bob: { since: 'yesterday', contact: 'not-an-address' } } },
    [
      'spec.owners.bob.since: Invalid value: "yesterday": spec.owners.bob.since in body must be of type date: "yesterday"',
      'spec.owners.bob.contact: Invalid value: "not-an-address": spec.owners.bob.contact in body must be of type email: "not-an-address"',
    ],
  ],
  ['embedded resource needs apiVersion and kind', { template: { metadata: { name: 'x' } } }, [
    'spec.template.apiVersion: Required value: must not be empty',
    'spec.template.kind: Required value: must not be empty',
  ]],
  [
    'embedded resource kind must look like a kind',
    { template: { apiVersion: 'v1', kind: 'Config_Map' } },
    [
      "spec.template.kind: Invalid value: \"Config_Map\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
  ],
  ['embedded metadata is checked lightly', { template: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { a: 1 } } } }, [
    'spec.template.metadata.labels: Invalid value: {"a":1}: must be a map of string to string',
  ]],
];

for (const [name, patch, expected] of SHELF_CASES) {
  test(`shelf: ${name}`, () => {
    assert.deepEqual(messages(shelf, withSpec(patch)), expected);
  });
}

test('status: quantity-style int-or-string map values and condition reasons', () => {
  const obj = validShelf();
  obj['status'] = { capacity: { books: 40, weight: '20Gi', bad: '2 kg' }, conditions: [{ type: 'Ready', status: 'True', reason: 'not ok' }] };
  assert.deepEqual(messages(shelf, obj), [
    "status.conditions[0].reason: Invalid value: \"not ok\": status.conditions[0].reason in body should match '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$'",
    "status.capacity.bad: Invalid value: \"2 kg\": status.capacity.bad in body should match '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'",
  ]);
});

test('status conditions: enum and date-time', () => {
  const obj = validShelf();
  obj['status'] = { conditions: [{ type: 'Ready', status: 'Maybe', lastTransitionTime: 'noon' }] };
  assert.deepEqual(messages(shelf, obj), [
    'status.conditions[0].status: Unsupported value: "Maybe": supported values: "True", "False", "Unknown"',
    'status.conditions[0].lastTransitionTime: Invalid value: "noon": status.conditions[0].lastTransitionTime in body must be of type date-time: "noon"',
  ]);
});

test('unknown fields are the paths pruning would drop, in the generated validators\' format', () => {
  const obj = withSpec({
    color: 'red',
    slots: [{ position: 1, color: 'blue' }],
    owners: { bob: { since: '2020-01-01', extra: true } },
    notes: { anything: { goes: 1 }, pinned: { text: 'x', extra: 1 } },
    template: { apiVersion: 'v1', kind: 'Pod', whatever: 1, metadata: { name: 'p', bogus: 2 } },
  });
  (obj['metadata'] as Record<string, unknown>)['bogus'] = 1;
  obj['extraTop'] = 1;
  const result = shelf.validate(obj);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.unknownFields.sort(), [
    'extraTop',
    'metadata.bogus',
    'spec.color',
    'spec.notes.pinned.extra',
    'spec.owners.bob.extra',
    'spec.slots[0].color',
    'spec.template.metadata.bogus',
  ]);
  assert.deepEqual(shelf.unknownFields(obj).sort(), result.unknownFields.sort());
});

const SMALL: JSONSchemaProps = {
  type: 'object',
  properties: {
    a: { type: 'string', nullable: true },
    b: { type: 'string' },
    n: { type: 'number', multipleOf: 0.5, exclusiveMinimum: true, minimum: 0, exclusiveMaximum: true, maximum: 10 },
    s: { type: 'string', minLength: 2 },
    l: { type: 'array', items: { type: 'integer' }, minItems: 1, maxItems: 2 },
    m: { type: 'object', minProperties: 1, maxProperties: 2, additionalProperties: { type: 'string' } },
    closed: { type: 'object', additionalProperties: false },
    e: { type: 'integer', enum: [1, 2] },
    ne: { type: 'string', nullable: true, enum: ['a', null] },
    one: { type: 'object', properties: { x: { type: 'string' }, y: { type: 'string' } }, oneOf: [{ required: ['x'] }, { required: ['y'] }] },
    all: { type: 'string', allOf: [{ minLength: 2 }, { pattern: '^a' }] },
    neg: { type: 'string', not: { enum: ['forbidden'] } },
    ip: { type: 'string', format: 'ipv4' },
    id: { type: 'string', format: 'uuid' },
    unchecked: { type: 'string', format: 'my-own-format' },
  },
};
const small = compileSchema(SMALL);

const SMALL_CASES: Array<[string, Record<string, unknown>, string[]]> = [
  ['nullable accepts null, others do not', { a: null, b: null }, ['b: Invalid value: "null": b in body must be of type string: "null"']],
  ['multipleOf', { n: 1.2 }, ['n: Invalid value: 1.2: n in body should be a multiple of 0.5']],
  ['exclusive minimum', { n: 0 }, ['n: Invalid value: 0: n in body should be greater than 0']],
  ['exclusive maximum', { n: 10 }, ['n: Invalid value: 10: n in body should be less than 10']],
  ['minLength', { s: 'x' }, ['s: Invalid value: "x": s in body should be at least 2 chars long']],
  ['minItems', { l: [] }, ['l: Invalid value: 0: l in body should have at least 1 items']],
  ['maxItems', { l: [1, 2, 3] }, ['l: Too many: 3: must have at most 2 items']],
  ['item type', { l: [1, 'x'] }, ['l[1]: Invalid value: "string": l[1] in body must be of type integer: "string"']],
  ['minProperties', { m: {} }, ['m: Invalid value: 0: m in body should have at least 1 properties']],
  ['maxProperties stops the object checks', { m: { a: 'x', b: 'y', c: 3 } }, ['m: Too many: 3: must have at most 2 items']],
  ['additionalProperties schema', { m: { a: 1 } }, ['m.a: Invalid value: "integer": m.a in body must be of type string: "integer"']],
  ['additionalProperties false', { closed: { x: 1 } }, ['closed: Invalid value: "x": closed.x in body is a forbidden property']],
  ['integer enum values are listed quoted', { e: 3 }, ['e: Unsupported value: 3: supported values: "1", "2"']],
  ['null fails an enum even where nullable (kube\'s enum check)', { ne: null }, ['ne: Unsupported value: "null": supported values: "a", "null"']],
  ['oneOf: none', { one: {} }, [
    '<nil>: Invalid value: "": "one" must validate one and only one schema (oneOf). Found none valid',
    'one.x: Required value',
  ]],
  ['oneOf: both', { one: { x: 'a', y: 'b' } }, ['<nil>: Invalid value: "": "one" must validate one and only one schema (oneOf). Found 2 valid alternatives']],
  ['oneOf: exactly one', { one: { x: 'a' } }, []],
  ['allOf: one branch fails', { all: 'bb' }, [
    "all: Invalid value: \"bb\": all in body should match '^a'",
    '<nil>: Invalid value: "": "all" must validate all the schemas (allOf)',
  ]],
  ['allOf: none validated', { all: 'b' }, [
    'all: Invalid value: "b": all in body should be at least 2 chars long',
    "all: Invalid value: \"b\": all in body should match '^a'",
    '<nil>: Invalid value: "": "all" must validate all the schemas (allOf). None validated',
  ]],
  ['not', { neg: 'forbidden' }, ['<nil>: Invalid value: "": "neg" must not validate the schema (not)']],
  ['not: passes', { neg: 'fine' }, []],
  ['ipv4', { ip: '10.0.0.256' }, ['ip: Invalid value: "10.0.0.256": ip in body must be of type ipv4: "10.0.0.256"']],
  ['uuid', { id: 'not-a-uuid' }, ['id: Invalid value: "not-a-uuid": id in body must be of type uuid: "not-a-uuid"']],
  ['unknown formats are not checked', { unchecked: '!!' }, []],
];

for (const [name, obj, expected] of SMALL_CASES) {
  test(`small: ${name}`, () => {
    assert.deepEqual(messages(small, obj), expected);
  });
}

test('the error objects carry kube\'s types and bad values', () => {
  const [err] = small.validate({ b: 5 }).errors;
  assert.deepEqual(err, { type: 'FieldValueTypeInvalid', field: 'b', badValue: 'integer', detail: 'b in body must be of type string: "integer"' });
});

test('a root that is not an object', () => {
  // kube names the root "" in both the field and the message.
  assert.deepEqual(messages(small, 'x'), [': Invalid value: "string":  in body must be of type object: "string"']);
});

test('without a schema everything is valid and nothing is unknown', () => {
  const open = compileSchema(undefined);
  assert.deepEqual(open.validate({ spec: { anything: [1, { a: 2 }] } }), { errors: [], unknownFields: [] });
});
