// The served OpenAPI documents emitted from specs/: one self-contained v3 document per
// group/version, the merged v2 document, and the index module the server reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitOpenApi } from '../../codegen/src/emit/openapi/index.js';
import { loadSpecs } from '../../codegen/src/load/index.js';
import { buildModel } from '../../codegen/src/model/index.js';
import { VIRTUAL_CWD, gvk, kindSchema, v3 } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const specs = loadSpecs({ cwd: ROOT, inputs: ['specs'] });
const model = buildModel(specs);
const files = emitOpenApi(specs);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const docKey = (group: string, version: string) => (group === '' ? `api/${version}` : `apis/${group}/${version}`);
const fileOf = (key: string) => `openapi/v3/${key.replace(/\//g, '__')}.json`;
const docOf = (key: string): Obj => JSON.parse(files.get(fileOf(key)) ?? 'null') as Obj;
const schemasOf = (doc: Obj) => (doc['components'] as { schemas: Record<string, Obj> }).schemas;
const operations = (doc: Obj): [string, string, Obj][] =>
  Object.entries(doc['paths'] as Record<string, Obj>).flatMap(([path, item]) =>
    Object.entries(item).filter(([m, op]) => ['get', 'put', 'post', 'patch', 'delete'].includes(m) && isObj(op)).map(([m, op]) => [path, m, op as Obj] as [string, string, Obj]),
  );

function walk(node: unknown, fn: (obj: Obj, key: string) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, fn));
  else if (isObj(node)) {
    for (const [k, v] of Object.entries(node)) {
      fn(node, k);
      walk(v, fn);
    }
  }
}

const servedGvs = [...new Set(model.resources.map((r) => docKey(r.group, r.version)))].sort();

test('every group/version with resources has a document, listed in the index module', () => {
  assert.ok(servedGvs.includes('api/v1') && servedGvs.includes('apis/wardle.example.com/v1alpha1'));
  const index = files.get('openapi/index.ts') ?? '';
  for (const key of servedGvs) {
    const doc = docOf(key);
    assert.equal(doc['openapi'], '3.0.0', key);
    assert.ok(Object.keys(doc['paths'] as Obj).every((p) => p.startsWith(`/${key}/`)), `${key} holds only its own paths`);
    assert.ok(index.includes(`{ path: ${JSON.stringify(key)}, file: ${JSON.stringify(fileOf(key).slice('openapi/'.length))}`), `${key} in the index`);
  }
});

test('no $ref dangles and every one is local; no x-capstan extension is served', () => {
  for (const key of servedGvs) {
    const doc = docOf(key);
    const names = new Set(Object.keys(schemasOf(doc)));
    walk(doc, (obj, k) => {
      // JSONSchemaProps has a property called `$ref`; only a string is a reference.
      if (k === '$ref' && typeof obj[k] === 'string') {
        const ref = String(obj[k]);
        assert.match(ref, /^#\/components\/schemas\//, `${key}: ${ref}`);
        assert.ok(names.has(ref.slice('#/components/schemas/'.length)), `${key}: dangling ${ref}`);
      }
      assert.ok(!k.startsWith('x-capstan-'), `${key}: ${k} served`);
    });
    // Meta types come along: every kind document needs ObjectMeta.
    assert.ok(names.has('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), key);
  }
  const v2 = JSON.parse(files.get('openapi/v2.json')!) as Obj;
  assert.equal(v2['swagger'], '2.0');
  const definitions = new Set(Object.keys(v2['definitions'] as Obj));
  walk(v2, (obj, k) => {
    if (k === '$ref' && typeof obj[k] === 'string') assert.ok(String(obj[k]).startsWith('#/definitions/') && definitions.has(String(obj[k]).slice(14)), `v2: ${String(obj[k])}`);
  });
});

test("every kind's GVK is on its schema (an array) and on its operations (an object)", () => {
  for (const r of model.resources) {
    const doc = docOf(docKey(r.group, r.version));
    const want = gvk(r.group, r.version, r.kind);
    assert.ok(r.schema, `${r.kind} has a schema`);
    const schemaGvks = schemasOf(doc)[r.schema]!['x-kubernetes-group-version-kind'];
    assert.ok(Array.isArray(schemaGvks) && schemaGvks.some((g) => isDeepStrictEqualGvk(g, want)), `${r.kind}: schema GVK`);
    const ops = operations(doc).filter(([path]) => path.split('/').includes(r.plural));
    assert.ok(ops.length > 0, `${r.plural}: paths`);
    for (const [path, method, op] of ops) assert.ok(isObj(op['x-kubernetes-group-version-kind']), `${method} ${path}: GVK is an object`);
    assert.ok(ops.some(([, , op]) => isDeepStrictEqualGvk(op['x-kubernetes-group-version-kind'], want)), `${r.kind}: operation GVK`);
  }
});

function isDeepStrictEqualGvk(a: unknown, b: { group: string; version: string; kind: string }): boolean {
  return isObj(a) && a['group'] === b.group && a['version'] === b.version && a['kind'] === b.kind;
}

// Subresources' PUT/POST (serviceaccounts/token, namespaces/finalize) follow their specs, which
// do not declare fieldValidation yet; every PATCH must, for kubectl's detection (§7.2).
test('PATCH operations, and PUT/POST of whole objects, list fieldValidation inline; patch bodies offer kube\'s media types', () => {
  let patches = 0;
  for (const key of servedGvs) {
    const group = key.startsWith('apis/') ? key.split('/')[1]! : '';
    for (const [path, method, op] of operations(docOf(key))) {
      const subresource = /\{name\}\/[^/]+$/.test(path);
      if (method !== 'patch' && (subresource || !['put', 'post'].includes(method))) continue;
      const params = (op['parameters'] ?? []) as Obj[];
      assert.ok(params.some((p) => p['name'] === 'fieldValidation' && p['in'] === 'query'), `${method} ${path}`);
      if (method !== 'patch') continue;
      patches++;
      const content = Object.keys(((op['requestBody'] as Obj)['content'] as Obj) ?? {});
      const expected = group === 'wardle.example.com'
        ? ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']
        : ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
      assert.deepEqual(content, expected, `${method} ${path}`);
    }
  }
  assert.ok(patches >= model.resources.filter((r) => r.verbs.includes('patch')).length);
});

test('schemas keep list types, merge keys, enums and defaults, in both versions', () => {
  const core = schemasOf(docOf('api/v1'));
  const ports = (core['io.k8s.api.core.v1.ServiceSpec']!['properties'] as Record<string, Obj>)['ports']!;
  assert.equal(ports['x-kubernetes-list-type'], 'map');
  assert.equal(ports['x-kubernetes-patch-merge-key'], 'port');
  const protocol = (core['io.k8s.api.core.v1.ServicePort']!['properties'] as Record<string, Obj>)['protocol']!;
  assert.deepEqual(protocol, { type: 'string', enum: ['SCTP', 'TCP', 'UDP'], default: 'TCP' });
  const v2 = JSON.parse(files.get('openapi/v2.json')!) as { definitions: Record<string, Obj> };
  const v2Ports = (v2.definitions['io.k8s.api.core.v1.ServiceSpec']!['properties'] as Record<string, Obj>)['ports']!;
  assert.deepEqual(v2Ports['items'], { $ref: '#/definitions/io.k8s.api.core.v1.ServicePort' });
  assert.deepEqual(v2.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], { 'x-kubernetes-int-or-string': true, type: 'string', format: 'int-or-string' });
  const v2Patch = ((v2 as unknown as { paths: Record<string, Obj> }).paths['/api/v1/namespaces/{namespace}/configmaps/{name}']!['patch']) as Obj;
  assert.deepEqual((v2Patch['parameters'] as Obj[])[0], { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } });
  assert.ok((v2Patch['parameters'] as Obj[]).some((p) => p['name'] === 'fieldValidation' && p['in'] === 'query' && p['type'] === 'string'));
  assert.equal((v2Patch['consumes'] as string[]).length, 4);
});

test('a reference with a description beside it becomes a one-element allOf, as kube writes it', () => {
  const text = v3(
    {
      'io.example.v1.Thing': { ...kindSchema('example.io', 'v1', 'Thing'), properties: { spec: { $ref: '#/components/schemas/io.example.v1.Spec', description: 'The spec.' } } },
      'io.example.v1.Spec': { type: 'object', 'x-capstan-protobuf-tag': 1, properties: { size: { type: 'integer', default: 1 } } },
    },
    { '/apis/example.io/v1/things': { get: { 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': gvk('example.io', 'v1', 'Thing'), responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/io.example.v1.Thing' } } } } } } } },
  );
  const emitted = emitOpenApi(loadSpecs({ cwd: VIRTUAL_CWD, inputs: [], overrides: new Map([[`${VIRTUAL_CWD}/t.json`, text]]) }));
  const doc = JSON.parse(emitted.get('openapi/v3/apis__example.io__v1.json')!) as Obj;
  const schemas = schemasOf(doc);
  assert.deepEqual((schemas['io.example.v1.Thing']!['properties'] as Obj)['spec'], { allOf: [{ $ref: '#/components/schemas/io.example.v1.Spec' }], description: 'The spec.' });
  assert.deepEqual(schemas['io.example.v1.Spec'], { type: 'object', properties: { size: { type: 'integer', default: 1 } } });
});

test('output is deterministic and generated/ is current', () => {
  const again = emitOpenApi(loadSpecs({ cwd: ROOT, inputs: ['specs/wardle.example.com', 'specs/core', 'specs'] }));
  assert.deepEqual([...again.keys()], [...files.keys()]);
  for (const [path, text] of files) {
    assert.equal(again.get(path), text, path);
    assert.equal(readFileSync(join(ROOT, 'generated', path), 'utf8'), text, `generated/${path} is stale; run npm run codegen`);
  }
});
