// Namespace deletion end to end over HTTPS: DELETE marks the namespace Terminating, the namespace
// controller empties it, finalizes it, and it disappears; system namespaces cannot be deleted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, startControllerServer, type ControllerServer, type Json } from './support.js';

const nsBody = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

describe('namespace deletion', { timeout: 60_000 }, () => {
  let server: ControllerServer;
  before(async () => {
    server = await startControllerServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('DELETE keeps the namespace Terminating; the controller empties it, finalizes it, and it goes', async () => {
    const created = await server.call('POST', '/api/v1/namespaces', nsBody('doomed'));
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.spec.finalizers, ['kubernetes']);
    const rv = created.body.metadata.resourceVersion as string;
    for (const name of ['a', 'b']) {
      assert.equal((await server.call('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name }, data: { k: 'v' } })).status, 201);
    }
    assert.equal((await server.call('POST', '/api/v1/namespaces/doomed/secrets', { metadata: { name: 's' }, stringData: { k: 'v' } })).status, 201);
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' }, rules: [] };
    assert.equal((await server.call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/doomed/roles', role)).status, 201);
    // Content elsewhere must survive.
    assert.equal((await server.call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'bystander' } })).status, 201);

    const watch = server.watch(`/api/v1/namespaces?watch=1&resourceVersion=${rv}&fieldSelector=metadata.name%3Ddoomed`);
    try {
      const del = await server.call('DELETE', '/api/v1/namespaces/doomed');
      assert.equal(del.status, 200);
      assert.equal(del.body.kind, 'Namespace');
      assert.equal(del.body.status.phase, 'Terminating');
      assert.match(del.body.metadata.deletionTimestamp as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(del.body.metadata.deletionGracePeriodSeconds, undefined);
      assert.deepEqual(del.body.spec.finalizers, ['kubernetes']);

      const refused = await server.call('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'late' } });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.reason, 'Forbidden');
      assert.equal(refused.body.details.causes[0].reason, 'NamespaceTerminating');

      const gone = await eventually('namespace doomed to be deleted', async () => {
        const r = await server.call('GET', '/api/v1/namespaces/doomed');
        return r.status === 404 ? r : undefined;
      });
      assert.equal(gone.body.reason, 'NotFound');
      for (const path of ['/api/v1/namespaces/doomed/configmaps', '/api/v1/namespaces/doomed/secrets', '/apis/rbac.authorization.k8s.io/v1/namespaces/doomed/roles']) {
        const list = await server.call('GET', path);
        assert.equal(list.status, 200);
        assert.deepEqual(list.body.items, [], path);
      }
      assert.equal((await server.call('GET', '/api/v1/namespaces/default/configmaps/bystander')).status, 200);

      const events = await eventually('the DELETED watch event', async () => (watch.events.some((e) => e.type === 'DELETED') ? watch.events : undefined));
      const types = events.map((e) => e.type as string);
      assert.equal(types[0], 'MODIFIED');
      assert.equal(events[0]!.object.status.phase, 'Terminating');
      assert.equal(types.at(-1), 'DELETED');
      const last = events.at(-1)!.object as Json;
      // The last stored state (what the DELETED event carries) has the controller's report.
      const conditions = last.status.conditions as Json[];
      assert.deepEqual(
        conditions.map((c) => [c.type, c.status, c.reason]),
        [
          ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
          ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
          ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
          ['NamespaceContentRemaining', 'False', 'ContentRemoved'],
          ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers'],
        ],
      );
    } finally {
      watch.stop();
    }
  });

  it('waits for content held by a finalizer, reporting it in the conditions', async () => {
    assert.equal((await server.call('POST', '/api/v1/namespaces', nsBody('held'))).status, 201);
    const cm = { metadata: { name: 'sticky', finalizers: ['example.com/hold'] } };
    assert.equal((await server.call('POST', '/api/v1/namespaces/held/configmaps', cm)).status, 201);
    assert.equal((await server.call('DELETE', '/api/v1/namespaces/held')).status, 200);

    const ns = await eventually('the remaining-content conditions', async () => {
      const r = await server.call('GET', '/api/v1/namespaces/held');
      const conds = (r.body.status?.conditions ?? []) as Json[];
      return conds.some((c) => c.type === 'NamespaceContentRemaining' && c.status === 'True') ? r.body : undefined;
    });
    const byType = new Map((ns.status.conditions as Json[]).map((c) => [c.type as string, c]));
    assert.equal(byType.get('NamespaceContentRemaining')!.reason, 'SomeResourcesRemain');
    assert.equal(byType.get('NamespaceContentRemaining')!.message, 'Some resources are remaining: configmaps. has 1 resource instances');
    assert.equal(byType.get('NamespaceFinalizersRemaining')!.reason, 'SomeFinalizersRemain');
    assert.equal(
      byType.get('NamespaceFinalizersRemaining')!.message,
      'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    );
    assert.deepEqual(ns.spec.finalizers, ['kubernetes']);

    // A second DELETE while content remains: kube's 409.
    const again = await server.call('DELETE', '/api/v1/namespaces/held');
    assert.equal(again.status, 409);
    assert.equal(
      again.body.message,
      'Operation cannot be fulfilled on namespaces "held": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
    );

    // Release the held object: it goes, then the namespace.
    const current = await server.call('GET', '/api/v1/namespaces/held/configmaps/sticky');
    const released = { ...current.body, metadata: { ...current.body.metadata, finalizers: [] } };
    assert.equal((await server.call('PUT', '/api/v1/namespaces/held/configmaps/sticky', released)).status, 200);
    await eventually('namespace held to be deleted', async () => ((await server.call('GET', '/api/v1/namespaces/held')).status === 404 ? true : undefined));
  });

  it('system namespaces may not be deleted', async () => {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const r = await server.call('DELETE', `/api/v1/namespaces/${name}`);
      assert.equal(r.status, 403, name);
      assert.equal(r.body.reason, 'Forbidden');
      assert.equal(r.body.message, `namespaces "${name}" is forbidden: this namespace may not be deleted`);
      assert.deepEqual(r.body.details, { name, kind: 'namespaces' });
      const still = await server.call('GET', `/api/v1/namespaces/${name}`);
      assert.equal(still.body.status.phase, 'Active');
      assert.equal(still.body.metadata.deletionTimestamp, undefined);
    }
  });
});

describe('namespace finalize subresource (no controllers)', { timeout: 60_000 }, () => {
  let server: ControllerServer;
  before(async () => {
    server = await startControllerServer({ controllers: false });
  });
  after(async () => {
    await server?.stop();
  });

  it('PUT finalize changes only spec.finalizers, and deletes a terminating namespace it empties', async () => {
    const created = await server.call('POST', '/api/v1/namespaces', { ...nsBody('fin'), metadata: { name: 'fin', labels: { a: 'b' } } });
    assert.equal(created.status, 201);
    const body = structuredClone(created.body);
    body.spec.finalizers = ['kubernetes', 'example.com/extra'];
    body.metadata.labels = { changed: 'yes' };
    body.status = { phase: 'Terminating' };
    const put = await server.call('PUT', '/api/v1/namespaces/fin/finalize', body);
    assert.equal(put.status, 200);
    assert.equal(put.body.kind, 'Namespace');
    assert.deepEqual(put.body.spec.finalizers, ['kubernetes', 'example.com/extra']);
    assert.deepEqual(put.body.metadata.labels, { a: 'b' });
    assert.equal(put.body.status.phase, 'Active');

    const bad = await server.call('PUT', '/api/v1/namespaces/fin/finalize', { ...put.body, spec: { finalizers: ['bad name!'] } });
    assert.equal(bad.status, 422);

    // Without the controller, a deleted namespace stays Terminating until its finalizers are cleared.
    const del = await server.call('DELETE', '/api/v1/namespaces/fin');
    assert.equal(del.status, 200);
    assert.equal(del.body.status.phase, 'Terminating');
    const one = await server.call('PUT', '/api/v1/namespaces/fin/finalize', { ...del.body, spec: { finalizers: ['example.com/extra'] } });
    assert.equal(one.status, 200);
    assert.equal((await server.call('GET', '/api/v1/namespaces/fin')).status, 200);
    const last = await server.call('PUT', '/api/v1/namespaces/fin/finalize', { ...one.body, spec: { finalizers: [] } });
    assert.equal(last.status, 200);
    assert.deepEqual(last.body.spec.finalizers ?? [], []);
    assert.equal((await server.call('GET', '/api/v1/namespaces/fin')).status, 404);
  });
});
