import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRestClient, ResourceClient, type RestClient } from '../../runtime/client/index.js';
import { FakeApiServer, serveHttp, type RecordedRequest, type RunningServer } from './fake-apiserver.js';
import { configmaps, gadgets, namespaces, widgets, type ConfigMap, type ConfigMapList } from './fixtures.js';

describe('ResourceClient verbs over HTTP/1.1', () => {
  const fake = new FakeApiServer([configmaps, namespaces, widgets, gadgets]);
  let server: RunningServer;
  let rest: RestClient;
  let cms: ResourceClient<ConfigMap, ConfigMapList>;
  let ws: ResourceClient<ConfigMap>;
  let gs: ResourceClient<ConfigMap>;
  let nss: ResourceClient<ConfigMap>;

  before(async () => {
    server = await serveHttp(fake.handler);
    rest = createRestClient({ server: server.url });
    cms = new ResourceClient<ConfigMap, ConfigMapList>(rest, configmaps);
    ws = new ResourceClient<ConfigMap>(rest, widgets);
    gs = new ResourceClient<ConfigMap>(rest, gadgets);
    nss = new ResourceClient<ConfigMap>(rest, namespaces);
    fake.put(configmaps, { metadata: { name: 'seed', namespace: 'default', labels: { app: 'web' } }, data: { a: '1' } });
    fake.put(namespaces, { metadata: { name: 'default' } });
    fake.put(widgets, { metadata: { name: 'w1', namespace: 'team' } });
    fake.put(gadgets, { metadata: { name: 'g1' } });
  });
  after(async () => {
    rest.close();
    await server.close();
  });

  const last = (): RecordedRequest => fake.requests[fake.requests.length - 1]!;
  const url = (r: RecordedRequest): string => r.path + (r.query.size > 0 ? `?${r.query.toString()}` : '');

  it('get: namespaced core, cluster-scoped core, namespaced group, cluster-scoped group', async () => {
    const cm = await cms.get('seed', { namespace: 'default', resourceVersion: '0' });
    assert.equal(cm.data?.a, '1');
    assert.equal(last().method, 'GET');
    assert.equal(url(last()), '/api/v1/namespaces/default/configmaps/seed?resourceVersion=0');
    assert.equal(last().headers.accept, 'application/json');

    await nss.get('default');
    assert.equal(url(last()), '/api/v1/namespaces/default');
    await ws.namespace('team').get('w1');
    assert.equal(url(last()), '/apis/example.com/v1/namespaces/team/widgets/w1');
    await gs.get('g1');
    assert.equal(url(last()), '/apis/example.com/v1/gadgets/g1');
  });

  it('list: every query parameter, all namespaces or one', async () => {
    const list = await cms.list({ labelSelector: 'app=web', fieldSelector: 'metadata.name=seed', limit: 10, resourceVersion: '0', resourceVersionMatch: 'NotOlderThan', timeoutSeconds: 5 });
    assert.deepEqual(list.items.map((i) => i.metadata.name), ['seed']);
    assert.equal(list.kind, 'ConfigMapList');
    assert.equal(last().path, '/api/v1/configmaps');
    assert.deepEqual(Object.fromEntries(last().query), {
      labelSelector: 'app=web',
      fieldSelector: 'metadata.name=seed',
      limit: '10',
      resourceVersion: '0',
      resourceVersionMatch: 'NotOlderThan',
      timeoutSeconds: '5',
    });
    await cms.namespace('default').list({ continue: 'abc' }).catch(() => undefined);
    assert.equal(url(last()), '/api/v1/namespaces/default/configmaps?continue=abc');
  });

  it('listAll follows continue tokens and returns one list without a continue', async () => {
    const team = cms.namespace('paged');
    for (const name of ['a', 'b', 'c', 'd', 'e']) await team.create({ metadata: { name } });
    const before = fake.requests.length;
    const all = await team.listAll({ limit: 2 });
    assert.deepEqual(all.items.map((i) => i.metadata.name), ['a', 'b', 'c', 'd', 'e']);
    assert.equal(all.metadata?.continue, undefined);
    assert.ok(all.metadata?.resourceVersion);
    const pages = fake.requests.slice(before);
    assert.equal(pages.length, 3);
    assert.equal(pages[0]!.query.get('continue'), null);
    assert.ok(pages[1]!.query.get('continue'));
    assert.ok(pages.every((p) => p.query.get('limit') === '2'));
  });

  it('create: POST with JSON, type meta filled in, write options as query', async () => {
    const created = await cms.create({ metadata: { name: 'made', namespace: 'default' }, data: { x: 'y' } }, { dryRun: true, fieldManager: 'tests', fieldValidation: 'Strict' });
    assert.equal(created.metadata.name, 'made');
    const r = last();
    assert.equal(r.method, 'POST');
    assert.equal(url(r), '/api/v1/namespaces/default/configmaps?dryRun=All&fieldManager=tests&fieldValidation=Strict');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(r.body), { metadata: { name: 'made', namespace: 'default' }, data: { x: 'y' }, apiVersion: 'v1', kind: 'ConfigMap' });
    await ws.create({ metadata: { name: 'w2', namespace: 'team' } });
    assert.equal(JSON.parse(last().body).apiVersion, 'example.com/v1');
    assert.equal(last().path, '/apis/example.com/v1/namespaces/team/widgets');
  });

  it('update and updateStatus: PUT to the item and to its status', async () => {
    const current = await cms.get('seed', { namespace: 'default' });
    const updated = await cms.update({ ...current, data: { a: '2' } });
    assert.equal(last().method, 'PUT');
    assert.equal(last().path, '/api/v1/namespaces/default/configmaps/seed');
    assert.equal(JSON.parse(last().body).data.a, '2');
    assert.notEqual(updated.metadata.resourceVersion, current.metadata.resourceVersion);
    await cms.updateStatus({ ...updated, status: { ok: true } });
    assert.equal(last().method, 'PUT');
    assert.equal(last().path, '/api/v1/namespaces/default/configmaps/seed/status');
    await gs.updateStatus({ metadata: { name: 'g1' }, status: { ready: 1 } });
    assert.equal(last().path, '/apis/example.com/v1/gadgets/g1/status');
  });

  it('patch: the four content types, and apply with fieldManager and force', async () => {
    const ns = cms.namespace('default');
    await ns.patch('seed', 'json', [{ op: 'replace', path: '/data/a', value: 'j' }]);
    assert.equal(last().headers['content-type'], 'application/json-patch+json');
    assert.deepEqual(JSON.parse(last().body), [{ op: 'replace', path: '/data/a', value: 'j' }]);
    await ns.patch('seed', 'merge', { data: { m: '1' } });
    assert.equal(last().headers['content-type'], 'application/merge-patch+json');
    await ns.patch('seed', 'strategic', { data: { s: '1' } }, { fieldManager: 'x' });
    assert.equal(last().headers['content-type'], 'application/strategic-merge-patch+json');
    assert.equal(url(last()), '/api/v1/namespaces/default/configmaps/seed?fieldManager=x');
    assert.equal(last().method, 'PATCH');
    const applied = await ns.apply({ metadata: { name: 'ssa' }, data: { k: 'v' } }, { fieldManager: 'ctl', force: true });
    assert.equal(applied.data?.k, 'v');
    assert.equal(last().headers['content-type'], 'application/apply-patch+yaml');
    assert.equal(url(last()), '/api/v1/namespaces/default/configmaps/ssa?fieldManager=ctl&force=true');
    assert.deepEqual(JSON.parse(last().body), { metadata: { name: 'ssa' }, data: { k: 'v' }, apiVersion: 'v1', kind: 'ConfigMap' });
    assert.throws(() => ns.patch('seed', 'merge', {}, { force: true }), TypeError);
    assert.throws(() => ns.patch('seed', 'apply', {}), TypeError);
  });

  it('delete: DeleteOptions in the body; deleteCollection with selectors', async () => {
    await cms.create({ metadata: { name: 'doomed', namespace: 'default' } });
    const gone = await cms.delete('doomed', { namespace: 'default', propagationPolicy: 'Foreground', gracePeriodSeconds: 0, preconditions: { resourceVersion: '1' }, dryRun: true });
    assert.equal((gone as ConfigMap).metadata.name, 'doomed');
    assert.equal(last().method, 'DELETE');
    assert.equal(last().path, '/api/v1/namespaces/default/configmaps/doomed');
    assert.equal(last().headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(last().body), {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: 'Foreground',
      gracePeriodSeconds: 0,
      preconditions: { resourceVersion: '1' },
      dryRun: ['All'],
    });
    await cms.create({ metadata: { name: 'x1', namespace: 'sweep', labels: { sweep: 'yes' } } });
    await cms.create({ metadata: { name: 'x2', namespace: 'sweep' } });
    const swept = await cms.namespace('sweep').deleteCollection({ labelSelector: 'sweep=yes', propagationPolicy: 'Background' });
    assert.deepEqual((swept as ConfigMapList).items.map((i) => i.metadata.name), ['x1']);
    assert.equal(url(last()), '/api/v1/namespaces/sweep/configmaps?labelSelector=sweep%3Dyes');
    assert.equal(JSON.parse(last().body).propagationPolicy, 'Background');
  });

  it('subresources: get, create, update, patch', async () => {
    const ns = ws.namespace('team');
    const scale = await ns.getSubresource<{ subresource: string; method: string }>('w1', 'scale');
    assert.deepEqual([scale.method, scale.subresource], ['GET', 'scale']);
    assert.equal(last().path, '/apis/example.com/v1/namespaces/team/widgets/w1/scale');
    const token = await ns.createSubresource<object, { body: unknown }>('w1', 'token', { spec: { audiences: ['a'] } });
    assert.deepEqual(token.body, { spec: { audiences: ['a'] } });
    assert.equal(last().method, 'POST');
    await nss.updateSubresource('default', 'finalize', { metadata: { name: 'default' }, spec: { finalizers: [] } });
    assert.equal(last().method, 'PUT');
    assert.equal(last().path, '/api/v1/namespaces/default/finalize');
    await ns.patchSubresource('w1', 'scale', 'merge', { spec: { replicas: 3 } });
    assert.equal(last().method, 'PATCH');
    assert.equal(last().path, '/apis/example.com/v1/namespaces/team/widgets/w1/scale');
    assert.equal(last().headers['content-type'], 'application/merge-patch+json');
  });

  it('scope is enforced: no namespace for cluster-scoped kinds, one required for namespaced items', async () => {
    assert.throws(() => nss.namespace('x'), TypeError);
    assert.throws(() => gs.get('g1', { namespace: 'x' }), TypeError);
    assert.throws(() => cms.get('seed'), /namespaced/);
    // An object's own namespace is enough for writes.
    await cms.update({ ...(await cms.get('seed', { namespace: 'default' })) });
    assert.equal(last().path, '/api/v1/namespaces/default/configmaps/seed');
    // A view's namespace wins over the object's: the server gets to reject the mismatch.
    await cms.namespace('view').create({ metadata: { name: 'm', namespace: 'body' } }).catch(() => undefined);
    assert.equal(fake.requests[fake.requests.length - 1]!.path, '/api/v1/namespaces/view/configmaps');
    // A cluster-scoped write never puts a namespace in the path, whatever the object says.
    await gs.create({ metadata: { name: 'g2', namespace: 'stray' } });
    assert.equal(last().path, '/apis/example.com/v1/gadgets');
    // Names are escaped as one path segment.
    await cms.get('a/b', { namespace: 'default' }).catch(() => undefined);
    assert.equal(fake.requests[fake.requests.length - 1]!.path, '/api/v1/namespaces/default/configmaps/a%2Fb');
  });
});
