// checkStructuralSchema: kube's CRD schema rules, structurality and default checks, with
// kube's paths and messages. ~50 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../../runtime/api/index.js';
import { checkStructuralSchema, type JSONSchemaProps } from '../../../runtime/apiextensions/schema/index.js';
import { fixtureSchema } from './fixture.js';

const P = 'spec.validation.openAPIV3Schema';

function check(schema: JSONSchemaProps): string[] {
  return checkStructuralSchema(schema, P).map(formatFieldError);
}

/** A root object schema with one property `f` set to the given schema. */
function field(f: JSONSchemaProps): JSONSchemaProps {
  return { type: 'object', properties: { f } };
}

test('the fixture CRD is structural and valid', () => {
  assert.deepEqual(check(fixtureSchema('shelves.yaml')), []);
});

const CASES: Array<[string, JSONSchemaProps, string[]]> = [
  ['field without type', { type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } }, [
    `${P}.properties[spec].type: Required value: must not be empty for specified object fields`,
  ]],
  ['root without type', { properties: { a: { type: 'string' } } }, [`${P}.type: Required value: must not be empty at the root`]],
  ['root not an object', { type: 'string' }, [`${P}.type: Invalid value: "string": must be object at the root`]],
  ['array items without type', field({ type: 'array', items: { minLength: 1 } }), [
    `${P}.properties[f].items.type: Required value: must not be empty for specified array items`,
  ]],
  ['array without items', field({ type: 'array' }), [`${P}.properties[f].items: Required value: must be specified`]],
  ['properties and additionalProperties', field({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } }), [
    `${P}.properties[f].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
  ]],
  ['additionalProperties at the root', { type: 'object', additionalProperties: { type: 'string' } }, [
    `${P}.additionalProperties: Forbidden: must not be used at the root`,
  ]],
  ['$ref', field({ type: 'object', $ref: '#/definitions/x' }), [`${P}.properties[f].$ref: Forbidden: $ref is not supported`]],
  ['definitions, dependencies, patternProperties, id', field({
    type: 'object',
    id: 'x',
    definitions: { d: { type: 'string' } },
    dependencies: { a: ['b'] },
    patternProperties: { '^a': { type: 'string' } },
  }), [
    `${P}.properties[f].id: Forbidden: id is not supported`,
    `${P}.properties[f].patternProperties: Forbidden: patternProperties is not supported`,
    `${P}.properties[f].definitions: Forbidden: definitions is not supported`,
    `${P}.properties[f].dependencies: Forbidden: dependencies is not supported`,
  ]],
  ['uniqueItems', field({ type: 'array', items: { type: 'string' }, uniqueItems: true }), [
    `${P}.properties[f].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
  ]],
  ['type null', field({ type: 'null' }), [
    `${P}.properties[f].type: Unsupported value: "null": supported values: "array", "boolean", "integer", "number", "object", "string"`,
    `${P}.properties[f].type: Forbidden: type cannot be set to null, use nullable as an alternative`,
  ]],
  ['items as a list', field({ type: 'array', items: [{ type: 'string' }] }), [
    `${P}.properties[f].items: Forbidden: items must be a schema object and not an array`,
  ]],
  ['int-or-string needs no type', field({ 'x-kubernetes-int-or-string': true }), []],
  ['int-or-string with its anyOf pattern', field({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }), []],
  ['int-or-string with its allOf pattern', field({
    'x-kubernetes-int-or-string': true,
    allOf: [{ anyOf: [{ type: 'integer' }, { type: 'string' }] }, { pattern: '^\\d+%?$' }],
  }), []],
  ['int-or-string and preserve-unknown-fields', field({ 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true }), [
    `${P}.properties[f].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true`,
  ]],
  ['preserve-unknown-fields false', field({ type: 'object', 'x-kubernetes-preserve-unknown-fields': false }), [
    `${P}.properties[f].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`,
  ]],
  ['types inside anyOf', field({ type: 'string', anyOf: [{ type: 'string', description: 'd' }, { maxLength: 3 }] }), [
    `${P}.properties[f].anyOf[0].description: Forbidden: must be empty to be structural`,
    `${P}.properties[f].anyOf[0].type: Forbidden: must be empty to be structural`,
  ]],
  ['metadata inside a value validation', { type: 'object', properties: { spec: { type: 'object' } }, anyOf: [{ properties: { metadata: {} } }] }, [
    `${P}.anyOf[0].properties[metadata]: Forbidden: must not be specified in a nested context`,
    `${P}.properties[metadata]: Required value: because it is defined in ${P}.anyOf[0].properties[metadata]`,
  ]],
  ['value validation on an undeclared field', { type: 'object', properties: { spec: { type: 'object' } }, oneOf: [{ required: ['spec'] }, { properties: { other: { minLength: 1 } } }] }, [
    `${P}.properties[other]: Required value: because it is defined in ${P}.oneOf[1].properties[other]`,
  ]],
  ['metadata constrained beyond name and generateName', { type: 'object', properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } } }, [
    `${P}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
  ]],
  ['metadata name may be constrained', { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } } } }, []],
  ['metadata must be an object', { type: 'object', properties: { metadata: { type: 'string' } } }, [
    `${P}.properties[metadata].type: Invalid value: "string": must be object`,
  ]],
  ['kind and apiVersion must be strings', { type: 'object', properties: { kind: { type: 'integer' }, apiVersion: { type: 'string' } } }, [
    `${P}.properties[kind].type: Invalid value: "integer": must be string`,
  ]],
  ['embedded resource without properties', field({ type: 'object', 'x-kubernetes-embedded-resource': true }), [
    `${P}.properties[f].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
  ]],
  ['embedded resource not an object', field({ type: 'string', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true }), [
    `${P}.properties[f].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true`,
  ]],
  ['list-type on a non-array', field({ type: 'object', 'x-kubernetes-list-type': 'set' }), [
    `${P}.properties[f].type: Invalid value: "object": must be array if x-kubernetes-list-type is specified`,
  ]],
  ['list-type value', field({ type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'bag' }), [
    `${P}.properties[f].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"`,
  ]],
  ['list-type map without keys', field({ type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } }, 'x-kubernetes-list-type': 'map' }), [
    `${P}.properties[f].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
  ]],
  ['list-map keys must be required or defaulted scalars', field({
    type: 'array',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name', 'sub', 'missing'],
    items: { type: 'object', required: ['sub'], properties: { name: { type: 'string' }, sub: { type: 'object' } } },
  }), [
    `${P}.properties[f].items.properties[sub].type: Invalid value: "object": must be a scalar type if parent array's x-kubernetes-list-type is map`,
    `${P}.properties[f].x-kubernetes-list-map-keys: Invalid value: ["name","sub","missing"]: entries must all be names of item properties`,
    `${P}.properties[f].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
  ]],
  ['list-map keys without list-type', field({ type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } }, 'x-kubernetes-list-map-keys': ['a'] }), [
    `${P}.properties[f].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty`,
  ]],
  ['set of granular objects', field({ type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'object', properties: { a: { type: 'string' } } } }), [
    `${P}.properties[f].items.x-kubernetes-map-type: Invalid value: "null": must be atomic as item of a list with x-kubernetes-list-type=set`,
  ]],
  ['map-type value and type', field({ type: 'string', 'x-kubernetes-map-type': 'loose' }), [
    `${P}.properties[f].type: Invalid value: "string": must be object if x-kubernetes-map-type is specified`,
    `${P}.properties[f].x-kubernetes-map-type: Unsupported value: "loose": supported values: "atomic", "granular"`,
  ]],
  ['nullable root', { type: 'object', nullable: true }, [`${P}.nullable: Forbidden: nullable cannot be true at the root`]],
  ['invalid pattern', field({ type: 'string', pattern: '([a-z' }), [
    `${P}.properties[f].pattern: Invalid value: "([a-z": must be a valid regular expression, but isn't: error parsing regexp: invalid pattern: \`([a-z\``,
  ]],
  ['CEL rule shape (rules are not compiled)', field({ type: 'string', 'x-kubernetes-validations': [{ rule: ' ' }, { rule: 'self.size() > 1', message: 'a\nb' }] }), [
    `${P}.properties[f].x-kubernetes-validations[0].rule: Required value: rule is not specified`,
    `${P}.properties[f].x-kubernetes-validations[1].message: Invalid value: "a\\nb": message must not contain line breaks`,
  ]],
];

for (const [name, schema, expected] of CASES) {
  test(`structural: ${name}`, () => {
    assert.deepEqual(check(schema), expected);
  });
}

const DEFAULT_CASES: Array<[string, JSONSchemaProps, string[]]> = [
  ['a valid default', field({ type: 'object', properties: { a: { type: 'integer', default: 3, minimum: 1 } } }), []],
  ['default of the wrong type', field({ type: 'object', properties: { a: { type: 'integer', default: 'x' } } }), [
    `${P}.properties[f].properties[a].default: Invalid value: "string":  in body must be of type integer: "string"`,
  ]],
  ['default out of bounds inside an object default', field({ type: 'object', default: { a: 0 }, properties: { a: { type: 'integer', minimum: 1 } } }), [
    `${P}.properties[f].default.a: Invalid value: 0: a in body should be greater than or equal to 1`,
  ]],
  ['default with unknown fields', field({ type: 'object', default: { a: 1, b: 2 }, properties: { a: { type: 'integer' } } }), [
    `${P}.properties[f].default: Invalid value: {"a":1,"b":2}: must not have unknown fields`,
  ]],
  ['an embedded resource default needs apiVersion and kind', field({
    type: 'object',
    'x-kubernetes-embedded-resource': true,
    'x-kubernetes-preserve-unknown-fields': true,
    default: { apiVersion: 'v1', metadata: { name: 'x' } },
  }), [`${P}.properties[f].default.kind: Required value: must not be empty`]],
  ['defaults in top-level metadata', { type: 'object', properties: { metadata: { type: 'object', default: { name: 'x' } } } }, [
    `${P}.properties[metadata].default: Forbidden: must not be set in top-level metadata`,
  ]],
];

for (const [name, schema, expected] of DEFAULT_CASES) {
  test(`defaults: ${name}`, () => {
    assert.deepEqual(check(schema), expected);
  });
}

test('defaults are only checked once the schema is structural', () => {
  const schema = { type: 'object', properties: { f: { default: 'x', properties: {} } } };
  assert.deepEqual(check(schema), [`${P}.properties[f].type: Required value: must not be empty for specified object fields`]);
});

test('with the status subresource only some root keywords are allowed', () => {
  const ok = { type: 'object', description: 'd', required: ['spec'], properties: { spec: { type: 'object' } } };
  assert.deepEqual(checkStructuralSchema(ok, P, { statusSubresource: true }), []);
  const withAnyOf = { type: 'object', properties: { spec: { type: 'object' } }, anyOf: [{ required: ['spec'] }] };
  assert.deepEqual(checkStructuralSchema(withAnyOf, P), []);
  const errs = checkStructuralSchema(withAnyOf, P, { statusSubresource: true });
  assert.equal(errs.length, 1);
  assert.equal(errs[0]!.field, P);
  assert.match(errs[0]!.detail ?? '', /^only \[Description Type .* XValidations\] fields are allowed at the root of the schema if the status subresource is enabled$/);
});
