// customResourceOpenApi: the v3 and v2 fragments one CRD adds, checked field by field against
// what kube-apiserver publishes for custom resources. Pure and in-memory: about 0.3 s.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customResourceOpenApi, CUSTOM_RESOURCE_PATCH_TYPES, type JsonObject } from '../../../runtime/apiextensions/openapi/index.js';
import { widgetCrd } from './fixtures.js';

const obj = (v: unknown): JsonObject => {
  assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `not an object: ${JSON.stringify(v)}`);
  return v as JsonObject;
};
const at = (v: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((o, k) => obj(o)[k], v);

describe('customResourceOpenApi', () => {
  const built = customResourceOpenApi(widgetCrd());
  const [v1, v2] = built.versions;
  assert.ok(v1 && v2);

  it('publishes served versions only, under apis/<group>/<version>', () => {
    assert.equal(built.name, 'widgets.example.com');
    assert.deepEqual(built.versions.map((v) => v.documentPath), ['apis/example.com/v1', 'apis/example.com/v2']);
  });

  it('publishes nothing until the CRD is Established', () => {
    assert.deepEqual(customResourceOpenApi(widgetCrd({ status: { conditions: [{ type: 'Established', status: 'False' }] } })).versions, []);
    assert.deepEqual(customResourceOpenApi(widgetCrd({ status: {} })).versions, []);
  });

  it('names schemas by reversed group, version and kind, and publishes the list kind', () => {
    assert.deepEqual(Object.keys(v1.v3.schemas), ['com.example.v1.Widget', 'com.example.v1.WidgetList']);
    assert.deepEqual(Object.keys(v2.v2.definitions), ['com.example.v2.Widget', 'com.example.v2.WidgetList']);
    const list = obj(v1.v3.schemas['com.example.v1.WidgetList']);
    assert.deepEqual(list['required'], ['items']);
    assert.deepEqual(at(list, 'properties', 'items', 'items'), { $ref: '#/components/schemas/com.example.v1.Widget' });
    assert.deepEqual(at(list, 'properties', 'metadata', 'allOf'), [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta' }]);
    assert.deepEqual(list['x-kubernetes-group-version-kind'], [{ group: 'example.com', kind: 'WidgetList', version: 'v1' }]);
    assert.deepEqual(at(v2.v2.definitions, 'com.example.v2.WidgetList', 'properties', 'items', 'items'), { $ref: '#/definitions/com.example.v2.Widget' });
  });

  it('paths: list (also across namespaces), create, deletecollection, get, replace, delete, patch and the enabled subresources', () => {
    const base = '/apis/example.com/v1';
    assert.deepEqual(Object.keys(v1.v3.paths).sort(), [
      `${base}/namespaces/{namespace}/widgets`,
      `${base}/namespaces/{namespace}/widgets/{name}`,
      `${base}/namespaces/{namespace}/widgets/{name}/status`,
      `${base}/widgets`,
    ]);
    const ns = obj(v1.v3.paths[`${base}/namespaces/{namespace}/widgets`]);
    assert.deepEqual(Object.keys(ns).sort(), ['delete', 'get', 'parameters', 'post']);
    assert.deepEqual(Object.keys(obj(v1.v3.paths[`${base}/namespaces/{namespace}/widgets/{name}`])).sort(), ['delete', 'get', 'parameters', 'patch', 'put']);
    assert.deepEqual(Object.keys(obj(v1.v3.paths[`${base}/widgets`])).sort(), ['get', 'parameters']);
    assert.deepEqual(Object.keys(v2.v3.paths).filter((p) => p.endsWith('/scale')), ['/apis/example.com/v2/namespaces/{namespace}/widgets/{name}/scale']);
    assert.equal(at(ns, 'get', 'operationId'), 'listExampleComV1NamespacedWidget');
    assert.equal(at(v1.v3.paths[`${base}/widgets`], 'get', 'operationId'), 'listExampleComV1WidgetForAllNamespaces');
    assert.equal(at(ns, 'get', 'x-kubernetes-action'), 'list');
    assert.equal(at(ns, 'delete', 'x-kubernetes-action'), 'deletecollection');
    assert.deepEqual(at(ns, 'post', 'x-kubernetes-group-version-kind'), { group: 'example.com', kind: 'Widget', version: 'v1' });
    assert.deepEqual(
      (at(ns, 'get', 'parameters') as JsonObject[]).map((p) => p['name']),
      ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'],
    );
    assert.deepEqual((ns['parameters'] as JsonObject[]).map((p) => [p['name'], p['in']]), [['namespace', 'path'], ['pretty', 'query']]);
    const status = obj(v1.v3.paths[`${base}/namespaces/{namespace}/widgets/{name}/status`]);
    assert.equal(at(status, 'patch', 'operationId'), 'patchExampleComV1NamespacedWidgetStatus');
    const scale = obj(v2.v3.paths['/apis/example.com/v2/namespaces/{namespace}/widgets/{name}/scale']);
    assert.deepEqual(at(scale, 'get', 'responses', '200', 'content', 'application/json', 'schema'), { $ref: '#/components/schemas/io.k8s.api.autoscaling.v1.Scale' });
  });

  it('cluster-scoped resources have no namespace paths', () => {
    const cluster = customResourceOpenApi(widgetCrd({ spec: { scope: 'Cluster' } }));
    assert.deepEqual(Object.keys(cluster.versions[0]?.v3.paths ?? {}).sort(), ['/apis/example.com/v1/widgets', '/apis/example.com/v1/widgets/{name}', '/apis/example.com/v1/widgets/{name}/status']);
    assert.equal(at(cluster.versions[0]?.v3.paths['/apis/example.com/v1/widgets'], 'get', 'operationId'), 'listExampleComV1Widget');
  });

  it('patch accepts JSON patch, merge patch and apply, never strategic merge; fieldValidation is offered', () => {
    const item = obj(v1.v3.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']);
    assert.deepEqual(Object.keys(obj(at(item, 'patch', 'requestBody', 'content'))), [...CUSTOM_RESOURCE_PATCH_TYPES]);
    assert.ok(!JSON.stringify(v1).includes('strategic-merge-patch'));
    assert.ok((at(item, 'patch', 'parameters') as JsonObject[]).some((p) => p['name'] === 'fieldValidation'));
    const v2item = obj(v1.v2.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']);
    assert.deepEqual(at(v2item, 'patch', 'consumes'), [...CUSTOM_RESOURCE_PATCH_TYPES]);
    assert.deepEqual((at(v2item, 'put', 'parameters') as JsonObject[])[0], { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/com.example.v1.Widget' } });
  });

  describe('the kind schema (v3)', () => {
    const widget = obj(v1.v3.schemas['com.example.v1.Widget']);
    const spec = obj(at(widget, 'properties', 'spec'));

    it('adds apiVersion, kind and an ObjectMeta reference in place of the CRD metadata schema', () => {
      assert.equal(at(widget, 'properties', 'apiVersion', 'type'), 'string');
      assert.equal(at(widget, 'properties', 'kind', 'type'), 'string');
      assert.deepEqual(at(widget, 'properties', 'metadata', 'allOf'), [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
      assert.deepEqual(widget['x-kubernetes-group-version-kind'], [{ group: 'example.com', kind: 'Widget', version: 'v1' }]);
      assert.deepEqual(widget['x-kubernetes-selectable-fields'], [{ fieldPath: 'spec.color' }]);
    });

    it('keeps the structural schema: descriptions, defaults, enums, nullable, extensions; drops example', () => {
      assert.equal(spec['description'], 'What the widget should be.');
      assert.deepEqual(at(spec, 'properties', 'color'), { type: 'string', enum: ['red', 'blue'], default: 'red', description: 'Paint colour.' });
      assert.deepEqual(at(spec, 'properties', 'note'), { type: 'string', nullable: true });
      assert.equal(at(spec, 'properties', 'tags', 'x-kubernetes-list-type'), 'set');
      assert.equal(spec['example'], undefined);
      assert.deepEqual(spec['required'], ['color', 'note']);
    });

    it('unfolds int-or-string into anyOf and gives embedded resources their envelope', () => {
      assert.deepEqual(at(spec, 'properties', 'size', 'anyOf'), [{ type: 'integer' }, { type: 'string' }]);
      const template = obj(at(spec, 'properties', 'template'));
      assert.deepEqual(Object.keys(obj(template['properties'])).sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
      assert.deepEqual(template['required'], ['kind', 'apiVersion']);
    });

    it('does not touch the CRD it was built from', () => {
      const crd = widgetCrd();
      const before = JSON.stringify(crd);
      customResourceOpenApi(crd);
      assert.equal(JSON.stringify(crd), before);
    });
  });

  describe('the kind schema (v2)', () => {
    const widget = obj(v1.v2.definitions['com.example.v1.Widget']);
    const spec = obj(at(widget, 'properties', 'spec'));

    it('refers to #/definitions and keeps the envelope', () => {
      assert.deepEqual(at(widget, 'properties', 'metadata', '$ref'), '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
      assert.deepEqual(widget['x-kubernetes-group-version-kind'], [{ group: 'example.com', kind: 'Widget', version: 'v1' }]);
    });

    it('drops nullable with the type it qualified, and stops requiring nullable fields', () => {
      assert.deepEqual(at(spec, 'properties', 'note'), {});
      assert.deepEqual(spec['required'], ['color']);
    });

    it('drops junctors, defaults, and children of nodes that keep unknown fields', () => {
      assert.deepEqual(at(spec, 'properties', 'size'), { 'x-kubernetes-int-or-string': true });
      assert.deepEqual(at(spec, 'properties', 'choice'), { type: 'string' });
      assert.deepEqual(at(spec, 'properties', 'color'), { type: 'string', enum: ['red', 'blue'], description: 'Paint colour.' });
      assert.deepEqual(at(spec, 'properties', 'extra'), { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
      const template = obj(at(spec, 'properties', 'template'));
      assert.deepEqual(at(template, 'properties', 'spec'), { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
      assert.deepEqual(template['required'], ['kind', 'apiVersion']);
    });

    it('publishes a schema that keeps unknown fields at its root as a bare object', () => {
      const open = customResourceOpenApi(widgetCrd({ spec: { versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { spec: { type: 'object' } } } } }] } }));
      assert.deepEqual(open.versions[0]?.v2.definitions['com.example.v1.Widget'], { type: 'object', 'x-kubernetes-group-version-kind': [{ group: 'example.com', kind: 'Widget', version: 'v1' }] });
      assert.ok(obj(at(open.versions[0]?.v3.schemas, 'com.example.v1.Widget', 'properties'))['spec']);
    });
  });

  it('the revision follows the content', () => {
    assert.equal(customResourceOpenApi(widgetCrd()).revision, built.revision);
    const changed = widgetCrd();
    const schema = changed.spec.versions[1]?.schema?.openAPIV3Schema;
    assert.ok(schema);
    schema.description = 'changed';
    assert.notEqual(customResourceOpenApi(changed).revision, built.revision);
  });
});
