// The generated clientset, informer factory, listers and expansion hook against an
// in-process Capstan (one server for the file; ~3-6 s on this machine).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clientsetFor, InformerFactory, type Clientset } from '../../generated/index.js';
import { ConfigMapClient } from '../../generated/core/v1/configmap.client.js';
import { isAlreadyExists, isConflict, isNotFound, isStatus } from '../../runtime/client/index.js';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';

// The expansion hook as a program would use it: declare the method, then implement it.
declare module '../../generated/core/v1/configmap.client.js' {
  interface ConfigMapClientExpansion {
    dataOf(name: string): Promise<Record<string, string>>;
  }
}
ConfigMapClient.prototype.dataOf = async function (this: ConfigMapClient, name: string) {
  return (await this.get(name)).data ?? {};
};

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const failsWith = (check: (err: unknown) => boolean) => (err: unknown) => {
  assert.ok(check(err), `unexpected error: ${String(err)}`);
  return true;
};

describe('generated clients against an in-process Capstan', { timeout: 60_000 }, () => {
  let server: TestServer;
  let cs: Clientset;

  before(async () => {
    server = await startTestServer();
    cs = clientsetFor(server);
    for (const name of ['gen-crud', 'gen-watch', 'gen-inf', 'gen-inf-other', 'gen-scale']) {
      await cs.coreV1.namespaces.create({ metadata: { name } });
    }
  });
  after(async () => {
    cs?.rest.close();
    await server?.stop();
  });

  it('does typed CRUD on ConfigMaps, with typed errors', async () => {
    const cms = cs.coreV1.configMaps.namespace('gen-crud');
    const created = await cms.create({ metadata: { name: 'a', labels: { tier: 'web' } }, data: { k: 'v1' } });
    assert.equal(created.kind, 'ConfigMap');
    assert.equal(created.metadata?.namespace, 'gen-crud');
    assert.ok(created.metadata?.resourceVersion);
    await assert.rejects(cms.create({ metadata: { name: 'a' } }), failsWith(isAlreadyExists));
    await cms.create({ metadata: { name: 'b', labels: { tier: 'db' } } });

    const got = await cms.get('a');
    assert.deepEqual(got.data, { k: 'v1' });
    assert.deepEqual((await cms.dataOf('a')), { k: 'v1' }, 'expansion method');
    const web = await cms.list({ labelSelector: 'tier=web' });
    assert.deepEqual(web.items.map((i) => i.metadata?.name), ['a']);
    const all = await cms.listAll({ limit: 1 });
    assert.deepEqual(all.items.map((i) => i.metadata?.name), ['a', 'b']);

    const updated = await cms.update({ ...got, data: { k: 'v2' } });
    assert.equal(updated.data?.['k'], 'v2');
    assert.notEqual(updated.metadata?.resourceVersion, got.metadata?.resourceVersion);
    // `got` still carries the old resourceVersion.
    await assert.rejects(cms.update({ ...got, data: { k: 'stale' } }), failsWith(isConflict));

    const deleted = await cms.delete('a');
    assert.ok(isStatus(deleted) || deleted.metadata?.name === 'a');
    await assert.rejects(cms.get('a'), failsWith(isNotFound));
    await assert.rejects(cms.delete('a'), failsWith(isNotFound));
    const gone = await cms.deleteCollection({ labelSelector: 'tier=db' });
    assert.ok(gone);
    assert.deepEqual((await cms.list()).items, []);
  });

  it('patches with merge, strategic and JSON patch', async () => {
    const cms = cs.coreV1.configMaps.namespace('gen-crud');
    await cms.create({ metadata: { name: 'p', labels: { a: '1' } }, data: { x: '1' } });
    const merged = await cms.patch('p', 'merge', { data: { y: '2' } });
    assert.deepEqual(merged.data, { x: '1', y: '2' });
    const strategic = await cms.patch('p', 'strategic', { metadata: { labels: { b: '2' } }, data: { x: null } });
    assert.deepEqual(strategic.metadata?.labels, { a: '1', b: '2' });
    assert.deepEqual(strategic.data, { y: '2' });
    const json = await cms.patch('p', 'json', [{ op: 'add', path: '/data/z', value: '3' }]);
    assert.deepEqual(json.data, { y: '2', z: '3' });
  });

  it('serves a cluster-scoped kind without namespaces', async () => {
    const roles = cs.rbacV1.clusterRoles;
    assert.equal('namespace' in roles, false);
    const created = await roles.create({ metadata: { name: 'gen-reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] });
    assert.equal(created.metadata?.namespace, undefined);
    const got = await roles.get('gen-reader');
    assert.deepEqual(got.rules?.[0]?.verbs, ['get']);
    assert.ok((await roles.list()).items.some((r) => r.metadata?.name === 'gen-reader'));
    const updated = await roles.update({ ...got, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }] });
    assert.deepEqual(updated.rules?.[0]?.verbs, ['get', 'list']);
    await roles.delete('gen-reader');
    await assert.rejects(roles.get('gen-reader'), failsWith(isNotFound));
    const ns = await cs.coreV1.namespaces.getStatus('gen-crud');
    assert.equal(ns.status?.phase, 'Active');
  });

  it('scales a Flunder through the scale subresource', async () => {
    const flunders = cs.wardleV1alpha1.flunders.namespace('gen-scale');
    await flunders.create({ metadata: { name: 'f' }, spec: { replicas: 1 } });
    const scale = await flunders.getScale('f');
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.spec?.replicas, 1);
    const updated = await flunders.updateScale('f', { ...scale, spec: { replicas: 3 } });
    assert.equal(updated.spec?.replicas, 3);
    assert.equal((await flunders.get('f')).spec?.replicas, 3);
    const patched = await flunders.patchScale('f', 'merge', { spec: { replicas: 5 } });
    assert.equal(patched.spec?.replicas, 5);
    assert.equal((await flunders.get('f')).spec?.replicas, 5);
    await assert.rejects(flunders.getScale('missing'), failsWith(isNotFound));
  });

  it('finalizes a Namespace through namespaces/finalize', async () => {
    const namespaces = cs.coreV1.namespaces;
    const ns = await namespaces.get('gen-scale');
    assert.deepEqual(ns.spec?.finalizers, ['kubernetes']);
    const finalized = await namespaces.finalize({ ...ns, spec: { finalizers: [] } });
    assert.deepEqual(finalized.spec?.finalizers ?? [], []);
    assert.deepEqual((await namespaces.get('gen-scale')).spec?.finalizers ?? [], []);
  });

  it('watches as an async iterable: ADDED, MODIFIED, DELETED', async () => {
    const cms = cs.coreV1.configMaps.namespace('gen-watch');
    const start = await cms.list();
    const watch = await cms.watch({ resourceVersion: start.metadata?.resourceVersion });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of watch) {
        if (event.type === 'BOOKMARK') continue;
        seen.push(`${event.type} ${event.object.metadata?.name} ${event.object.data?.['v'] ?? ''}`.trim());
        if (event.type === 'DELETED') break;
      }
    })();
    await cms.create({ metadata: { name: 'w' }, data: { v: '1' } });
    await cms.patch('w', 'merge', { data: { v: '2' } });
    await cms.delete('w');
    await reading;
    assert.deepEqual(seen, ['ADDED w 1', 'MODIFIED w 2', 'DELETED w 2']);
  });

  it('keeps an informer with handlers in sync and answers lister queries', async () => {
    const cms = cs.coreV1.configMaps;
    await cms.create({ metadata: { name: 'pre', namespace: 'gen-inf', labels: { app: 'x' } } });
    await cms.create({ metadata: { name: 'other', namespace: 'gen-inf-other', labels: { app: 'x' } } });
    const factory = new InformerFactory(cs.rest);
    try {
      const { informer, lister } = factory.coreV1.configMaps();
      assert.equal(factory.coreV1.configMaps().informer, informer, 'shared per view');
      const events: string[] = [];
      informer.addEventHandler({
        onAdd: (cm) => {
          if (cm.metadata?.namespace?.startsWith('gen-inf')) events.push(`add ${cm.metadata.name}`);
        },
        onUpdate: (_old, cm) => {
          if (cm.metadata?.namespace === 'gen-inf') events.push(`update ${cm.metadata.name}`);
        },
        onDelete: (cm) => {
          if (cm.metadata?.namespace === 'gen-inf') events.push(`delete ${cm.metadata.name}`);
        },
      });
      factory.start();
      await factory.waitForCacheSync();
      assert.ok(events.includes('add pre') && events.includes('add other'), events.join(', '));

      await cms.create({ metadata: { name: 'post', namespace: 'gen-inf', labels: { app: 'y' } } });
      await until('add post', () => (lister.namespace('gen-inf').get('post') ? true : undefined));
      assert.deepEqual(lister.namespace('gen-inf').list('app=x').map((c) => c.metadata?.name), ['pre']);
      assert.deepEqual(lister.namespace('gen-inf').list().map((c) => c.metadata?.name).sort(), ['post', 'pre']);
      assert.deepEqual(lister.list('app=x').map((c) => `${c.metadata?.namespace}/${c.metadata?.name}`).sort(), ['gen-inf-other/other', 'gen-inf/pre']);
      assert.equal(lister.namespace('gen-inf-other').get('pre'), undefined);

      await cms.patch('pre', 'merge', { metadata: { labels: { app: 'y' } } }, { namespace: 'gen-inf' });
      await until('relabelled pre', () => (lister.namespace('gen-inf').list('app=y').length === 2 ? true : undefined));
      await cms.delete('post', { namespace: 'gen-inf' });
      await until('delete post', () => (events.includes('delete post') ? true : undefined));
      assert.deepEqual(events.filter((e) => e !== 'add other'), ['add pre', 'add post', 'update pre', 'delete post']);

      // A cluster-scoped lister: get by name.
      const namespaces = factory.coreV1.namespaces();
      await factory.waitForCacheSync();
      assert.equal(namespaces.lister.get('gen-inf')?.metadata?.name, 'gen-inf');
    } finally {
      await factory.stop();
    }
  });
});
