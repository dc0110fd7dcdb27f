import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NamespaceInfo } from '../../runtime/registry/index.js';
import { configMapResource, gadgetResource, harness, rejection, type ConfigMap, type Gadget } from './fixtures.js';

const namespaces = new Map<string, NamespaceInfo>([
  ['default', { phase: 'Active' }],
  ['doomed', { phase: 'Terminating' }],
]);
const namespaceLookup = async (ns: string) => namespaces.get(ns) ?? null;

test('writes into a missing namespace are 404 namespaces "x" not found', async () => {
  const h = await harness<ConfigMap>(configMapResource, { namespaceLookup });
  try {
    const err = await rejection(() => h.store.create({ metadata: { name: 'cm' } }, { namespace: 'ghost' }));
    assert.equal(err.code, 404);
    assert.equal(err.reason, 'NotFound');
    assert.equal(err.message, 'namespaces "ghost" not found');
    assert.deepEqual(err.status.details, { name: 'ghost', kind: 'namespaces' });
    const upd = await rejection(() => h.store.update('cm', { metadata: { name: 'cm' } }, { namespace: 'ghost' }));
    assert.equal(upd.message, 'namespaces "ghost" not found');
    await h.store.create({ metadata: { name: 'cm' } }, { namespace: 'default' });
  } finally {
    await h.close();
  }
});

test('creates into a terminating namespace are 403 with kube\'s cause; updates and deletes go on', async () => {
  let terminating = false;
  const h = await harness<ConfigMap>(configMapResource, {
    namespaceLookup: async (ns) => (ns === 'doomed' ? { phase: terminating ? 'Terminating' : 'Active' } : namespaceLookup(ns)),
  });
  try {
    const { object } = await h.store.create({ metadata: { name: 'existing' } }, { namespace: 'doomed' });
    terminating = true;
    const err = await rejection(() => h.store.create({ metadata: { name: 'cm' } }, { namespace: 'doomed' }));
    assert.equal(err.code, 403);
    assert.equal(err.reason, 'Forbidden');
    assert.equal(err.message, 'configmaps "cm" is forbidden: unable to create new content in namespace doomed because it is being terminated');
    assert.deepEqual(err.status.details, {
      name: 'cm',
      kind: 'configmaps',
      causes: [{ reason: 'NamespaceTerminating', message: 'namespace doomed is being terminated', field: 'metadata.namespace' }],
    });
    const generated = await rejection(() => h.store.create({ metadata: { generateName: 'cm-' } }, { namespace: 'doomed' }));
    assert.equal(generated.message, 'configmaps "cm-" is forbidden: unable to create new content in namespace doomed because it is being terminated');

    const { object: updated } = await h.store.update('existing', { ...object, data: { a: 'b' } }, { namespace: 'doomed' });
    assert.equal(updated.data!.a, 'b');
    await h.store.delete('existing', { namespace: 'doomed' });
  } finally {
    await h.close();
  }
});

test('cluster-scoped kinds skip the namespace check', async () => {
  let asked = 0;
  const h = await harness<Gadget>(gadgetResource, {
    namespaceLookup: async () => {
      asked++;
      return null;
    },
  });
  try {
    await h.store.create({ metadata: { name: 'g' } });
    assert.equal(asked, 0);
  } finally {
    await h.close();
  }
});
