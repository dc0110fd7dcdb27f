// The hand-written descriptors must say exactly what specs/ says (x-capstan-protobuf-tag and
// friends), so the generated ones that replace them change nothing on the wire. Every property
// of every schema they describe is checked, in both directions. ~1.5 s (YAML parsing of four specs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { handwrittenMessages, type FieldDescriptor, type MessageDescriptor } from '../../runtime/protobuf/index.js';

type Json = Record<string, unknown>;
const SPECS = new URL('../../specs/', import.meta.url).pathname;

function loadSchemas(): Map<string, Json> {
  const out = new Map<string, Json>();
  // Only the groups the hand-written kinds live in (parsing every spec costs seconds).
  for (const group of ['meta', 'core', 'authorization.k8s.io', 'authentication.k8s.io']) {
    for (const file of readdirSync(join(SPECS, group))) {
      if (!/\.(ya?ml|json)$/.test(file)) continue;
      const doc = parse(readFileSync(join(SPECS, group, file), 'utf8')) as Json;
      const schemas = ((doc['components'] as Json | undefined)?.['schemas'] ?? doc['definitions'] ?? {}) as Json;
      for (const [name, schema] of Object.entries(schemas)) out.set(name, schema as Json);
    }
  }
  return out;
}

const refName = (s: Json | undefined): string | undefined => (typeof s?.['$ref'] === 'string' ? (s['$ref'] as string).split('/').pop() : undefined);

function checkField(schemas: Map<string, Json>, owner: string, f: FieldDescriptor, prop: Json, problems: string[]): void {
  const where = `${owner}.${f.json}`;
  if (prop['x-capstan-protobuf-tag'] !== f.tag) problems.push(`${where}: tag ${f.tag}, spec says ${String(prop['x-capstan-protobuf-tag'])}`);
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
  const ref = refName(value) ?? refName((value['allOf'] as Json[] | undefined)?.[0]);
  if (ref !== undefined) {
    const target = schemas.get(ref);
    const encoding = target?.['x-capstan-protobuf-encoding'];
    if (encoding !== undefined) {
      if (encoding !== f.type) problems.push(`${where}: type ${f.type}, spec's ${ref} is encoded as ${String(encoding)}`);
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

test('hand-written descriptors match the specs, field by field', () => {
  const schemas = loadSchemas();
  const problems: string[] = [];
  let checked = 0;
  const descriptors = Object.values(handwrittenMessages).filter((d): d is MessageDescriptor => typeof d === 'object' && d !== null && 'fields' in d);
  assert.ok(descriptors.length >= 20);
  for (const desc of descriptors) {
    const schema = schemas.get(desc.name);
    if (!schema) {
      problems.push(`${desc.name}: no such schema in specs/`);
      continue;
    }
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
  assert.deepEqual(problems, []);
  assert.ok(checked > 80, `checked ${checked} fields`);
});

test('the checker itself notices a wrong tag and a missing field', () => {
  const schemas = loadSchemas();
  const problems: string[] = [];
  const prop = ((schemas.get('io.k8s.api.core.v1.ConfigMap')!['properties']) as Record<string, Json>)['immutable']!;
  checkField(schemas, 'ConfigMap', { json: 'immutable', tag: 5, type: 'bool' }, prop, problems);
  checkField(schemas, 'ConfigMap', { json: 'immutable', tag: 4, type: 'string' }, prop, problems);
  assert.equal(problems.length, 2);
});
