// /openapi/v3 and /openapi/v2 over a ServedResources plus a provider of CRDs: custom resource
// documents appear, change (new hash, ETag, 304s for the current one) and disappear with their
// CRDs, while built-in documents stay as they were. In-memory; about 1 s (it parses the
// generated documents once).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resources } from '../../../generated/index.js';
import type { CustomResourceDefinition } from '../../../generated/apiextensions.k8s.io/v1/index.js';
import { customResourceOpenApiProvider, referencedSchemas, type JsonObject } from '../../../runtime/apiextensions/openapi/index.js';
import { ServedResources, type ServedResource } from '../../../runtime/endpoints/served-resources.js';
import { openApiDocuments } from '../../../runtime/server/core/openapi.js';
import { openApiSource } from '../../../runtime/server/core/openapi-source.js';
import type { ChainRequest, RawReply } from '../../../runtime/server/link.js';
import { widgetCrd } from './fixtures.js';

function request(url: string, headers: Record<string, string> = {}): ChainRequest {
  const u = new URL(url, 'https://127.0.0.1');
  // Only what the OpenAPI handler reads; the rest of a chain request plays no part here.
  return { method: 'GET', url, query: u.searchParams, header: (name: string) => headers[name.toLowerCase()] } as unknown as ChainRequest;
}

function setup() {
  const served = new ServedResources();
  // Documents depend on descriptors only; handlers are never called here.
  for (const r of resources) served.add({ descriptor: r.descriptor, handlers: {} } as unknown as ServedResource);
  let crds: CustomResourceDefinition[] = [];
  const docs = openApiDocuments(openApiSource(served, undefined, customResourceOpenApiProvider(() => crds)));
  const get = async (url: string, headers?: Record<string, string>): Promise<RawReply> => {
    const path = new URL(url, 'https://127.0.0.1').pathname;
    const reply = await docs.serve(path, request(url, headers));
    assert.ok(reply, `no reply for ${url}`);
    return reply;
  };
  const json = async (url: string): Promise<JsonObject> => {
    const r = await get(url);
    assert.equal(r.code, 200, `${url}: ${r.code}`);
    return JSON.parse(String(r.body)) as JsonObject;
  };
  const index = async () => (await json('/openapi/v3'))['paths'] as Record<string, { serverRelativeURL: string }>;
  return { served, docs, get, json, index, set: (next: CustomResourceDefinition[]) => (crds = next) };
}

const schemasOf = (doc: JsonObject) => (doc['components'] as { schemas: Record<string, JsonObject> }).schemas;

describe('openApiSource with custom resources', () => {
  it('lists, serves and drops a CRD group version as the CRD comes and goes', async () => {
    const t = setup();
    assert.equal((await t.index())['apis/example.com/v1'], undefined);
    const coreBefore = (await t.index())['api/v1']?.serverRelativeURL;
    assert.ok(coreBefore);

    t.set([widgetCrd()]);
    const idx = await t.index();
    assert.match(idx['apis/example.com/v1']?.serverRelativeURL ?? '', /^\/openapi\/v3\/apis\/example\.com\/v1\?hash=[0-9A-F]{128}$/);
    assert.ok(idx['apis/example.com/v2']);
    assert.equal(idx['api/v1']?.serverRelativeURL, coreBefore, 'a CRD must not change built-in documents');

    const doc = await t.json(idx['apis/example.com/v1']?.serverRelativeURL ?? '');
    assert.equal(doc['openapi'], '3.0.0');
    assert.ok((doc['paths'] as JsonObject)['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']);
    const schemas = schemasOf(doc);
    assert.ok(schemas['com.example.v1.Widget'] && schemas['com.example.v1.WidgetList']);
    // Every reference resolves inside the document: the meta types come along.
    for (const name of referencedSchemas(doc)) assert.ok(schemas[name], `unresolved $ref ${name}`);
    assert.ok(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'] && schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry']);
    const v2doc = await t.json('/openapi/v3/apis/example.com/v2');
    assert.ok(schemasOf(v2doc)['io.k8s.api.autoscaling.v1.Scale'], 'the scale subresource brings the Scale schema');

    t.set([]);
    assert.equal((await t.index())['apis/example.com/v1'], undefined);
    assert.equal(await t.docs.serve('/openapi/v3/apis/example.com/v1', request('/openapi/v3/apis/example.com/v1')), null);
  });

  it('a changed CRD gets a new hash and ETag; the old hash redirects and If-None-Match answers 304 for the current one', async () => {
    const t = setup();
    t.set([widgetCrd()]);
    const first = await t.get('/openapi/v3/apis/example.com/v1');
    const etag = first.headers?.['etag'];
    assert.ok(etag);
    assert.equal((await t.get('/openapi/v3/apis/example.com/v1', { 'if-none-match': etag })).code, 304);
    const oldUrl = (await t.index())['apis/example.com/v1']?.serverRelativeURL ?? '';

    const changed = widgetCrd({ resourceVersion: '11' });
    const schema = changed.spec.versions[0]?.schema?.openAPIV3Schema;
    assert.ok(schema?.properties?.['spec']);
    schema.properties['spec'] = { ...schema.properties['spec'], description: 'Now described differently.' };
    t.set([changed]);

    const second = await t.get('/openapi/v3/apis/example.com/v1', { 'if-none-match': etag });
    assert.equal(second.code, 200, 'the old ETag no longer matches');
    assert.notEqual(second.headers?.['etag'], etag);
    assert.match(String(second.body), /Now described differently\./);
    assert.equal((await t.get('/openapi/v3/apis/example.com/v1', { 'if-none-match': second.headers?.['etag'] ?? '' })).code, 304);
    const moved = await t.get(oldUrl);
    assert.equal(moved.code, 301);
    assert.equal(moved.headers?.['location'], (await t.index())['apis/example.com/v1']?.serverRelativeURL);
    // A status-only change (same content) keeps the document as it was.
    t.set([{ ...changed, metadata: { ...changed.metadata, resourceVersion: '12' }, status: { conditions: [{ type: 'Established', status: 'True' }], storedVersions: ['v1'] } }]);
    assert.equal((await t.get('/openapi/v3/apis/example.com/v1')).headers?.['etag'], second.headers?.['etag']);
  });

  it('a version that stops being served, or a CRD no longer Established, is withdrawn', async () => {
    const t = setup();
    const crd = widgetCrd();
    t.set([crd]);
    assert.ok((await t.index())['apis/example.com/v2']);
    t.set([widgetCrd({ resourceVersion: '20', spec: { versions: crd.spec.versions.map((v) => (v.name === 'v2' ? { ...v, served: false } : v)) } })]);
    const idx = await t.index();
    assert.ok(idx['apis/example.com/v1']);
    assert.equal(idx['apis/example.com/v2'], undefined);
    t.set([widgetCrd({ resourceVersion: '21', status: { conditions: [{ type: 'Established', status: 'False' }] } })]);
    assert.equal((await t.index())['apis/example.com/v1'], undefined);
  });

  it('merges a CRD into a group version that built-in resources also serve', async () => {
    const t = setup();
    const gadgets = widgetCrd({ uid: 'u-2', spec: { group: 'wardle.example.com', names: { kind: 'Gadget', plural: 'gadgets' }, versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] } });
    t.set([gadgets]);
    const doc = await t.json('/openapi/v3/apis/wardle.example.com/v1alpha1');
    const paths = Object.keys(doc['paths'] as JsonObject);
    assert.ok(paths.includes('/apis/wardle.example.com/v1alpha1/namespaces/{namespace}/flunders'));
    assert.ok(paths.includes('/apis/wardle.example.com/v1alpha1/namespaces/{namespace}/gadgets'));
    assert.ok(schemasOf(doc)['com.example.wardle.v1alpha1.Flunder'] && schemasOf(doc)['com.example.wardle.v1alpha1.Gadget']);
    assert.deepEqual(doc['info'], { title: 'Kubernetes', version: 'unversioned' });
  });

  it('/openapi/v2 gains the CRD definitions and paths, and loses them with the CRD', async () => {
    const t = setup();
    const before = await t.json('/openapi/v2');
    assert.equal((before['definitions'] as JsonObject)['com.example.v1.Widget'], undefined);
    t.set([widgetCrd()]);
    const v2 = await t.json('/openapi/v2');
    const definitions = v2['definitions'] as JsonObject;
    assert.ok(definitions['com.example.v1.Widget'] && definitions['com.example.v2.WidgetList']);
    assert.ok(definitions['io.k8s.api.core.v1.ConfigMap'], 'built-in definitions stay');
    assert.ok((v2['paths'] as JsonObject)['/apis/example.com/v1/namespaces/{namespace}/widgets']);
    for (const name of referencedSchemas(definitions['com.example.v1.Widget'])) assert.ok(definitions[name], `unresolved $ref ${name}`);
    // kubectl asks for protobuf first; that answer stays an empty document (it then uses v3).
    const proto = await t.get('/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' });
    assert.equal(proto.body, '');
    t.set([]);
    assert.deepEqual(await t.json('/openapi/v2'), before);
  });

  it('without a provider the documents are the built-in ones, as before', async () => {
    const served = new ServedResources();
    for (const r of resources) served.add({ descriptor: r.descriptor, handlers: {} } as unknown as ServedResource);
    const docs = openApiDocuments(openApiSource(served));
    const reply = await docs.serve('/openapi/v3', request('/openapi/v3'));
    const paths = Object.keys((JSON.parse(String(reply?.body)) as { paths: JsonObject }).paths);
    assert.ok(paths.includes('api/v1') && paths.every((p) => !p.includes('example.com/v1/')));
  });
});
