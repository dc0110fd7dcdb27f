// @kubernetes/client-node, the official JavaScript client, against an in-process Capstan:
// typed calls, a raw watch and an informer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('@kubernetes/client-node e2e', { timeout: 120_000 }, () => {
  let server: TestServer;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;

  before(async () => {
    server = await startTestServer();
    kc = new k8s.KubeConfig();
    kc.loadFromFile(server.kubeconfigPath);
    core = kc.makeApiClient(k8s.CoreV1Api);
  });
  after(async () => {
    await server?.stop();
  });

  it('creates, reads, lists, replaces and deletes with the typed client', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'from-client-node', labels: { app: 'e2e' } }, data: { a: '1' } },
    });
    assert.equal(created.metadata?.name, 'from-client-node');
    assert.ok(created.metadata?.resourceVersion);
    const read = await core.readNamespacedConfigMap({ name: 'from-client-node', namespace: 'default' });
    assert.deepEqual(read.data, { a: '1' });
    const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=e2e' });
    assert.deepEqual(list.items.map((i) => i.metadata?.name), ['from-client-node']);
    read.data = { a: '2' };
    const replaced = await core.replaceNamespacedConfigMap({ name: 'from-client-node', namespace: 'default', body: read });
    assert.equal(replaced.data?.['a'], '2');
    await assert.rejects(core.replaceNamespacedConfigMap({ name: 'from-client-node', namespace: 'default', body: read }), (err: unknown) => {
      return (err as { code?: number }).code === 409;
    });
    await core.deleteNamespacedConfigMap({ name: 'from-client-node', namespace: 'default' });
    await assert.rejects(core.readNamespacedConfigMap({ name: 'from-client-node', namespace: 'default' }), (err: unknown) => (err as { code?: number }).code === 404);
  });

  it('watches with the raw Watch helper', async () => {
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const req = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: list.metadata?.resourceVersion },
      (type, obj: k8s.V1ConfigMap) => events.push(`${type} ${obj.metadata?.name}`),
      () => undefined,
    );
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched' } } });
    await core.patchNamespacedConfigMap({ name: 'watched', namespace: 'default', body: { data: { x: 'y' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' });
    await until('three watch events', () => (events.length >= 3 ? events : undefined));
    req.abort();
    assert.deepEqual(events, ['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
  });

  it('keeps an informer cache in sync', async () => {
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const seen: string[] = [];
    informer.on('add', (obj) => seen.push(`add ${obj.metadata?.name}`));
    informer.on('update', (obj) => seen.push(`update ${obj.metadata?.name}`));
    informer.on('delete', (obj) => seen.push(`delete ${obj.metadata?.name}`));
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'before-start' } } });
    await informer.start();
    await until('initial add', () => (seen.includes('add before-start') ? true : undefined));
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'after-start' } } });
    await core.deleteNamespacedConfigMap({ name: 'before-start', namespace: 'default' });
    await until('add and delete', () => (seen.includes('add after-start') && seen.includes('delete before-start') ? true : undefined));
    assert.deepEqual(informer.list().map((o) => o.metadata?.name).sort(), ['after-start']);
    await informer.stop();
  });
});
