// Checks the protobuf facts carried by specs/ (the x-capstan-protobuf-* extensions described in
// docs/specs.md): every property of every built-in message has a field number, numbers are
// unique within a message, special encodings and wrappers come from a known set, and the
// numbers kubectl's protobuf bodies are known to use are the ones written down, down to decoding
// the bytes kubectl sends for `create configmap` with nothing but those numbers. The checker is
// also run on small hand-made documents, so a checker that never fires cannot pass. Every
// problem is listed in one failure message. Cheap: about 2 s of CPU, mostly tsx and YAML parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { isObject, loadSpecFiles, schemasOf, type JsonObject, type SpecFile } from './spec-files.js';
import { RefResolver, refTargetName } from './refs.js';

const PREFIX = 'x-capstan-protobuf-';
const TAG = `${PREFIX}tag`;
const ENCODING = `${PREFIX}encoding`;
const EMBEDDED_IN = `${PREFIX}embedded-in`;
const MAP_VALUE = `${PREFIX}map-value`;
const LIST_WRAPPER = `${PREFIX}list-wrapper`;

/** Schema-level encodings the generator knows; `none` marks a schema with no protobuf form. */
export const ENCODINGS: ReadonlySet<string> = new Set([
  'time',
  'microtime',
  'duration',
  'int-or-string',
  'quantity',
  'raw-extension',
  'fields-v1',
  'json',
  'json-schema-props-or-array',
  'json-schema-props-or-bool',
  'json-schema-props-or-string-array',
  'none',
]);
const MAP_VALUE_WRAPPERS: ReadonlySet<string> = new Set(['extra-value']);
const LIST_WRAPPERS: ReadonlySet<string> = new Set(['verbs']);
const PROPERTY_KEYS: ReadonlySet<string> = new Set([TAG, EMBEDDED_IN, MAP_VALUE, LIST_WRAPPER, 'x-capstan-protobuf-optional']);

// Protobuf's own limits: field numbers run 1..2^29-1, and 19000-19999 are reserved.
const MAX_FIELD = 536_870_911;
function isFieldNumber(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_FIELD && !((value as number) >= 19000 && (value as number) <= 19999);
}

/** Custom-resource-like groups: JSON only, so they must carry no protobuf extensions at all. */
function isJsonOnly(file: SpecFile): boolean {
  return file.path.startsWith('specs/wardle.example.com/');
}

/** Where, below `value`, protobuf extensions appear (path relative to `value`). */
function protobufKeysBelow(value: unknown, at = ''): string[] {
  const found: string[] = [];
  if (Array.isArray(value)) value.forEach((item, i) => found.push(...protobufKeysBelow(item, `${at}[${i}]`)));
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith(PREFIX)) found.push(`${at}/${key}`);
      found.push(...protobufKeysBelow(child, `${at}/${key}`));
    }
  }
  return found;
}

/** Names of the schemas a property points at, directly, as list items or as map values. */
function referencedSchemas(property: JsonObject): string[] {
  const names: string[] = [];
  for (const node of [property, property['items'], property['additionalProperties']]) {
    if (isObject(node) && typeof node['$ref'] === 'string') names.push(refTargetName(node['$ref']));
  }
  return names;
}

function encodingsByName(files: SpecFile[]): Map<string, unknown> {
  const encodings = new Map<string, unknown>();
  for (const file of files) {
    for (const [name, schema] of Object.entries(schemasOf(file.doc))) {
      if (isObject(schema) && schema[ENCODING] !== undefined) encodings.set(name, schema[ENCODING]);
    }
  }
  return encodings;
}

function messageProblems(where: string, schema: JsonObject, encodings: Map<string, unknown>): string[] {
  const problems: string[] = [];
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const untagged = (name: string): boolean => isObject(properties[name]) && (properties[name] as JsonObject)[TAG] === undefined;
  // apiVersion and kind embedded from TypeMeta travel in the envelope, not in the message;
  // a reference type's own kind/apiVersion fields (OwnerReference, ParamKind) are tagged.
  const typeMetaPair = untagged('apiVersion') && untagged('kind');
  const paths = new Map<string, string>();
  const containers = new Map<string, string>();

  for (const [name, raw] of Object.entries(properties)) {
    const at = `${where}.${name}`;
    if (!isObject(raw)) continue;
    for (const key of Object.keys(raw)) {
      if (key.startsWith(PREFIX) && !PROPERTY_KEYS.has(key)) problems.push(`${at}: unknown extension ${key}`);
    }
    for (const nested of protobufKeysBelow(Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith(PREFIX))))) {
      problems.push(`${at}: ${nested} belongs on the property itself`);
    }
    for (const target of referencedSchemas(raw)) {
      if (encodings.get(target) === 'none') problems.push(`${at}: refers to ${target}, which has no protobuf form`);
    }

    const tag = raw[TAG];
    if (tag === undefined) {
      if (!((name === 'apiVersion' || name === 'kind') && typeMetaPair)) problems.push(`${at}: no ${TAG}`);
      continue;
    }
    if (!isFieldNumber(tag)) {
      problems.push(`${at}: ${TAG} ${JSON.stringify(tag)} is not a protobuf field number`);
      continue;
    }
    let embedded: number[] = [];
    if (raw[EMBEDDED_IN] !== undefined) {
      const value = raw[EMBEDDED_IN];
      if (!Array.isArray(value) || value.length === 0 || !value.every(isFieldNumber)) {
        problems.push(`${at}: ${EMBEDDED_IN} must be a non-empty list of field numbers`);
        continue;
      }
      embedded = value;
    }
    const path = [...embedded, tag].join('.');
    const clash = paths.get(path);
    if (clash !== undefined) problems.push(`${at}: field ${path} is also used by ${clash}`);
    else paths.set(path, name);
    for (let depth = 1; depth <= embedded.length; depth++) containers.set(embedded.slice(0, depth).join('.'), name);

    if (raw[MAP_VALUE] !== undefined) {
      if (!isObject(raw['additionalProperties'])) problems.push(`${at}: ${MAP_VALUE} on a property that is not a map`);
      if (typeof raw[MAP_VALUE] !== 'string' || !MAP_VALUE_WRAPPERS.has(raw[MAP_VALUE])) {
        problems.push(`${at}: ${MAP_VALUE} ${JSON.stringify(raw[MAP_VALUE])} is not one of ${[...MAP_VALUE_WRAPPERS].join(', ')}`);
      }
    }
    if (raw[LIST_WRAPPER] !== undefined) {
      if (raw['type'] !== 'array') problems.push(`${at}: ${LIST_WRAPPER} on a property that is not a list`);
      if (typeof raw[LIST_WRAPPER] !== 'string' || !LIST_WRAPPERS.has(raw[LIST_WRAPPER])) {
        problems.push(`${at}: ${LIST_WRAPPER} ${JSON.stringify(raw[LIST_WRAPPER])} is not one of ${[...LIST_WRAPPERS].join(', ')}`);
      }
    }
  }
  // A field that holds an embedded message cannot also be a plain field of the same message.
  for (const [container, user] of containers) {
    const clash = paths.get(container);
    if (clash !== undefined) problems.push(`${where}.${user}: embedded in field ${container}, which ${clash} uses as a plain field`);
  }
  return problems;
}

/** Every violation of the protobuf rules in docs/specs.md, one line each. */
export function protobufTagProblems(files: SpecFile[]): string[] {
  const problems: string[] = [];
  const encodings = encodingsByName(files.filter((file) => !isJsonOnly(file)));
  for (const file of files) {
    if (isJsonOnly(file)) {
      for (const at of protobufKeysBelow(file.doc)) problems.push(`${file.path}${at}: JSON-only group carries a protobuf extension`);
      continue;
    }
    for (const [name, schema] of Object.entries(schemasOf(file.doc))) {
      if (!isObject(schema)) continue;
      const where = `${file.path}: ${name}`;
      for (const key of Object.keys(schema)) {
        if (key.startsWith(PREFIX) && key !== ENCODING) problems.push(`${where}: ${key} belongs on properties, not on the schema`);
      }
      const encoding = schema[ENCODING];
      if (encoding === undefined) {
        problems.push(...messageProblems(where, schema, encodings));
        continue;
      }
      if (typeof encoding !== 'string' || !ENCODINGS.has(encoding)) {
        problems.push(`${where}: ${ENCODING} ${JSON.stringify(encoding)} is not a known encoding`);
      }
      // A specially encoded schema is one opaque message; numbers inside it would mean nothing.
      const inside = protobufKeysBelow(schema['properties']);
      if (inside.length > 0) problems.push(`${where}: has ${ENCODING} and also protobuf extensions under properties (${inside.join(', ')})`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- the specs themselves

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const { files, errors: loadErrors } = loadSpecFiles(root);
const resolver = new RefResolver(files);

function report(title: string, problems: string[]): string {
  return `${problems.length} ${title}:\n  ${problems.join('\n  ')}`;
}

const CORE = '../core/v1.yaml#/components/schemas/io.k8s.api.core.v1.';
const META = '../meta/v1.yaml#/components/schemas/io.k8s.apimachinery.';
const AUTHN = '../authentication.k8s.io/v1.yaml#/components/schemas/io.k8s.api.authentication.v1.';
const AUTHZ = '../authorization.k8s.io/v1.yaml#/components/schemas/io.k8s.api.authorization.v1.';
const ADMISSION = '../admissionregistration.k8s.io/v1.yaml#/components/schemas/io.k8s.api.admissionregistration.v1.';
const APIEXT = '../apiextensions.k8s.io/v1.yaml#/components/schemas/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';
const APIREG = '../apiregistration.k8s.io/v1.yaml#/components/schemas/io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.';

/** The schema named by a reference written as if from specs/meta/v1.yaml. */
function schemaAt(ref: string): JsonObject | undefined {
  const found = resolver.resolve('specs/meta/v1.yaml', ref);
  return found !== undefined && isObject(found.value) ? found.value : undefined;
}

function property(ref: string, name: string): JsonObject | undefined {
  const schema = schemaAt(ref);
  const properties = schema !== undefined && isObject(schema['properties']) ? schema['properties'] : undefined;
  const value = properties?.[name];
  return isObject(value) ? value : undefined;
}

/** Differences between the tags written in specs/ and `expected`, as `Schema.prop: want N, have M`. */
function tagMismatches(ref: string, expected: Record<string, number>): string[] {
  const out: string[] = [];
  for (const [name, want] of Object.entries(expected)) {
    const have = property(ref, name)?.[TAG];
    if (have !== want) out.push(`${refTargetName(ref)}.${name}: want ${want}, have ${have === undefined ? '(none)' : JSON.stringify(have)}`);
  }
  return out;
}

test('specs/ parse, so the protobuf facts can be read', () => {
  assert.deepEqual(loadErrors, []);
  assert.ok(files.some((file) => !isJsonOnly(file)), 'no built-in group under specs/');
});

test('every property of every built-in message has a unique protobuf field number', () => {
  const problems = protobufTagProblems(files);
  assert.deepEqual(problems, [], report('protobuf tag problems', problems));
});

test('the field numbers kubectl 1.32 protobuf bodies use (kubectl-wire-contract §2.6)', () => {
  const problems = [
    ...tagMismatches(`${META}pkg.apis.meta.v1.ObjectMeta`, {
      name: 1, generateName: 2, namespace: 3, selfLink: 4, uid: 5, resourceVersion: 6, generation: 7,
      creationTimestamp: 8, labels: 11, annotations: 12, ownerReferences: 13, finalizers: 14,
    }),
    ...tagMismatches(`${CORE}Namespace`, { metadata: 1, spec: 2, status: 3 }),
    ...tagMismatches(`${CORE}NamespaceSpec`, { finalizers: 1 }),
    ...tagMismatches(`${CORE}ConfigMap`, { metadata: 1, data: 2, binaryData: 3, immutable: 4 }),
    ...tagMismatches(`${CORE}Secret`, { metadata: 1, data: 2, type: 3, stringData: 4, immutable: 5 }),
    ...tagMismatches(`${AUTHZ}SelfSubjectAccessReview`, { metadata: 1, spec: 2, status: 3 }),
    ...tagMismatches(`${AUTHZ}SelfSubjectAccessReviewSpec`, { resourceAttributes: 1, nonResourceAttributes: 2 }),
    ...tagMismatches(`${AUTHZ}ResourceAttributes`, { namespace: 1, verb: 2, group: 3, version: 4, resource: 5, subresource: 6, name: 7 }),
    ...tagMismatches(`${AUTHZ}NonResourceAttributes`, { path: 1, verb: 2 }),
    ...tagMismatches(`${AUTHN}SelfSubjectReview`, { metadata: 1, status: 2 }),
  ];
  assert.deepEqual(problems, [], report('field numbers differ from the wire contract', problems));
  // The timestamp in ObjectMeta is the Time message {1 seconds, 2 nanos}, not a string.
  assert.equal(schemaAt(`${META}pkg.apis.meta.v1.Time`)?.[ENCODING], 'time');
});

test('kind and apiVersion are numbered where they are fields of a reference, not TypeMeta', () => {
  const problems = [
    ...tagMismatches(`${META}pkg.apis.meta.v1.OwnerReference`, { kind: 1, apiVersion: 5 }),
    ...tagMismatches(`${CORE}ObjectReference`, { kind: 1, apiVersion: 5 }),
    ...tagMismatches(`${AUTHN}BoundObjectReference`, { kind: 1, apiVersion: 2 }),
    ...tagMismatches(`${ADMISSION}ParamKind`, { apiVersion: 1, kind: 2 }),
  ];
  assert.deepEqual(problems, [], report('reference fields differ', problems));
});

test('protobuf bytes fields are base64 (format: byte) in JSON', () => {
  const bytesFields: [string, string, 'value' | 'map'][] = [
    [`${CORE}ConfigMap`, 'binaryData', 'map'],
    [`${CORE}Secret`, 'data', 'map'],
    [`${ADMISSION}WebhookClientConfig`, 'caBundle', 'value'],
    [`${APIEXT}WebhookClientConfig`, 'caBundle', 'value'],
    [`${APIREG}APIServiceSpec`, 'caBundle', 'value'],
  ];
  const problems: string[] = [];
  for (const [ref, name, shape] of bytesFields) {
    const prop = property(ref, name);
    const holder = shape === 'map' ? prop?.['additionalProperties'] : prop;
    if (!isObject(holder) || holder['format'] !== 'byte') problems.push(`${refTargetName(ref)}.${name}: ${shape === 'map' ? 'map values' : 'value'} not format: byte`);
  }
  assert.deepEqual(problems, [], report('bytes fields without format: byte', problems));
});

test('special encodings sit on the schemas kube encodes as fixed messages', () => {
  const expected: [string, string][] = [
    [`${META}pkg.apis.meta.v1.Time`, 'time'],
    [`${META}pkg.apis.meta.v1.MicroTime`, 'microtime'],
    [`${META}pkg.apis.meta.v1.FieldsV1`, 'fields-v1'],
    [`${META}pkg.runtime.RawExtension`, 'raw-extension'],
    [`${META}pkg.util.intstr.IntOrString`, 'int-or-string'],
    [`${META}pkg.api.resource.Quantity`, 'quantity'],
    [`${META}pkg.apis.meta.v1.Table`, 'none'],
    [`${APIEXT}JSON`, 'json'],
    [`${APIEXT}JSONSchemaPropsOrArray`, 'json-schema-props-or-array'],
    [`${APIEXT}JSONSchemaPropsOrBool`, 'json-schema-props-or-bool'],
    [`${APIEXT}JSONSchemaPropsOrStringArray`, 'json-schema-props-or-string-array'],
  ];
  const problems = expected
    .filter(([ref, encoding]) => schemaAt(ref)?.[ENCODING] !== encoding)
    .map(([ref, encoding]) => `${refTargetName(ref)}: want ${encoding}, have ${String(schemaAt(ref)?.[ENCODING])}`);
  assert.deepEqual(problems, [], report('encodings differ', problems));
});

// ---------------------------------------------------------------- kubectl's own bytes

interface WireField {
  field: number;
  varint?: bigint;
  bytes?: Uint8Array;
}

/** Splits one protobuf message into its fields; only the wire types kube messages use. */
function wireFields(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buf[pos++];
      if (byte === undefined) throw new Error('truncated varint');
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    if ((key & 7) === 0) fields.push({ field, varint: varint() });
    else if ((key & 7) === 2) {
      const length = Number(varint());
      fields.push({ field, bytes: buf.subarray(pos, pos + length) });
      pos += length;
    } else throw new Error(`wire type ${key & 7} not expected here`);
  }
  return fields;
}

/** Decodes a message with nothing but the spec's tags; empty values are dropped, as §2.6 says. */
function decodeBySpec(from: string, schema: JsonObject, buf: Uint8Array): JsonObject {
  const out: JsonObject = {};
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const byTag = new Map<number, [string, JsonObject]>();
  for (const [name, prop] of Object.entries(properties)) {
    if (isObject(prop) && typeof prop[TAG] === 'number' && prop[EMBEDDED_IN] === undefined) byTag.set(prop[TAG], [name, prop]);
  }
  const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);
  for (const { field, varint, bytes } of wireFields(buf)) {
    const known = byTag.get(field);
    if (known === undefined) throw new Error(`field ${field} is not in the spec`);
    const [name, prop] = known;
    if (isObject(prop['additionalProperties'])) {
      const entry = Object.fromEntries(wireFields(bytes ?? new Uint8Array()).map((f) => [f.field, text(f.bytes)]));
      const map = isObject(out[name]) ? (out[name] as JsonObject) : {};
      map[String(entry[1])] = entry[2];
      out[name] = map;
    } else if (typeof prop['$ref'] === 'string') {
      const target = resolver.deref(from, prop);
      if (target === undefined || !isObject(target.value)) throw new Error(`${name}: unresolved`);
      // A specially encoded value (here Time) is opaque to the tags; empty means unset.
      const value = target.value[ENCODING] !== undefined ? (bytes?.length ? bytes : undefined) : decodeBySpec(target.file, target.value, bytes ?? new Uint8Array());
      if (value !== undefined && !(isObject(value) && Object.keys(value).length === 0)) out[name] = value;
    } else if (prop['type'] === 'integer') {
      if (varint) out[name] = Number(varint);
    } else if (prop['type'] === 'boolean') {
      if (varint) out[name] = true;
    } else if (bytes !== undefined && bytes.length > 0) out[name] = text(bytes);
  }
  return out;
}

test('the ConfigMap body kubectl create configmap sends decodes with the spec tags (§2.6 bytes)', () => {
  const body = Uint8Array.from(
    ('6b 38 73 00 0a 0f 0a 02 76 31 12 09 43 6f 6e 66 69 67 4d 61 70 12 1e 0a 14 0a 04 63 66 67 32 ' +
      '12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 06 0a 01 61 12 01 31 1a 00 22 00')
      .split(' ')
      .map((hex) => parseInt(hex, 16)),
  );
  assert.deepEqual([...body.subarray(0, 4)], [0x6b, 0x38, 0x73, 0x00]);
  const envelope = wireFields(body.subarray(4));
  const typeMeta = Object.fromEntries(wireFields(envelope.find((f) => f.field === 1)?.bytes ?? new Uint8Array()).map((f) => [f.field, new TextDecoder().decode(f.bytes)]));
  assert.deepEqual(typeMeta, { 1: 'v1', 2: 'ConfigMap' });
  const configMap = schemaAt(`${CORE}ConfigMap`);
  assert.ok(configMap !== undefined);
  const raw = envelope.find((f) => f.field === 2)?.bytes ?? new Uint8Array();
  assert.deepEqual(decodeBySpec('specs/core/v1.yaml', configMap, raw), { metadata: { name: 'cfg2' }, data: { a: '1' } });
});

// ---------------------------------------------------------------- the checker fires

function doc(path: string, schemas: JsonObject): SpecFile {
  return { path, doc: { components: { schemas } } };
}

test('checker: a complete message with a TypeMeta pair passes', () => {
  const good = doc('specs/g/v1.yaml', {
    Thing: {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { [TAG]: 1, $ref: '#/components/schemas/Meta' },
        extra: { [TAG]: 2, [MAP_VALUE]: 'extra-value', type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        verbs: { [TAG]: 3, [LIST_WRAPPER]: 'verbs', type: 'array', items: { type: 'string' } },
        inner: { [TAG]: 1, [EMBEDDED_IN]: [4], type: 'string' },
      },
    },
    Meta: { [ENCODING]: 'time', type: 'string' },
  });
  assert.deepEqual(protobufTagProblems([good, doc('specs/wardle.example.com/v1alpha1.yaml', { F: { type: 'object', properties: { a: { type: 'string' } } } })]), []);
});

test('checker: every kind of mistake is reported, all at once', () => {
  const bad = doc('specs/g/v1.yaml', {
    Thing: {
      type: 'object',
      properties: {
        kind: { type: 'string' },
        apiVersion: { [TAG]: 5, type: 'string' },
        a: { [TAG]: 1, type: 'string' },
        b: { [TAG]: 1, type: 'string' },
        c: { type: 'string' },
        d: { [TAG]: 0, type: 'string' },
        e: { [TAG]: 19500, type: 'string' },
        f: { [TAG]: 2, [MAP_VALUE]: 'extra-value', type: 'string' },
        g: { [TAG]: 3, [LIST_WRAPPER]: 'strings', type: 'array', items: { type: 'string' } },
        h: { [TAG]: 4, $ref: '#/components/schemas/Tab' },
        i: { [TAG]: 6, type: 'array', items: { type: 'string', [TAG]: 1 } },
        j: { [TAG]: 7, 'x-capstan-protobuf-tags': 7, type: 'string' },
        k: { [TAG]: 1, [EMBEDDED_IN]: [1], type: 'string' },
        l: { [TAG]: 8, [EMBEDDED_IN]: [], type: 'string' },
      },
    },
    Tab: { [ENCODING]: 'none', type: 'object' },
    Odd: { [ENCODING]: 'timestamp', [TAG]: 1, type: 'string' },
    Opaque: { [ENCODING]: 'quantity', properties: { s: { [TAG]: 1, type: 'string' } } },
  });
  const jsonOnly = doc('specs/wardle.example.com/v1alpha1.yaml', { F: { type: 'object', properties: { a: { [TAG]: 1, type: 'string' } } } });
  assert.deepEqual(protobufTagProblems([bad, jsonOnly]), [
    'specs/g/v1.yaml: Thing.kind: no x-capstan-protobuf-tag',
    'specs/g/v1.yaml: Thing.b: field 1 is also used by a',
    'specs/g/v1.yaml: Thing.c: no x-capstan-protobuf-tag',
    'specs/g/v1.yaml: Thing.d: x-capstan-protobuf-tag 0 is not a protobuf field number',
    'specs/g/v1.yaml: Thing.e: x-capstan-protobuf-tag 19500 is not a protobuf field number',
    'specs/g/v1.yaml: Thing.f: x-capstan-protobuf-map-value on a property that is not a map',
    'specs/g/v1.yaml: Thing.g: x-capstan-protobuf-list-wrapper "strings" is not one of verbs',
    'specs/g/v1.yaml: Thing.h: refers to Tab, which has no protobuf form',
    'specs/g/v1.yaml: Thing.i: /items/x-capstan-protobuf-tag belongs on the property itself',
    'specs/g/v1.yaml: Thing.j: unknown extension x-capstan-protobuf-tags',
    'specs/g/v1.yaml: Thing.l: x-capstan-protobuf-embedded-in must be a non-empty list of field numbers',
    'specs/g/v1.yaml: Thing.k: embedded in field 1, which a uses as a plain field',
    'specs/g/v1.yaml: Odd: x-capstan-protobuf-tag belongs on properties, not on the schema',
    'specs/g/v1.yaml: Odd: x-capstan-protobuf-encoding "timestamp" is not a known encoding',
    'specs/g/v1.yaml: Opaque: has x-capstan-protobuf-encoding and also protobuf extensions under properties (/s/x-capstan-protobuf-tag)',
    'specs/wardle.example.com/v1alpha1.yaml/components/schemas/F/properties/a/x-capstan-protobuf-tag: JSON-only group carries a protobuf extension',
  ]);
});
