import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WatchEvent } from '../../runtime/storage/index.js';
import { harness, rejection, widgetResource, type Widget } from './fixtures.js';

async function seed(h: Awaited<ReturnType<typeof harness<Widget>>>): Promise<void> {
  const colors = ['blue', 'red', 'green'];
  for (let i = 0; i < 6; i++) {
    const namespace = i < 4 ? 'a' : 'b';
    await h.store.create({ metadata: { name: `w${i}`, labels: { tier: i % 2 === 0 ? 'front' : 'back' } }, spec: { color: colors[i % 3] } }, { namespace });
  }
}

const names = (items: Widget[]) => items.map((w) => `${w.metadata!.namespace}/${w.metadata!.name}`).sort();

test('list by namespace, across namespaces, with label and selectable-field selectors', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    await seed(h);
    assert.deepEqual(names((await h.store.list({ namespace: 'a' })).items), ['a/w0', 'a/w1', 'a/w2', 'a/w3']);
    assert.equal((await h.store.list({})).items.length, 6);
    assert.deepEqual(names((await h.store.list({ labelSelector: 'tier=front' })).items), ['a/w0', 'a/w2', 'b/w4']);
    assert.deepEqual(names((await h.store.list({ fieldSelector: 'spec.color=red' })).items), ['a/w1', 'b/w4']);
    assert.deepEqual(names((await h.store.list({ namespace: 'a', fieldSelector: 'spec.color!=blue,metadata.name!=w1' })).items), ['a/w2']);
    assert.deepEqual(names((await h.store.list({ fieldSelector: 'metadata.namespace=b' })).items), ['b/w4', 'b/w5']);
    const list = await h.store.list({});
    assert.equal(list.resourceVersion, String(await h.storage.currentRevision()));
  } finally {
    await h.close();
  }
});

test('unsupported field labels and bad selectors are 400 BadRequest', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    const err = await rejection(() => h.store.list({ fieldSelector: 'spec.size=3' }));
    assert.equal(err.code, 400);
    assert.equal(err.reason, 'BadRequest');
    assert.equal(err.message, 'field label not supported: spec.size');
    const label = await rejection(() => h.store.list({ labelSelector: 'a in (' }));
    assert.equal(label.code, 400);
    assert.throws(() => h.store.watch({ fieldSelector: 'nope=1' }), (e: Error) => e.message === 'field label not supported: nope');
  } finally {
    await h.close();
  }
});

test('list pages with limit and continue', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    await seed(h);
    const first = await h.store.list({ limit: 4 });
    assert.equal(first.items.length, 4);
    assert.ok(first.continue);
    assert.equal(first.remainingItemCount, 2);
    await h.store.create({ metadata: { name: 'late' } }, { namespace: 'b' });
    const second = await h.store.list({ limit: 4, continue: first.continue! });
    assert.equal(second.items.length, 2, 'the continuation reads at the first page\'s revision');
    assert.equal(second.continue, undefined);
    assert.equal(second.resourceVersion, first.resourceVersion);
  } finally {
    await h.close();
  }
});

test('watch is filtered by namespace and selectors', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    await seed(h);
    const { resourceVersion } = await h.store.list({});
    const watcher = h.store.watch({ namespace: 'a', labelSelector: 'tier=front', resourceVersion });
    const events: WatchEvent<Widget>[] = [];
    const done = (async () => {
      for await (const ev of watcher) {
        events.push(ev);
        if (events.length === 2) break;
      }
    })();
    await h.store.create({ metadata: { name: 'skip-ns', labels: { tier: 'front' } } }, { namespace: 'b' });
    await h.store.create({ metadata: { name: 'skip-label', labels: { tier: 'back' } } }, { namespace: 'a' });
    await h.store.create({ metadata: { name: 'hit', labels: { tier: 'front' } } }, { namespace: 'a' });
    await h.store.delete('w0', { namespace: 'a' });
    await done;
    watcher.stop();
    assert.deepEqual(
      events.map((e) => (e.type === 'ADDED' || e.type === 'DELETED' || e.type === 'MODIFIED' ? `${e.type} ${e.object.metadata!.name}` : e.type)),
      ['ADDED hit', 'DELETED w0'],
    );
  } finally {
    await h.close();
  }
});

test('get at an old resourceVersion and get of a missing object', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    const { object } = await h.store.create({ metadata: { name: 'w' } }, { namespace: 'a' });
    const got = await h.store.get('w', { namespace: 'a', resourceVersion: '0' });
    assert.equal(got.metadata!.uid, object.metadata!.uid);
    const err = await rejection(() => h.store.get('missing', { namespace: 'a' }));
    assert.equal(err.code, 404);
    assert.equal(err.message, 'widgets.test.capstan.io "missing" not found');
    assert.deepEqual(err.status.details, { name: 'missing', group: 'test.capstan.io', kind: 'widgets' });
  } finally {
    await h.close();
  }
});
