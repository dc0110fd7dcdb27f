import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clusterLister, createRestClient, SharedInformerFactory, type RestClient } from '../../runtime/client/index.js';
import { FakeApiServer, serveHttp, type RecordedRequest, type RunningServer } from './fake-apiserver.js';
import { configmaps, namespaces, until, type ConfigMap } from './fixtures.js';

const isWatch = (r: RecordedRequest): boolean => r.query.get('watch') === 'true';

describe('SharedInformerFactory', () => {
  const fake = new FakeApiServer([configmaps, namespaces]);
  let server: RunningServer;
  let rest: RestClient;
  before(async () => {
    server = await serveHttp(fake.handler);
    rest = createRestClient({ server: server.url });
    fake.put(configmaps, { metadata: { name: 'a', namespace: 'one', labels: { app: 'x' } } });
    fake.put(configmaps, { metadata: { name: 'b', namespace: 'two' } });
    fake.put(namespaces, { metadata: { name: 'one' } });
  });
  after(async () => {
    rest.close();
    await server.close();
  });

  it('shares one informer per resource and view; one list and one watch each', async () => {
    const factory = new SharedInformerFactory(rest, { backoff: { initialMs: 5, maxMs: 40 } });
    const byOwner = (o: ConfigMap): string[] => [o.metadata.labels?.app ?? ''];
    const first = factory.informerFor<ConfigMap>(configmaps, { indexers: { byApp: byOwner } });
    const again = factory.informerFor<ConfigMap>(configmaps, { indexers: { byApp: byOwner } });
    const inOne = factory.informerFor<ConfigMap>(configmaps, { namespace: 'one' });
    const selected = factory.informerFor<ConfigMap>(configmaps, { labelSelector: 'app=x' });
    const nsInformer = factory.informerFor<ConfigMap>(namespaces);
    assert.equal(first, again);
    assert.notEqual(first, inOne);
    assert.notEqual(first, selected);
    assert.equal(factory.size, 4);
    assert.throws(() => factory.informerFor<ConfigMap>(configmaps, { indexers: { byApp: () => [] } }), /already defined/);

    const before = fake.requests.length;
    factory.start();
    await factory.waitForCacheSync();
    assert.deepEqual(first.indexer.keys().sort(), ['one/a', 'two/b']);
    assert.deepEqual(inOne.indexer.keys(), ['one/a']);
    assert.deepEqual(selected.indexer.keys(), ['one/a']);
    assert.equal(first.indexer.byIndex('byApp', 'x').length, 1);
    assert.equal(clusterLister(nsInformer.indexer).get('one')!.metadata.name, 'one');

    await until(() => fake.openWatches === 4, 'four watches');
    const made = fake.requests.slice(before);
    const lists = made.filter((r) => !isWatch(r)).map((r) => `${r.path}?${r.query.get('labelSelector') ?? ''}`).sort();
    assert.deepEqual(lists, ['/api/v1/configmaps?', '/api/v1/configmaps?app=x', '/api/v1/namespaces/one/configmaps?', '/api/v1/namespaces?']);
    assert.equal(made.filter(isWatch).length, 4);

    // An informer asked for after start() starts at once.
    const late = factory.informerFor<ConfigMap>(configmaps, { namespace: 'two' });
    await late.synced;
    assert.deepEqual(late.indexer.keys(), ['two/b']);

    await factory.stop();
    await until(() => fake.openWatches === 0, 'every watch closed');
  });
});
