// model: resources from paths, schema folders, field metadata, and spec errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadSpecs } from '../../codegen/src/load/index.js';
import { buildModel, parsePath } from '../../codegen/src/model/index.js';
import { gvk, kindSchema, modelOf, problemsOf, resourcePaths, v3 } from './helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

test('parsePath reads kube-apiserver URL shapes', () => {
  assert.deepEqual(parsePath('/api/v1/namespaces/{namespace}/pods/{name}/proxy/{path}'), {
    group: '',
    version: 'v1',
    namespaced: true,
    plural: 'pods',
    named: true,
    subresource: 'proxy',
  });
  assert.deepEqual(parsePath('/api/v1/namespaces/{name}/finalize'), { group: '', version: 'v1', namespaced: false, plural: 'namespaces', named: true, subresource: 'finalize' });
  assert.deepEqual(parsePath('/apis/apps/v1/watch/namespaces/{namespace}/deployments'), { group: 'apps', version: 'v1', namespaced: true, plural: 'deployments', named: false, subresource: '' });
  assert.equal(parsePath('/version/'), undefined);
});

test('the fixture model: resource facts from paths and extensions (v3 + v2 merged)', () => {
  const model = buildModel(loadSpecs({ cwd: process.cwd(), inputs: [join(FIXTURES, 'basic'), join(FIXTURES, 'legacy')] }));
  const widget = model.resources.find((r) => r.kind === 'Widget')!;
  assert.equal(widget.plural, 'widgets');
  assert.equal(widget.singular, 'widget');
  assert.deepEqual(widget.shortNames, ['wg']);
  assert.deepEqual(widget.categories, ['all']);
  assert.equal(widget.scope, 'Namespaced');
  assert.equal(widget.listKind, 'WidgetList');
  assert.deepEqual(widget.verbs, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
  assert.deepEqual(widget.subresources, [
    { name: 'scale', verbs: ['get', 'update'], kind: gvk('autoscaling', 'v1', 'Scale'), requestKind: gvk('autoscaling', 'v1', 'Scale'), responseKind: gvk('autoscaling', 'v1', 'Scale') },
    { name: 'status', verbs: ['get', 'update'], kind: gvk('example.com', 'v1', 'Widget'), responseKind: gvk('example.com', 'v1', 'Widget') },
  ]);
  assert.deepEqual(widget.fields['spec.ports'], { listType: 'map', listMapKeys: ['port', 'protocol'], patchStrategy: 'merge', patchMergeKey: 'port' });
  assert.deepEqual(widget.fields['spec.ports[].protocol'], { default: 'TCP' });
  assert.deepEqual(widget.fields['spec.replicas'], { default: 1 });
  assert.deepEqual(widget.fields['spec.target'], { intOrString: true });
  assert.deepEqual(widget.fields['spec.payload'], { preserveUnknownFields: true });
  assert.deepEqual(widget.fields['spec.selector'], { mapType: 'atomic' });
  assert.deepEqual(widget.selectableFields, ['.spec.size']);
  assert.equal(widget.printerColumns[1]!.aggregate, 'count');

  const review = model.resources.find((r) => r.kind === 'GadgetReview')!;
  assert.deepEqual([review.scope, review.verbs, review.singular, review.shortNames], ['Cluster', ['create'], 'gadgetreview', []]);
  const gizmo = model.resources.find((r) => r.kind === 'Gizmo')!;
  assert.deepEqual([gizmo.folder, gizmo.scope, gizmo.verbs, gizmo.listKind], ['core/v1', 'Cluster', ['get', 'list'], 'GizmoList']);
  assert.deepEqual(gizmo.fields['mode'], { intOrString: true });
});

test('a self-referencing schema ends its field walk', () => {
  const model = modelOf({
    'a.yaml': v3(
      {
        'x.v1.Tree': kindSchema('x', 'v1', 'Tree', { children: { type: 'array', 'x-kubernetes-list-type': 'atomic', items: { $ref: '#/components/schemas/x.v1.Tree' } } }),
      },
      resourcePaths('/apis/x/v1', 'trees', gvk('x', 'v1', 'Tree')),
    ),
  });
  assert.deepEqual(Object.keys(model.resources[0]!.fields), ['children']);
});

const resourceOp = { 'x-kubernetes-action': 'list', responses: { '200': { description: 'OK' } } };

test('an operation without a kind is reported with its pointer', () => {
  const problems = problemsOf({ 'a.yaml': v3({}, { '/apis/x/v1/things': { get: resourceOp } }) });
  assert.deepEqual(problems, [
    { file: 'a.yaml', pointer: '/paths/~1apis~1x~1v1~1things/get', message: 'operation has x-kubernetes-action "list" but no x-kubernetes-group-version-kind: a resource without a kind' },
  ]);
});

test('duplicate kinds in one group/version are reported', () => {
  const g = gvk('x', 'v1', 'Thing');
  const problems = problemsOf({ 'a.yaml': v3({ 'x.v1.Thing': kindSchema('x', 'v1', 'Thing') }, { ...resourcePaths('/apis/x/v1', 'things', g), ...resourcePaths('/apis/x/v1', 'others', g) }) });
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.file, 'a.yaml');
  assert.match(problems[0]!.message, /^duplicate kind Thing: both others .* and things declare it$/);
});

test('a kind no schema declares is reported', () => {
  const problems = problemsOf({ 'a.yaml': v3({}, resourcePaths('/apis/x/v1', 'things', gvk('x', 'v1', 'Thing'))) });
  assert.match(problems[0]!.message, /^no schema declares x-kubernetes-group-version-kind x\/v1 Thing$/);
});

test('unsupported constructs are reported at their pointer', () => {
  const problems = problemsOf({
    'a.yaml': v3({
      'x.v1.A': { type: 'object', properties: { b: { allOf: [{ type: 'string' }, { type: 'integer' }] }, c: { not: { type: 'string' } }, d: { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object' } } } },
    }),
  });
  assert.deepEqual(
    problems.map((p) => `${p.file}#${p.pointer}: ${p.message}`),
    [
      'a.yaml#/components/schemas/x.v1.A/properties/b/allOf: unsupported construct: allOf is only supported with a single $ref',
      'a.yaml#/components/schemas/x.v1.A/properties/c/not: unsupported construct: `not` schemas',
      'a.yaml#/components/schemas/x.v1.A/properties/d: x-kubernetes-list-type: map needs x-kubernetes-list-map-keys',
    ],
  );
});

test('schema names that cannot be TypeScript names, and duplicates across files, are refused', () => {
  const problems = problemsOf({ 'a.yaml': v3({ 'x.v1.class': { type: 'string' }, 'x.v1.B': { type: 'string' } }), 'b.yaml': v3({ 'x.v1.B': { type: 'string' } }) });
  assert.deepEqual(
    problems.map((p) => `${p.file}#${p.pointer}: ${p.message}`),
    [
      'b.yaml#/components/schemas/x.v1.B: schema x.v1.B is also defined in a.yaml#/components/schemas/x.v1.B',
      'a.yaml#/components/schemas/x.v1.class: schema name x.v1.class ends in "class", which cannot be an exported TypeScript name',
    ],
  );
});

test('protobuf field numbers: present on every property of a tagged schema, unique, positive', () => {
  const tag = (n: unknown, extra: Record<string, unknown> = {}) => ({ type: 'string', 'x-capstan-protobuf-tag': n, ...extra });
  const problems = problemsOf({
    'p.yaml': v3({
      'x.v1.Missing': { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, a: tag(1), b: { type: 'string' } } },
      'x.v1.Twice': { type: 'object', properties: { a: tag(1), b: tag(1), c: tag(1, { 'x-capstan-protobuf-embedded-in': [2] }) } },
      'x.v1.Bad': { type: 'object', properties: { a: tag(0), b: tag(2) } },
    }),
  });
  assert.deepEqual(
    problems.map((p) => `${p.pointer}: ${p.message}`).sort(),
    [
      '/components/schemas/x.v1.Bad/properties/a/x-capstan-protobuf-tag: protobuf field number must be a positive integer, got 0',
      '/components/schemas/x.v1.Bad/properties/a: property "a" has no x-capstan-protobuf-tag, but other properties of this schema have one',
      '/components/schemas/x.v1.Missing/properties/b: property "b" has no x-capstan-protobuf-tag, but other properties of this schema have one',
      '/components/schemas/x.v1.Twice/properties/b/x-capstan-protobuf-tag: protobuf field number 1 is used by both "a" and "b"',
    ],
  );
  assert.ok(problems.every((p) => p.file.endsWith('p.yaml')));
});
