// The generated descriptors must say exactly what specs/ says (x-capstan-protobuf-tag and
// friends), read here straight from the YAML with none of the generator's code. Every property
// of every schema is checked, in both directions, and every message schema must have a
// descriptor. ~3 s (YAML parsing of every built-in spec).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldDescriptor, MessageDescriptor } from '../../runtime/protobuf/index.js';
import { protobufMessages } from '../../generated/protobuf.js';
import { loadBuiltinSchemas, refOf, type Json } from './schema-arbitrary.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function checkField(schemas: Map<string, Json>, owner: string, f: FieldDescriptor, prop: Json, problems: string[]): void {
  const where = `${owner}.${f.json}`;
  if (prop['x-capstan-protobuf-tag'] !== f.tag) problems.push(`${where}: tag ${f.tag}, spec says ${String(prop['x-capstan-protobuf-tag'])}`);
  if ((prop['x-capstan-protobuf-optional'] === true) !== (f.explicitPresence === true)) problems.push(`${where}: explicitPresence ${String(f.explicitPresence)}, spec's optional is ${String(prop['x-capstan-protobuf-optional'])}`);
  if (!same(prop['x-capstan-protobuf-embedded-in'], f.embeddedIn)) problems.push(`${where}: embeddedIn ${JSON.stringify(f.embeddedIn)}, spec says ${JSON.stringify(prop['x-capstan-protobuf-embedded-in'])}`);
  let value: Json = prop;
  if (f.map) {
    if (prop['type'] !== 'object' || typeof prop['additionalProperties'] !== 'object') problems.push(`${where}: map, spec is not`);
    value = prop['additionalProperties'] as Json;
    if ((prop['x-capstan-protobuf-map-value'] ?? undefined) !== f.mapValue) problems.push(`${where}: map value wrapper differs`);
    if (f.mapValue) return;
  } else if (prop['additionalProperties']) problems.push(`${where}: spec is a map`);
  if (f.repeated) {
    if (prop['type'] !== 'array') problems.push(`${where}: repeated, spec is not an array`);
    value = (prop['items'] ?? {}) as Json;
    if ((prop['x-capstan-protobuf-list-wrapper'] ?? undefined) !== f.listWrapper) problems.push(`${where}: list wrapper differs`);
  } else if (prop['type'] === 'array') problems.push(`${where}: spec is an array`);
  const ref = refOf(value);
  if (ref !== undefined) {
    const target = schemas.get(ref);
    const encoding = target?.['x-capstan-protobuf-encoding'];
    if (encoding !== undefined) {
      if (encoding !== f.type) problems.push(`${where}: type ${f.type}, spec's ${ref} is encoded as ${String(encoding)}`);
      const props = `${ref.slice(0, ref.lastIndexOf('.'))}.JSONSchemaProps`;
      if (String(encoding).startsWith('json-schema-props-or-') && f.message?.().name !== props) problems.push(`${where}: ${String(encoding)} needs message ${props}`);
    } else if (f.type !== 'message' || f.message?.().name !== ref) {
      problems.push(`${where}: type ${f.type} ${f.message?.().name ?? ''}, spec refers to ${ref}`);
    }
    return;
  }
  const expected =
    value['type'] === 'string' ? (value['format'] === 'byte' ? 'bytes' : 'string')
    : value['type'] === 'boolean' ? 'bool'
    : value['type'] === 'integer' ? (value['format'] === 'int32' ? 'int32' : 'int64')
    : value['type'] === 'number' ? 'double'
    : `unknown (${JSON.stringify(value)})`;
  if (expected !== f.type) problems.push(`${where}: type ${f.type}, spec says ${expected}`);
}

function checkAll(schemas: Map<string, Json>, descriptors: readonly MessageDescriptor[]): { problems: string[]; checked: number } {
  const problems: string[] = [];
  let checked = 0;
  for (const desc of descriptors) {
    const schema = schemas.get(desc.name);
    if (!schema) {
      problems.push(`${desc.name}: no such schema in specs/`);
      continue;
    }
    if (schema['x-capstan-protobuf-encoding'] !== undefined) problems.push(`${desc.name}: has an encoding, must have no descriptor`);
    const props = (schema['properties'] ?? {}) as Record<string, Json>;
    for (const f of desc.fields) {
      const prop = props[f.json];
      if (!prop) problems.push(`${desc.name}.${f.json}: no such property`);
      else checkField(schemas, desc.name, f, prop, problems);
      checked++;
    }
    for (const [name, prop] of Object.entries(props)) {
      if (prop['x-capstan-protobuf-tag'] !== undefined && !desc.fields.some((f) => f.json === name)) problems.push(`${desc.name}.${name}: in the spec, not in the descriptor`);
    }
  }
  const described = new Set(descriptors.map((d) => d.name));
  for (const [name, schema] of schemas) {
    if (schema['x-capstan-protobuf-encoding'] === undefined && !described.has(name)) problems.push(`${name}: a message schema without a descriptor`);
  }
  return { problems, checked };
}

test('generated descriptors match the specs, field by field, and cover every message schema', () => {
  const { problems, checked } = checkAll(loadBuiltinSchemas(), protobufMessages);
  assert.deepEqual(problems, []);
  assert.ok(checked > 600, `checked ${checked} fields`);
  assert.ok(protobufMessages.length > 150, `${protobufMessages.length} messages`);
});

test('the checker itself notices a wrong tag, a wrong type, a lost pointer marker and a missing field', () => {
  const schemas = loadBuiltinSchemas();
  const problems: string[] = [];
  const prop = ((schemas.get('io.k8s.api.core.v1.ConfigMap')!['properties']) as Record<string, Json>)['immutable']!;
  checkField(schemas, 'ConfigMap', { json: 'immutable', tag: 5, type: 'bool', explicitPresence: true }, prop, problems);
  checkField(schemas, 'ConfigMap', { json: 'immutable', tag: 4, type: 'string', explicitPresence: true }, prop, problems);
  checkField(schemas, 'ConfigMap', { json: 'immutable', tag: 4, type: 'bool' }, prop, problems);
  assert.equal(problems.length, 3);
  const configMap = protobufMessages.find((d) => d.name === 'io.k8s.api.core.v1.ConfigMap')!;
  const lossy = { ...configMap, fields: configMap.fields.filter((f) => f.json !== 'data') };
  assert.deepEqual(checkAll(schemas, [lossy]).problems.filter((p) => p.startsWith('io.k8s.api.core.v1.ConfigMap')), [
    'io.k8s.api.core.v1.ConfigMap.data: in the spec, not in the descriptor',
    'io.k8s.api.core.v1.ConfigMapList: a message schema without a descriptor',
  ]);
});
