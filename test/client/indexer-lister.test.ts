import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterLister, Indexer, namespacedLister, NAMESPACE_INDEX } from '../../runtime/client/index.js';
import { parseLabelSelector } from '../../runtime/selection/index.js';
import type { ConfigMap } from './fixtures.js';

const cm = (namespace: string | undefined, name: string, labels: Record<string, string> = {}, owner = ''): ConfigMap => ({
  metadata: { name, ...(namespace ? { namespace } : {}), labels },
  data: { owner },
});

describe('Indexer', () => {
  it('keys by namespace/name or name; namespace and custom indexes follow updates and deletes', () => {
    const indexer = new Indexer<ConfigMap>({ byOwner: (o) => (o.data?.owner ? [o.data.owner] : []) });
    indexer.upsert(cm('a', 'one', {}, 'alice'));
    indexer.upsert(cm('a', 'two', {}, 'bob'));
    indexer.upsert(cm('b', 'one', {}, 'alice'));
    indexer.upsert(cm(undefined, 'global'));
    assert.deepEqual(indexer.keys().sort(), ['a/one', 'a/two', 'b/one', 'global']);
    assert.equal(indexer.get('b/one')!.metadata.namespace, 'b');
    assert.equal(indexer.getByName(undefined, 'global')!.metadata.name, 'global');
    assert.deepEqual(indexer.byIndex(NAMESPACE_INDEX, 'a').map((o) => o.metadata.name).sort(), ['one', 'two']);
    assert.deepEqual(indexer.byIndex('byOwner', 'alice').map((o) => indexer.keyOf(o)).sort(), ['a/one', 'b/one']);

    const old = indexer.upsert(cm('a', 'one', {}, 'bob'));
    assert.equal(old!.data?.owner, 'alice');
    assert.deepEqual(indexer.byIndex('byOwner', 'alice').map((o) => indexer.keyOf(o)), ['b/one']);
    assert.deepEqual(indexer.byIndex('byOwner', 'bob').map((o) => indexer.keyOf(o)).sort(), ['a/one', 'a/two']);
    indexer.remove(cm('b', 'one'));
    assert.deepEqual(indexer.byIndex('byOwner', 'alice'), []);
    assert.deepEqual(indexer.indexValues('byOwner'), ['bob']);
    assert.equal(indexer.size, 3);
    assert.throws(() => indexer.byIndex('nope', 'x'), /does not exist/);
  });

  it('an index added later covers objects already cached', () => {
    const indexer = new Indexer<ConfigMap>();
    indexer.upsert(cm('a', 'x', { tier: 'web' }));
    indexer.addIndexers({ tier: (o) => [o.metadata.labels?.tier ?? ''] });
    assert.equal(indexer.byIndex('tier', 'web').length, 1);
    assert.throws(() => indexer.addIndexers({ tier: () => [] }), /already exists/);
  });
});

describe('Listers', () => {
  const indexer = new Indexer<ConfigMap>();
  indexer.upsert(cm('a', 'web-1', { app: 'web', tier: 'front' }));
  indexer.upsert(cm('a', 'db-1', { app: 'db' }));
  indexer.upsert(cm('b', 'web-2', { app: 'web' }));

  it('namespaced: list everywhere or in one namespace, by label selector; get by name', () => {
    const lister = namespacedLister(indexer);
    assert.deepEqual(lister.list().map((o) => o.metadata.name).sort(), ['db-1', 'web-1', 'web-2']);
    assert.deepEqual(lister.list('app=web').map((o) => o.metadata.name).sort(), ['web-1', 'web-2']);
    assert.deepEqual(lister.namespace('a').list().map((o) => o.metadata.name).sort(), ['db-1', 'web-1']);
    assert.deepEqual(lister.namespace('a').list('app in (web),tier').map((o) => o.metadata.name), ['web-1']);
    assert.deepEqual(lister.namespace('b').list(parseLabelSelector('app!=web')), []);
    assert.equal(lister.namespace('b').get('web-2')!.metadata.namespace, 'b');
    assert.equal(lister.namespace('b').get('web-1'), undefined);
    assert.throws(() => lister.list('app in (web'), /unable to parse/);
  });

  it('cluster-scoped: get(name) and list(selector)', () => {
    const nodes = new Indexer<ConfigMap>();
    nodes.upsert(cm(undefined, 'n1', { zone: 'x' }));
    nodes.upsert(cm(undefined, 'n2', { zone: 'y' }));
    const lister = clusterLister(nodes);
    assert.equal(lister.get('n2')!.metadata.labels?.zone, 'y');
    assert.equal(lister.get('n3'), undefined);
    assert.deepEqual(lister.list('zone=x').map((o) => o.metadata.name), ['n1']);
    assert.equal(lister.list().length, 2);
  });
});
