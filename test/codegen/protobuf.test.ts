// The protobuf emitter: descriptors (types, special encodings, pointers, wrappers, embedded
// structs, cross-folder and recursive references), registrations, the root module, and that a
// JSON-only spec set gets none of it. Small in-memory specs; ~1 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emitProtobuf, withProtobufImport } from '../../codegen/src/emit/index.js';
import { modelOf, v3 } from './helpers.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const API = 'io.k8s.api.core.v1';
const ref = (name: string, file = '') => ({ $ref: `${file}#/components/schemas/${name}` });
const metaRef = (name: string) => ref(`${META}.${name}`, 'meta.yaml');
const tag = (n: number, schema: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ 'x-capstan-protobuf-tag': n, ...schema, ...extra });

function specs(extraSpec: Record<string, unknown> = {}): Record<string, string> {
  return {
    'meta.yaml': v3({
      [`${META}.Time`]: { type: 'string', format: 'date-time', 'x-capstan-protobuf-encoding': 'time' },
      [`${META}.Table`]: { type: 'object', 'x-capstan-protobuf-encoding': 'none', properties: { a: { type: 'string' } } },
      [`${META}.ObjectMeta`]: { type: 'object', properties: { name: tag(1, { type: 'string' }), creationTimestamp: tag(8, ref(`${META}.Time`)) } },
      [`${META}.DeleteOptions`]: {
        type: 'object',
        'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'DeleteOptions' }, { group: 'meta.k8s.io', version: 'v1', kind: 'DeleteOptions' }],
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, gracePeriodSeconds: tag(1, { type: 'integer', format: 'int64' }, { 'x-capstan-protobuf-optional': true }) },
      },
    }),
    'core.yaml': v3({
      [`${API}.Widget`]: {
        type: 'object',
        'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Widget' }],
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: tag(1, metaRef('ObjectMeta')), spec: tag(2, { allOf: [ref(`${API}.WidgetSpec`)] }) },
      },
      [`${API}.WidgetList`]: {
        type: 'object',
        'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'WidgetList' }],
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, items: tag(2, { type: 'array', items: ref(`${API}.Widget`) }) },
      },
      [`${API}.WidgetSpec`]: {
        type: 'object',
        properties: {
          count: tag(1, { type: 'integer', format: 'int32' }, { 'x-capstan-protobuf-optional': true }),
          size: tag(2, { type: 'integer', format: 'int64' }),
          blobs: tag(3, { type: 'object', additionalProperties: { type: 'string', format: 'byte' } }),
          verbs: tag(4, { type: 'array', items: { type: 'string' } }, { 'x-capstan-protobuf-list-wrapper': 'verbs' }),
          extra: tag(5, { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } }, { 'x-capstan-protobuf-map-value': 'extra-value' }),
          ratio: tag(6, { type: 'number', format: 'double' }),
          inner: tag(1, { type: 'string' }, { 'x-capstan-protobuf-embedded-in': [7, 2] }),
          when: tag(8, metaRef('Time')),
          next: tag(9, ref(`${API}.WidgetSpec`)),
          on: tag(10, { type: 'boolean' }),
          ...extraSpec,
        },
      },
    }),
    'json-only.yaml': v3({ 'com.example.v1.Thing': { type: 'object', 'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Thing' }], properties: { a: { type: 'string' } } } }),
  };
}

const RUNTIME = '../runtime/api/index.ts';

test('descriptors: scalar types, encodings, pointers, wrappers, embedded structs, references', () => {
  const files = emitProtobuf(modelOf(specs()), RUNTIME);
  const folders = [...files.keys()].sort();
  assert.ok(folders.includes('protobuf.ts'));
  assert.ok(!folders.some((f) => f.startsWith('example.com')), `JSON-only group got ${folders.join(', ')}`);
  const widgetFile = folders.find((f) => files.get(f)!.includes(`export const io_k8s_api_core_v1_WidgetSpec`))!;
  const text = files.get(widgetFile)!;
  for (const line of [
    "{ json: 'count', tag: 1, type: 'int32', explicitPresence: true },",
    "{ json: 'size', tag: 2, type: 'int64' },",
    "{ json: 'blobs', tag: 3, type: 'bytes', map: true },",
    "{ json: 'verbs', tag: 4, type: 'string', repeated: true, listWrapper: 'verbs' },",
    "{ json: 'extra', tag: 5, type: 'string', map: true, mapValue: 'extra-value' },",
    "{ json: 'ratio', tag: 6, type: 'double' },",
    "{ json: 'inner', tag: 1, type: 'string', embeddedIn: [7, 2] },",
    "{ json: 'when', tag: 8, type: 'time' },",
    "{ json: 'next', tag: 9, type: 'message', message: () => io_k8s_api_core_v1_WidgetSpec },",
    "{ json: 'on', tag: 10, type: 'bool' },",
    "{ json: 'spec', tag: 2, type: 'message', message: () => io_k8s_api_core_v1_WidgetSpec },",
    "{ json: 'items', tag: 2, type: 'message', message: () => io_k8s_api_core_v1_Widget, repeated: true },",
    "[{ group: '', version: 'v1', kind: 'Widget' }, io_k8s_api_core_v1_Widget],",
    "[{ group: '', version: 'v1', kind: 'WidgetList' }, io_k8s_api_core_v1_WidgetList],",
    "import './protobuf-codecs.js';",
  ]) {
    assert.ok(text.includes(line), `missing: ${line}`);
  }
  // apiVersion/kind are untagged (they travel in the envelope); encoded schemas get no descriptor.
  assert.ok(!text.includes("json: 'apiVersion'"));
  const all = [...files.entries()].filter(([f]) => !f.endsWith('-codecs.ts')).map(([, t]) => t).join('\n');
  assert.ok(!all.includes('meta_v1_Time:'));
  assert.ok(!all.includes('meta_v1_Table'));
  // Every registration names one kind once, DeleteOptions in each of its groups.
  assert.equal(all.match(/kind: 'DeleteOptions' }/g)?.length, 2);
  assert.ok(all.includes("{ json: 'gracePeriodSeconds', tag: 1, type: 'int64', explicitPresence: true }"));
});

test('codecs: one decode and one encode function per message, calling each other; kinds registered with them', () => {
  const files = emitProtobuf(modelOf(specs()), RUNTIME);
  const codecs = [...files.entries()].filter(([f]) => f.endsWith('/protobuf-codecs.ts'));
  assert.equal(codecs.length, 2);
  const core = codecs.find(([, t]) => t.includes('function decode_WidgetSpec('))![1];
  const meta = codecs.find(([, t]) => t.includes('function decode_ObjectMeta('))![1];
  // No descriptors on this path: the registration takes the generated functions.
  assert.ok(!core.includes('MessageDescriptor') && !core.includes('registerProtobufMessage'));
  for (const line of [
    "registerProtobufCodec({ group: '', version: 'v1', kind: 'Widget' }, pb.codec(encode_Widget, decode_Widget));",
    "registerProtobufCodec({ group: '', version: 'v1', kind: 'WidgetList' }, pb.codec(encode_WidgetList, decode_WidgetList));",
    // cross-folder calls are imports of the other folder's functions
    "import { decode_ObjectMeta, encode_ObjectMeta } from '",
    "t['metadata'] = decode_ObjectMeta(r.readSubReader(), depth + 1, pb.obj(t['metadata']));",
    // pointer scalars keep a zero; others follow kube's zero rule
    "t['count'] = r.readInt32();",
    "pb.put(t, 'size', r.readInt64());",
    "if (v != null) pb.eInt(w, 1, v, true, M_WidgetSpec, 'count');",
    "if (v != null) pb.eInt(w, 2, v, false, M_WidgetSpec, 'size');",
    "const m_WidgetSpec_3 = pb.scalarMap(M_WidgetSpec, 'blobs', 3, 'bytes');",
    "const m_WidgetSpec_5 = pb.extraValueMap(M_WidgetSpec, 'extra', 5);",
    "pb.verbs(r.readSubReader(), t, M_WidgetSpec, 'verbs', 4);",
    "const s_WidgetSpec_8 = pb.special('time', 'when', 8);",
    // embedded structs nest functions and are written only when one of their properties is set
    "if (o['inner'] != null) {",
    "decode_WidgetSpec_e7(r.readSubReader(), depth + 1, t);",
    "decode_WidgetSpec_e7_e2(r.readSubReader(), depth + 1, t);",
    "const M_WidgetSpec_e7 = 'io.k8s.api.core.v1.WidgetSpec(embedded 7)';",
    "t['next'] = decode_WidgetSpec(r.readSubReader(), depth + 1, pb.obj(t['next']));",
  ]) {
    assert.ok(core.includes(line), `missing: ${line}`);
  }
  assert.equal(meta.match(/kind: 'DeleteOptions' }, pb\.codec/g)?.length, 2);
});

test('fields are emitted in tag order whatever the spec order, and output is deterministic', () => {
  const a = emitProtobuf(modelOf(specs()), RUNTIME);
  const b = emitProtobuf(modelOf(specs()), RUNTIME);
  assert.deepEqual([...a.entries()], [...b.entries()]);
  const text = [...a.values()].find((t) => t.includes('io_k8s_api_core_v1_WidgetSpec: MessageDescriptor'))!;
  const spec = text.slice(text.indexOf('io_k8s_api_core_v1_WidgetSpec: MessageDescriptor'));
  const tags = [...spec.slice(0, spec.indexOf('};')).matchAll(/tag: (\d+)/g)].map((m) => Number(m[1]));
  assert.deepEqual(tags, [...tags].sort((x, y) => x - y));
});

test('a reference to a schema without protobuf form, or an untyped inline schema, is a generator error', () => {
  assert.throws(() => emitProtobuf(modelOf(specs({ table: tag(11, metaRef('Table')) })), RUNTIME), /WidgetSpec\.table: refers to .*Table, which has no protobuf form/);
  assert.throws(() => emitProtobuf(modelOf(specs({ blob: tag(11, { type: 'object', properties: { a: { type: 'string' } } }) })), RUNTIME), /WidgetSpec\.blob: no protobuf type for an inline object schema/);
});

test('the root index imports the protobuf module only when there is one', () => {
  const index = "// header\n\nimport type { X } from './x.js';\nexport const a = 1;\n";
  const files = emitProtobuf(modelOf(specs()), RUNTIME);
  assert.equal(withProtobufImport(index, files), "// header\n\nimport './protobuf.js';\nimport type { X } from './x.js';\nexport const a = 1;\n");
  const jsonOnly = emitProtobuf(modelOf({ 'json-only.yaml': specs()['json-only.yaml']! }), RUNTIME);
  assert.equal(jsonOnly.size, 0);
  assert.equal(withProtobufImport(index, jsonOnly), index);
});
