// CRD serving over HTTPS: a created CRD gets Established and serves its custom resources
// (CRUD, list, watch, selectors, validation, pruning, defaults, status and scale, two versions
// over one storage, tables, discovery), conflicting names are refused, an update changes what
// is served, and deleting the CRD deletes its resources and stops serving them.
// One server for the file; about 3-5 s in all on the shared 2-core machine.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startTestServer, type TestServer } from '../../../runtime/server/index.js';
import { adminClient, isTrue, waitFor, widgetCrd, type Call } from './support.js';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const V1 = '/apis/example.com/v1/namespaces/default/widgets';
const V2 = '/apis/example.com/v2/namespaces/default/widgets';
const widget = (name: string, spec: Record<string, unknown> = { replicas: 1 }, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name, ...extra },
  spec,
});

describe('CRD serving', { timeout: 60_000 }, () => {
  let server: TestServer;
  let call: Call;

  before(async () => {
    server = await startTestServer();
    call = adminClient(server);
    const created = await call('POST', CRDS, widgetCrd());
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.json.status.storedVersions, ['v1']);
    assert.equal(created.json.spec.names.listKind, 'WidgetList');
    await waitFor('Established', async () => {
      const crd = await call('GET', `${CRDS}/widgets.example.com`);
      return isTrue(crd.json, 'Established') ? crd : undefined;
    });
  });
  after(async () => {
    await server?.stop();
  });

  it('reports NamesAccepted and Established with the accepted names', async () => {
    const crd = (await call('GET', `${CRDS}/widgets.example.com`)).json;
    const conds = crd.status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message]);
    assert.deepEqual(conds, [
      ['NamesAccepted', 'True', 'NoConflicts', 'no conflicts found'],
      ['Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted'],
    ]);
    assert.deepEqual(crd.status.acceptedNames, { plural: 'widgets', singular: 'widget', shortNames: ['wd'], kind: 'Widget', listKind: 'WidgetList', categories: ['all'] });
  });

  it('creates, reads, updates and deletes custom resources, pruning and defaulting', async () => {
    const created = await call('POST', V1, widget('w1', { replicas: 2, bogus: true }, { labels: { tier: 'a' } }));
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.apiVersion, 'example.com/v1');
    assert.equal(created.json.kind, 'Widget');
    assert.deepEqual(created.json.spec, { replicas: 2, color: 'blue' });
    assert.equal(created.json.metadata.generation, 1);
    const got = await call('GET', `${V1}/w1`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.json.spec, { replicas: 2, color: 'blue' });

    const put = await call('PUT', `${V1}/w1`, { ...got.json, spec: { replicas: 3, color: 'red' } });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.metadata.generation, 2);
    assert.equal(put.json.spec.color, 'red');

    const del = await call('DELETE', `${V1}/w1`);
    assert.equal(del.status, 200);
    assert.deepEqual(del.json.details, { name: 'w1', group: 'example.com', kind: 'widgets', uid: created.json.metadata.uid });
    assert.equal((await call('GET', `${V1}/w1`)).json.message, 'widgets.example.com "w1" not found');
  });

  it('reports unknown fields as fieldValidation asks: Strict refuses, Warn warns and prunes', async () => {
    const strict = await call('POST', `${V1}?fieldValidation=Strict`, widget('fv-strict', { replicas: 1, bogus: true, nested: { x: 1 } }));
    assert.equal(strict.status, 400, strict.text);
    assert.equal(strict.json.message, 'strict decoding error: unknown field "spec.bogus", unknown field "spec.nested"');
    assert.equal((await call('GET', `${V1}/fv-strict`)).status, 404);
    const warn = await call('POST', `${V1}?fieldValidation=Warn`, widget('fv-warn', { replicas: 1, bogus: true }));
    assert.equal(warn.status, 201, warn.text);
    assert.equal(warn.headers['warning'], '299 - "unknown field \\"spec.bogus\\""');
    assert.deepEqual(warn.json.spec, { replicas: 1, color: 'blue' });
    assert.equal((await call('DELETE', `${V1}/fv-warn`)).status, 200);
  });

  it('reports a metadata error on update once, as kube does', async () => {
    assert.equal((await call('POST', V1, widget('meta-once'))).status, 201);
    const current = (await call('GET', `${V1}/meta-once`)).json;
    const bad = await call('PUT', `${V1}/meta-once`, { ...current, metadata: { ...current.metadata, labels: { 'bad key!': 'x' } } });
    assert.equal(bad.status, 422, bad.text);
    assert.equal(bad.json.details.causes.filter((c: { field: string }) => c.field === 'metadata.labels').length, 1, bad.text);
    assert.equal((await call('DELETE', `${V1}/meta-once`)).status, 200);
  });

  it('counts custom resources in apiserver_storage_objects', async () => {
    const count = async () => {
      const text = (await call('GET', '/metrics')).text;
      const line = text.split('\n').find((l) => l.startsWith('apiserver_storage_objects{resource="widgets.example.com"}'));
      return line === undefined ? undefined : Number(line.split(' ')[1]);
    };
    const before = await count();
    assert.notEqual(before, undefined);
    assert.equal((await call('POST', V1, widget('counted'))).status, 201);
    await waitFor('the count to rise', async () => ((await count()) === before! + 1 ? true : undefined));
    assert.equal((await call('DELETE', `${V1}/counted`)).status, 200);
  });

  it('lists with selectors and keeps kind and apiVersion on items', async () => {
    await call('POST', V1, widget('sel-a', { replicas: 1 }, { labels: { pick: 'yes' } }));
    await call('POST', V1, widget('sel-b', { replicas: 1 }, { labels: { pick: 'no' } }));
    const list = await call('GET', `${V1}?labelSelector=pick%3Dyes`);
    assert.equal(list.json.kind, 'WidgetList');
    assert.equal(list.json.apiVersion, 'example.com/v1');
    assert.deepEqual(list.json.items.map((i: any) => [i.metadata.name, i.kind, i.apiVersion]), [['sel-a', 'Widget', 'example.com/v1']]);
    const byField = await call('GET', `/apis/example.com/v1/widgets?fieldSelector=metadata.name%3Dsel-b`);
    assert.deepEqual(byField.json.items.map((i: any) => i.metadata.namespace + '/' + i.metadata.name), ['default/sel-b']);
    const removed = await call('DELETE', `${V1}?labelSelector=pick`);
    assert.equal(removed.status, 200, removed.text);
    assert.equal((await call('GET', V1 + '?labelSelector=pick')).json.items.length, 0);
  });

  it('rejects invalid objects with kube\'s message', async () => {
    const negative = await call('POST', V1, widget('bad', { replicas: -1 }));
    assert.equal(negative.status, 422);
    assert.equal(negative.json.reason, 'Invalid');
    assert.equal(negative.json.message, 'Widget.example.com "bad" is invalid: spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0');
    assert.deepEqual(negative.json.details, {
      name: 'bad',
      group: 'example.com',
      kind: 'Widget',
      causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: spec.replicas in body should be greater than or equal to 0', field: 'spec.replicas' }],
    });
    const wrongType = await call('POST', V1, widget('bad', { replicas: 'many' }));
    assert.equal(wrongType.status, 422);
    assert.equal(wrongType.json.message, 'Widget.example.com "bad" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"');
  });

  it('patches with json and merge patches and answers 415 to strategic merge', async () => {
    await call('POST', V1, widget('p1'));
    const merge = await call('PATCH', `${V1}/p1`, { spec: { replicas: 4 } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(merge.status, 200, merge.text);
    assert.deepEqual(merge.json.spec, { replicas: 4, color: 'blue' });
    const json = await call('PATCH', `${V1}/p1`, [{ op: 'replace', path: '/spec/color', value: 'red' }], { 'content-type': 'application/json-patch+json' });
    assert.equal(json.status, 200, json.text);
    assert.equal(json.json.spec.color, 'red');
    const smp = await call('PATCH', `${V1}/p1`, { spec: { replicas: 5 } }, { 'content-type': 'application/strategic-merge-patch+json' });
    assert.equal(smp.status, 415);
    assert.equal(smp.json.reason, 'UnsupportedMediaType');
    assert.equal(smp.json.message, 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
  });

  it('serves the status and scale subresources', async () => {
    const created = await call('POST', V1, widget('s1', { replicas: 2 }, {}));
    const withStatus = { ...created.json, status: { replicas: 1, selector: 'app=s1' } };
    const main = await call('PUT', `${V1}/s1`, withStatus);
    assert.equal(main.json.status, undefined, 'the main resource ignores status');
    const status = await call('PUT', `${V1}/s1/status`, { ...withStatus, spec: { replicas: 9 } });
    assert.equal(status.status, 200, status.text);
    assert.deepEqual(status.json.status, { replicas: 1, selector: 'app=s1' });
    assert.equal(status.json.spec.replicas, 2, 'the status subresource ignores spec');
    const scale = await call('GET', `${V1}/s1/scale`);
    assert.equal(scale.status, 200, scale.text);
    assert.equal(scale.json.apiVersion, 'autoscaling/v1');
    assert.equal(scale.json.kind, 'Scale');
    assert.deepEqual(scale.json.spec, { replicas: 2 });
    assert.deepEqual(scale.json.status, { replicas: 1, selector: 'app=s1' });
    const scaled = await call('PUT', `${V1}/s1/scale`, { ...scale.json, spec: { replicas: 7 } });
    assert.equal(scaled.status, 200, scaled.text);
    assert.equal((await call('GET', `${V1}/s1`)).json.spec.replicas, 7);
  });

  it('serves two versions over one storage kept at the storage version', async () => {
    const created = await call('POST', V2, { apiVersion: 'example.com/v2', kind: 'Widget', metadata: { name: 'mv' }, spec: { replicas: 1 } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.apiVersion, 'example.com/v2');
    assert.equal((await call('GET', `${V1}/mv`)).json.apiVersion, 'example.com/v1');
    assert.equal((await call('GET', `${V2}/mv`)).json.apiVersion, 'example.com/v2');
    const list = await call('GET', V2);
    assert.ok(list.json.items.every((i: any) => i.apiVersion === 'example.com/v2'));
    const stored = await server.server.storage.get('/registry/example.com/widgets/default/mv');
    assert.equal((stored as { apiVersion?: string } | null)?.apiVersion, 'example.com/v1');
    const patched = await call('PATCH', `${V2}/mv`, [{ op: 'test', path: '/apiVersion', value: 'example.com/v2' }], { 'content-type': 'application/json-patch+json' });
    assert.equal(patched.status, 200, patched.text);
  });

  it('watches custom resources', async () => {
    const rv = (await call('GET', V1)).json.metadata.resourceVersion;
    const cfg = parse(server.kubeconfig);
    const b64 = (s: string) => Buffer.from(s, 'base64');
    const events: any[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request(
        new URL(`${V1}?watch=1&resourceVersion=${rv}&timeoutSeconds=10`, server.url),
        { ca: b64(cfg.clusters[0].cluster['certificate-authority-data']), cert: b64(cfg.users[0].user['client-certificate-data']), key: b64(cfg.users[0].user['client-key-data']) },
        (res) => {
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString();
            for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
              events.push(JSON.parse(buf.slice(0, nl)));
              buf = buf.slice(nl + 1);
              if (events.some((e) => e.object?.metadata?.name === 'watched')) {
                req.destroy();
                resolve();
              }
            }
          });
          res.on('error', () => undefined);
        },
      );
      req.on('error', (err) => (events.length > 0 ? resolve() : reject(err)));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    await call('POST', V1, widget('watched'));
    await done;
    const event = events.find((e) => e.object?.metadata?.name === 'watched');
    assert.equal(event.type, 'ADDED');
    assert.equal(event.object.kind, 'Widget');
    assert.equal(event.object.apiVersion, 'example.com/v1');
  });

  it('answers JSON to a protobuf-first Accept and 406 to protobuf only', async () => {
    await call('POST', V1, widget('pb'));
    const both = await call('GET', `${V1}/pb`, undefined, { accept: 'application/vnd.kubernetes.protobuf, application/json' });
    assert.equal(both.status, 200);
    assert.match(String(both.headers['content-type']), /^application\/json/);
    const only = await call('GET', `${V1}/pb`, undefined, { accept: 'application/vnd.kubernetes.protobuf' });
    assert.equal(only.status, 406);
  });

  it('shows custom resources in discovery', async () => {
    const list = await call('GET', '/apis/example.com/v1');
    assert.equal(list.status, 200);
    const [main, ...subs] = list.json.resources;
    assert.deepEqual(main, {
      name: 'widgets',
      singularName: 'widget',
      namespaced: true,
      kind: 'Widget',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['wd'],
      categories: ['all'],
    });
    assert.deepEqual(subs.map((s: any) => [s.name, s.kind, s.group ?? '', s.verbs.join(',')]), [
      ['widgets/status', 'Widget', '', 'get,patch,update'],
      ['widgets/scale', 'Scale', 'autoscaling', 'get,patch,update'],
    ]);
    const aggregated = await call('GET', '/apis', undefined, { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
    const group = aggregated.json.items.find((g: any) => g.metadata.name === 'example.com');
    assert.deepEqual(group.versions.map((v: any) => v.version), ['v2', 'v1']);
    assert.deepEqual(group.versions[1].resources[0].shortNames, ['wd']);
  });

  it('serves tables with the printer columns, and a CRD update adds one', async () => {
    await call('POST', V1, widget('t1', { replicas: 6, color: 'red' }));
    const tableAccept = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
    const table = await call('GET', V1, undefined, tableAccept);
    assert.deepEqual(table.json.columnDefinitions.map((c: any) => c.name), ['Name', 'Replicas']);
    const row = table.json.rows.find((r: any) => r.cells[0] === 't1');
    assert.deepEqual(row.cells, ['t1', 6]);
    const crd = (await call('GET', `${CRDS}/widgets.example.com`)).json;
    const updated = widgetCrd([{ name: 'Color', type: 'string', jsonPath: '.spec.color' }]);
    const put = await call('PUT', `${CRDS}/widgets.example.com`, { ...updated, metadata: crd.metadata, status: crd.status });
    assert.equal(put.status, 200, put.text);
    const row2 = await waitFor('the new column', async () => {
      const t = await call('GET', V1, undefined, tableAccept);
      return t.json.columnDefinitions?.length === 3 ? t.json.rows.find((r: any) => r.cells[0] === 't1') : undefined;
    });
    assert.deepEqual(row2.cells, ['t1', 6, 'red']);
    // v2 declares no columns: kube's default Age column.
    const v2 = await call('GET', V2, undefined, tableAccept);
    assert.deepEqual(v2.json.columnDefinitions.map((c: any) => c.name), ['Name', 'Age']);
  });

  it('refuses names another CRD holds', async () => {
    const clash = widgetCrd();
    clash.metadata.name = 'gadgets.example.com';
    clash.spec.names = { plural: 'gadgets', kind: 'Widget', listKind: 'GadgetList' };
    const created = await call('POST', CRDS, clash);
    assert.equal(created.status, 201, created.text);
    const crd = await waitFor('NamesAccepted', async () => {
      const c = (await call('GET', `${CRDS}/gadgets.example.com`)).json;
      return c.status?.conditions?.length ? c : undefined;
    });
    const conds = crd.status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message]);
    assert.deepEqual(conds, [
      ['NamesAccepted', 'False', 'KindConflict', '"Widget" is already in use'],
      ['Established', 'False', 'NotAccepted', 'not all names are accepted'],
    ]);
    assert.equal((await call('GET', '/apis/example.com/v1/namespaces/default/gadgets')).status, 404);
    assert.equal((await call('DELETE', `${CRDS}/gadgets.example.com`)).status, 200);
  });

  it('validates CRDs', async () => {
    const bad = widgetCrd();
    bad.metadata.name = 'things.example.com';
    bad.spec.versions[1].storage = true;
    const res = await call('POST', CRDS, bad);
    assert.equal(res.status, 422);
    assert.match(res.json.message, /^CustomResourceDefinition\.apiextensions\.k8s\.io "things\.example\.com" is invalid: \[metadata\.name: Invalid value: "things\.example\.com": must be spec\.names\.plural\+"\."\+spec\.group, spec\.versions: Invalid value: .*: must have exactly one version marked as storage version\]$/);
  });

  it('keeps a CRD terminating while a finalizer holds one of its resources, refusing creates', async () => {
    const crd = widgetCrd();
    crd.metadata.name = 'holds.hold.example.com';
    crd.spec.group = 'hold.example.com';
    crd.spec.names = { plural: 'holds', kind: 'Hold' };
    assert.equal((await call('POST', CRDS, crd)).status, 201);
    const base = '/apis/hold.example.com/v1/namespaces/default/holds';
    await waitFor('holds served', async () => ((await call('GET', base)).status === 200 ? true : undefined));
    const held = await call('POST', base, { apiVersion: 'hold.example.com/v1', kind: 'Hold', metadata: { name: 'h1', finalizers: ['example.com/hold'] }, spec: {} });
    assert.equal(held.status, 201, held.text);
    assert.equal((await call('DELETE', `${CRDS}/holds.hold.example.com`)).status, 200);
    const terminating = await waitFor('InstanceDeletionInProgress', async () => {
      const c = (await call('GET', `${CRDS}/holds.hold.example.com`)).json;
      const t = c.status?.conditions?.find((x: { type: string }) => x.type === 'Terminating');
      return t?.reason === 'InstanceDeletionInProgress' ? t : undefined;
    });
    assert.equal(terminating.message, 'CustomResource deletion is in progress');
    const refused = await call('POST', base, { apiVersion: 'hold.example.com/v1', kind: 'Hold', metadata: { name: 'h2' }, spec: {} });
    assert.equal(refused.status, 405);
    assert.equal(refused.json.message, 'create not allowed while custom resource definition is terminating');
    const h1 = (await call('GET', `${base}/h1`)).json;
    assert.ok(h1.metadata.deletionTimestamp, 'the resource is being deleted');
    await call('PATCH', `${base}/h1`, { metadata: { finalizers: null } }, { 'content-type': 'application/merge-patch+json' });
    await waitFor('the CRD to go', async () => ((await call('GET', `${CRDS}/holds.hold.example.com`)).status === 404 ? true : undefined));
    assert.equal((await call('GET', base)).status, 404);
  });

  it('deletes the custom resources with the CRD and stops serving them', async () => {
    await call('POST', V1, widget('doomed'));
    const del = await call('DELETE', `${CRDS}/widgets.example.com`);
    assert.equal(del.status, 200, del.text);
    assert.ok(del.json.metadata.deletionTimestamp);
    assert.deepEqual(del.json.metadata.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
    await waitFor('the CRD to go', async () => ((await call('GET', `${CRDS}/widgets.example.com`)).status === 404 ? true : undefined));
    const gone = await call('GET', `${V1}/doomed`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.reason, 'NotFound');
    assert.equal((await server.server.storage.list('/registry/example.com/widgets/')).items.length, 0);
    const discovery = await call('GET', '/apis/example.com/v1');
    assert.equal(discovery.status, 404, discovery.text);
  });
});
