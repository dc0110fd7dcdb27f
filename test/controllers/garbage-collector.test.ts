// The garbage collector over HTTPS: background cascades (absent owners, several owners, owners
// that never existed, cluster-scoped owners), foreground deletion, orphaning.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, startControllerServer, type ControllerServer, type Json } from './support.js';

interface Owner {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  blockOwnerDeletion?: boolean;
}

const NS = 'gc';
const cmPath = (name = '', ns = NS) => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
const crPath = (name = '') => `/apis/rbac.authorization.k8s.io/v1/clusterroles${name ? `/${name}` : ''}`;

describe('garbage collector', { timeout: 60_000 }, () => {
  let server: ControllerServer;

  const createCm = async (name: string, owners: Owner[] = [], extra: Json = {}, ns = NS): Promise<Json> => {
    const r = await server.call('POST', cmPath('', ns), { metadata: { name, ...(owners.length ? { ownerReferences: owners } : {}), ...extra } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const ref = (obj: Json, extra: Partial<Owner> = {}): Owner => ({
    apiVersion: obj.apiVersion ?? 'v1',
    kind: obj.kind ?? 'ConfigMap',
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    ...extra,
  });
  const gone = (path: string) => eventually(`${path} to be deleted`, async () => ((await server.call('GET', path)).status === 404 ? true : undefined));
  const get = async (path: string) => {
    const r = await server.call('GET', path);
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  before(async () => {
    server = await startControllerServer();
    for (const name of [NS, 'other']) {
      assert.equal((await server.call('POST', '/api/v1/namespaces', { metadata: { name } })).status, 201);
    }
  });
  after(async () => {
    await server?.stop();
  });

  it('background: a dependent goes with its owner', async () => {
    const owner = await createCm('bg-owner');
    await createCm('bg-dep', [ref(owner)]);
    const child = await createCm('bg-grandchild', [ref(await get(cmPath('bg-dep')))]);
    assert.equal(child.metadata.ownerReferences.length, 1);
    assert.equal((await server.call('DELETE', cmPath('bg-owner'))).status, 200);
    await gone(cmPath('bg-dep'));
    await gone(cmPath('bg-grandchild'));
  });

  it('background: a dependent with two owners lives until both are gone', async () => {
    const o1 = await createCm('two-o1');
    const o2 = await createCm('two-o2');
    await createCm('two-dep', [ref(o1), ref(o2)]);
    assert.equal((await server.call('DELETE', cmPath('two-o1'))).status, 200);
    // The reference to the gone owner is dropped (kube does the same) and the dependent stays.
    const dep = await eventually('the reference to two-o1 to be dropped', async () => {
      const d = await get(cmPath('two-dep'));
      return (d.metadata.ownerReferences as Owner[]).length === 1 ? d : undefined;
    });
    assert.equal(dep.metadata.ownerReferences[0].uid, o2.metadata.uid);
    assert.equal(dep.metadata.deletionTimestamp, undefined);
    assert.equal((await server.call('DELETE', cmPath('two-o2'))).status, 200);
    await gone(cmPath('two-dep'));
  });

  it('background: owners that never existed, or exist with another uid, or sit in another namespace are absent', async () => {
    await createCm('ghost-dep', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'never', uid: '3c1b6c2e-0000-4000-8000-000000000001' }]);
    const samename = await createCm('same-name');
    await createCm('wrong-uid-dep', [{ ...ref(samename), uid: '3c1b6c2e-0000-4000-8000-000000000002' }]);
    const elsewhere = await createCm('elsewhere', [], {}, 'other');
    await createCm('cross-ns-dep', [ref(elsewhere)]);
    await gone(cmPath('ghost-dep'));
    await gone(cmPath('wrong-uid-dep'));
    await gone(cmPath('cross-ns-dep'));
    await get(cmPath('same-name'));
    await get(cmPath('elsewhere', 'other'));
  });

  it('background: a cluster-scoped owner takes namespaced dependents; a cluster-scoped dependent ignores a namespaced owner', async () => {
    const cr = await server.call('POST', crPath(), { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'gc-owner' }, rules: [] });
    assert.equal(cr.status, 201);
    const nsOwner = await createCm('ns-owner');
    // Invalid: a cluster-scoped object cannot be owned by a namespaced one; kube never collects it.
    const invalid = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'gc-invalid', ownerReferences: [ref(nsOwner)] }, rules: [] };
    assert.equal((await server.call('POST', crPath(), invalid)).status, 201);
    await createCm('cr-dep', [ref(cr.body)]);
    assert.equal((await server.call('DELETE', crPath('gc-owner'))).status, 200);
    await gone(cmPath('cr-dep'));
    assert.equal((await server.call('DELETE', cmPath('ns-owner'))).status, 200);
    // Once a later dependent of the same owner is collected, the invalid one has been looked at.
    await createCm('ns-owner-later', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ns-owner', uid: nsOwner.metadata.uid }]);
    await gone(cmPath('ns-owner-later'));
    const kept = await get(crPath('gc-invalid'));
    assert.equal(kept.metadata.deletionTimestamp, undefined);
  });

  it('foreground: the owner stays with its finalizer until blocking dependents are gone', async () => {
    const owner = await createCm('fg-owner');
    const held = await createCm('fg-held', [ref(owner, { blockOwnerDeletion: true })], { finalizers: ['example.com/hold'] });
    const dep = await createCm('fg-dep', [ref(owner, { blockOwnerDeletion: true })]);
    await createCm('fg-grandchild', [ref(dep, { blockOwnerDeletion: true })]);
    await createCm('fg-loose', [ref(owner)]);

    const del = await server.call('DELETE', cmPath('fg-owner'), { propagationPolicy: 'Foreground' });
    assert.equal(del.status, 200);
    assert.deepEqual(del.body.metadata.finalizers, ['foregroundDeletion']);
    assert.ok(del.body.metadata.deletionTimestamp);

    // Everything below goes (recursively) except the held dependent, which is being deleted.
    await gone(cmPath('fg-grandchild'));
    await gone(cmPath('fg-dep'));
    await gone(cmPath('fg-loose'));
    const heldNow = await eventually('fg-held to be marked for deletion', async () => {
      const h = await get(cmPath('fg-held'));
      return h.metadata.deletionTimestamp ? h : undefined;
    });
    const ownerNow = await get(cmPath('fg-owner'));
    assert.deepEqual(ownerNow.metadata.finalizers, ['foregroundDeletion']);

    const released = { ...heldNow, metadata: { ...heldNow.metadata, finalizers: [] } };
    assert.equal((await server.call('PUT', cmPath('fg-held'), released)).status, 200);
    await gone(cmPath('fg-held'));
    await gone(cmPath('fg-owner'));
    assert.equal(held.metadata.uid !== owner.metadata.uid, true);
  });

  it('foreground: dependents without blockOwnerDeletion do not hold the owner', async () => {
    const owner = await createCm('fg2-owner');
    await createCm('fg2-held', [ref(owner)], { finalizers: ['example.com/hold'] });
    assert.equal((await server.call('DELETE', cmPath('fg2-owner'), { propagationPolicy: 'Foreground' })).status, 200);
    await gone(cmPath('fg2-owner'));
    const held = await eventually('fg2-held to be marked for deletion', async () => {
      const h = await get(cmPath('fg2-held'));
      return h.metadata.deletionTimestamp ? h : undefined;
    });
    assert.equal((await server.call('PUT', cmPath('fg2-held'), { ...held, metadata: { ...held.metadata, finalizers: [] } })).status, 200);
    await gone(cmPath('fg2-held'));
  });

  it('orphan: dependents lose the owner reference and live on; the owner goes', async () => {
    const owner = await createCm('or-owner');
    const other = await createCm('or-other');
    await createCm('or-dep1', [ref(owner, { blockOwnerDeletion: true })]);
    await createCm('or-dep2', [ref(owner), ref(other)]);

    const del = await server.call('DELETE', cmPath('or-owner'), { propagationPolicy: 'Orphan' });
    assert.equal(del.status, 200);
    assert.deepEqual(del.body.metadata.finalizers, ['orphan']);
    await gone(cmPath('or-owner'));

    const dep1 = await get(cmPath('or-dep1'));
    assert.equal(dep1.metadata.ownerReferences, undefined);
    assert.equal(dep1.metadata.deletionTimestamp, undefined);
    const dep2 = await get(cmPath('or-dep2'));
    assert.deepEqual(
      (dep2.metadata.ownerReferences as Owner[]).map((r) => r.uid),
      [other.metadata.uid],
    );
  });

  it('orphanDependents=true orphans as well', async () => {
    const owner = await createCm('od-owner');
    await createCm('od-dep', [ref(owner)]);
    const del = await server.call('DELETE', `${cmPath('od-owner')}?orphanDependents=true`);
    assert.equal(del.status, 200);
    await gone(cmPath('od-owner'));
    const dep = await get(cmPath('od-dep'));
    assert.equal(dep.metadata.ownerReferences, undefined);
  });
});
