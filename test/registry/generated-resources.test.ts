// The store over real generated resources (wardle's Flunder: namespaced, status + scale, a
// selectable field; Fischer: cluster-scoped), behind the watch cache as the server runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resources } from '../../generated/index.js';
import type { GeneratedResource } from '../../runtime/api/index.js';
import { createRegistryStore, genericStrategy, type RegistryObject } from '../../runtime/registry/index.js';
import { createWatchCache } from '../../runtime/storage/cacher/index.js';
import { openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import { resourcePrefix } from '../../runtime/storage/index.js';
import { rejection } from './fixtures.js';

interface Flunder extends RegistryObject {
  spec?: { reference?: string; referenceType?: string; replicas?: number };
  status?: { replicas?: number; selector?: string };
}

function find(group: string, plural: string): GeneratedResource {
  const r = resources.find((x) => x.descriptor.group === group && x.descriptor.plural === plural);
  assert.ok(r, `${plural}.${group} is generated`);
  return r;
}

test('Flunder through the watch cache: create, select, status, scale, delete', async () => {
  const flunders = find('wardle.example.com', 'flunders');
  const backend = await openEmbeddedStorage({ mode: 'memory' });
  const cache = await createWatchCache<Flunder>({ backend, prefix: resourcePrefix({ group: 'wardle.example.com', resource: 'flunders' }) });
  const store = createRegistryStore<Flunder>({ resource: flunders, strategy: genericStrategy<Flunder>(flunders), storage: cache });
  const ns = { namespace: 'demo' };
  try {
    const { object } = await store.create({ apiVersion: 'wardle.example.com/v1alpha1', kind: 'Flunder', metadata: { name: 'f1' }, spec: { referenceType: 'Fischer' } }, ns);
    assert.equal(object.spec!.replicas, 1, 'generated default');
    assert.equal(object.metadata!.generation, 1);
    await store.create({ metadata: { name: 'f2' }, spec: { referenceType: 'Flunder' } }, ns);

    const bad = await rejection(() => store.create({ metadata: { name: 'f3' }, spec: { referenceType: 'Other' } }, ns));
    assert.equal(bad.code, 422);
    assert.match(bad.message, /^Flunder\.wardle\.example\.com "f3" is invalid: spec\.referenceType: Unsupported value: "Other"/);

    const selected = await store.list({ ...ns, fieldSelector: 'spec.referenceType=Fischer' });
    assert.deepEqual(selected.items.map((f) => f.metadata!.name), ['f1']);

    const { object: withStatus } = await store.updateStatus('f1', { ...object, status: { replicas: 1, selector: 'app=f1' } }, ns);
    const { object: scale } = await store.updateScale('f1', { ...(await store.getScale('f1', ns)), spec: { replicas: 3 } }, ns);
    assert.deepEqual(scale.status, { replicas: 1, selector: 'app=f1' });
    const after = await store.get('f1', ns);
    assert.equal(after.spec!.replicas, 3);
    assert.equal(after.metadata!.generation, 2);
    assert.notEqual(after.metadata!.resourceVersion, withStatus.metadata!.resourceVersion);

    const del = await store.delete('f1', ns);
    assert.equal(del.deleted, true);
    assert.deepEqual((await store.list(ns)).items.map((f) => f.metadata!.name), ['f2']);
  } finally {
    await cache.close();
    await backend.close();
  }
});

test('Fischer is cluster-scoped', async () => {
  const fischers = find('wardle.example.com', 'fischers');
  const backend = await openEmbeddedStorage({ mode: 'memory' });
  const store = createRegistryStore<RegistryObject>({ resource: fischers, strategy: genericStrategy(fischers), storage: backend });
  try {
    const { object } = await store.create({ metadata: { name: 'fi', namespace: 'dropped' } } as RegistryObject);
    assert.equal(object.metadata!.namespace, undefined);
    assert.equal((await store.get('fi')).metadata!.uid, object.metadata!.uid);
  } finally {
    await backend.close();
  }
});
