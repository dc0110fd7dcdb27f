// Two Capstan replicas on one etcd: a CRD installed through one is served by both, custom
// resources written through one are read (and server-side applied) through the other, and
// deleting the CRD through one stops both serving it. One etcd, two servers; about 3-5 s.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../runtime/server/index.js';
import { startEtcd, type EtcdProcess } from '../../support/etcd-process.js';
import { adminClient, waitFor, widgetCrd, type Call } from './support.js';

const V1 = '/apis/example.com/v1/namespaces/default/widgets';
const CRD = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com';

describe('CRDs across replicas on etcd', { timeout: 90_000 }, () => {
  let etcd: EtcdProcess;
  let one: TestServer;
  let two: TestServer;
  let a: Call;
  let b: Call;

  before(async () => {
    etcd = await startEtcd();
    [one, two] = await Promise.all([startTestServer({ etcdServers: etcd.endpoints }), startTestServer({ etcdServers: etcd.endpoints })]);
    a = adminClient(one);
    b = adminClient(two);
  });
  after(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await etcd?.cleanup();
  });

  it('serves a CRD created on one replica from the other, and shares its custom resources', async () => {
    assert.equal((await a('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd())).status, 201);
    await waitFor('the other replica to serve widgets', async () => ((await b('GET', V1)).status === 200 ? true : undefined));
    const created = await a('POST', V1, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'shared' }, spec: { replicas: 1 } });
    assert.equal(created.status, 201, created.text);
    // The creator owns the defaulted color: taking it over needs force, as on kube.
    const applied = await b('PATCH', `${V1}/shared?fieldManager=other&force=true`, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: shared}\nspec: {color: red}\n', {
      'content-type': 'application/apply-patch+yaml',
    });
    assert.equal(applied.status, 200, applied.text);
    assert.deepEqual(applied.json.spec, { replicas: 1, color: 'red' });
    const seen = await waitFor('the write to reach the first replica', async () => {
      const r = await a('GET', `${V1}/shared`);
      return r.json.spec?.color === 'red' ? r : undefined;
    });
    assert.ok(seen.json.metadata.managedFields.some((m: { manager: string; operation: string }) => m.manager === 'other' && m.operation === 'Apply'));
  });

  it('stops serving on both replicas once the CRD is deleted', async () => {
    assert.equal((await b('DELETE', CRD)).status, 200);
    await waitFor('the CRD to be gone', async () => ((await a('GET', CRD)).status === 404 ? true : undefined));
    await waitFor('both replicas to stop serving widgets', async () => ((await a('GET', V1)).status === 404 && (await b('GET', V1)).status === 404 ? true : undefined));
  });
});
