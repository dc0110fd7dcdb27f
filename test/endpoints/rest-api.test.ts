// The REST surface over HTTP, verb by verb, with the status codes, Status reasons and headers
// kube-apiserver answers with.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, any>;
}

describe('REST API', { timeout: 120_000 }, () => {
  let server: TestServer;
  let creds: { ca: Buffer; cert: Buffer; key: Buffer };

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      // Node's client frames a DELETE body only when told its length.
      const length: Record<string, string> = payload === undefined ? {} : { 'content-length': String(Buffer.byteLength(payload)) };
      const req = request(new URL(path, server.url), { method, ...creds, headers: { 'content-type': 'application/json', ...length, ...headers } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          let json: Record<string, any> = {};
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON (a watch stream, YAML)
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  const cm = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' }, ...extra });
  const base = '/api/v1/namespaces/default/configmaps';

  before(async () => {
    server = await startTestServer();
    const cfg = parse(server.kubeconfig);
    const b64 = (s: string) => Buffer.from(s, 'base64');
    creds = { ca: b64(cfg.clusters[0].cluster['certificate-authority-data']), cert: b64(cfg.users[0].user['client-certificate-data']), key: b64(cfg.users[0].user['client-key-data']) };
  });
  after(async () => {
    await server?.stop();
  });

  it('creates with 201, fills server fields and answers AlreadyExists with 409', async () => {
    const created = await call('POST', base, cm('one'));
    assert.equal(created.status, 201);
    assert.equal(created.json.kind, 'ConfigMap');
    assert.equal(created.json.apiVersion, 'v1');
    assert.match(created.json.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(created.json.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(created.json.metadata.namespace, 'default');
    const again = await call('POST', base, cm('one'));
    assert.equal(again.status, 409);
    assert.deepEqual(again.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "one" already exists',
      reason: 'AlreadyExists',
      details: { name: 'one', kind: 'configmaps' },
      code: 409,
    });
  });

  it('generates names from generateName', async () => {
    const created = await call('POST', base, { metadata: { generateName: 'gen-' } });
    assert.equal(created.status, 201);
    assert.match(created.json.metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('rejects a body whose namespace differs from the URL', async () => {
    const r = await call('POST', base, { metadata: { name: 'x', namespace: 'kube-system' } });
    assert.equal(r.status, 400);
    assert.equal(r.json.message, 'the namespace of the provided object does not match the namespace sent on the request');
  });

  it('updates with optimistic concurrency and answers a stale resourceVersion with 409', async () => {
    const created = (await call('POST', base, cm('updated'))).json;
    const ok = await call('PUT', `${base}/updated`, { ...created, data: { a: '2' } });
    assert.equal(ok.status, 200);
    assert.notEqual(ok.json.metadata.resourceVersion, created.metadata.resourceVersion);
    const stale = await call('PUT', `${base}/updated`, { ...created, data: { a: '3' } });
    assert.equal(stale.status, 409);
    assert.equal(stale.json.reason, 'Conflict');
    assert.equal(stale.json.message, 'Operation cannot be fulfilled on configmaps "updated": the object has been modified; please apply your changes to the latest version and try again');
    const mismatch = await call('PUT', `${base}/other-name`, { ...ok.json });
    assert.equal(mismatch.status, 400);
  });

  it('answers 422 Invalid with causes', async () => {
    const r = await call('POST', base, { metadata: { name: 'bad', labels: { 'bad key': 'x' } } });
    assert.equal(r.status, 422);
    assert.equal(r.json.reason, 'Invalid');
    assert.equal(r.json.details.kind, 'ConfigMap');
    assert.equal(r.json.details.causes[0].field, 'metadata.labels');
    assert.equal(r.json.details.causes[0].reason, 'FieldValueInvalid');
    const wrongType = await call('POST', base, { metadata: { name: 'typed' }, data: { a: 1 } });
    assert.equal(wrongType.status, 422, wrongType.text);
  });

  it('runs dryRun=All without storing anything', async () => {
    const r = await call('POST', `${base}?dryRun=All`, cm('dry'));
    assert.equal(r.status, 201);
    assert.equal((await call('GET', `${base}/dry`)).status, 404);
    const badDryRun = await call('POST', `${base}?dryRun=Some`, cm('dry'));
    assert.equal(badDryRun.status, 422);
  });

  it('applies fieldValidation: Strict refuses, Warn warns, Ignore ignores unknown fields', async () => {
    const strict = await call('POST', `${base}?fieldValidation=Strict`, cm('strict', { spec: {} }));
    assert.equal(strict.status, 400);
    assert.equal(strict.json.message, 'strict decoding error: unknown field "spec"');
    const warn = await call('POST', `${base}?fieldValidation=Warn`, cm('warned', { spec: {} }));
    assert.equal(warn.status, 201);
    assert.equal(warn.headers['warning'], '299 - "unknown field \\"spec\\""');
    assert.equal(warn.json.spec, undefined, 'unknown fields are dropped');
    const ignore = await call('POST', `${base}?fieldValidation=Ignore`, cm('ignored', { spec: {} }));
    assert.equal(ignore.status, 201);
    assert.equal(ignore.headers['warning'], undefined);
  });

  it('lists with selectors, pages with continue tokens, and refuses unsupported field selectors', async () => {
    for (const n of ['l1', 'l2', 'l3']) await call('POST', base, { metadata: { name: n, labels: { group: 'paged' } } });
    const first = await call('GET', `${base}?labelSelector=group%3Dpaged&limit=2`);
    assert.equal(first.json.kind, 'ConfigMapList');
    assert.equal(first.json.items.length, 2);
    assert.equal(first.json.items[0].kind, undefined, 'built-in list items carry no kind');
    assert.ok(first.json.metadata.continue);
    const second = await call('GET', `${base}?labelSelector=group%3Dpaged&limit=2&continue=${encodeURIComponent(first.json.metadata.continue)}`);
    assert.deepEqual(second.json.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['l3']);
    const byName = await call('GET', `${base}?fieldSelector=metadata.name%3Dl2`);
    assert.deepEqual(byName.json.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['l2']);
    const unsupported = await call('GET', `${base}?fieldSelector=spec.x%3Dy`);
    assert.equal(unsupported.status, 400);
    const secrets = await call('GET', '/api/v1/secrets?fieldSelector=type%3DOpaque');
    assert.equal(secrets.status, 200, secrets.text);
  });

  it('renders Tables for kubectl, with includeObject', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const table = await call('GET', `${base}?labelSelector=group%3Dpaged`, undefined, { accept });
    assert.equal(table.json.kind, 'Table');
    assert.deepEqual(table.json.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Data', 'Age']);
    assert.equal(table.json.rows[0].object.kind, 'PartialObjectMetadata');
    const full = await call('GET', `${base}?labelSelector=group%3Dpaged&includeObject=Object`, undefined, { accept });
    assert.equal(full.json.rows[0].object.kind, 'ConfigMap');
    assert.equal(table.headers['content-type'], 'application/json;as=Table;v=v1;g=meta.k8s.io');
    const one = await call('GET', `${base}/l1`, undefined, { accept });
    assert.equal(one.json.rows.length, 1);
  });

  it('watches with bookmarks and sendInitialEvents, and ends at timeoutSeconds', async () => {
    const list = await call('GET', base);
    const r = await call('GET', `${base}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1`);
    assert.equal(r.status, 200);
    const events = r.text.trim().split('\n').map((l) => JSON.parse(l));
    const end = events.find((e) => e.type === 'BOOKMARK');
    assert.ok(end, 'an initial-events-end bookmark');
    assert.equal(end.object.metadata.annotations['k8s.io/initial-events-end'], 'true');
    assert.equal(end.object.kind, 'ConfigMap');
    const added = events.filter((e) => e.type === 'ADDED');
    assert.equal(added.length, list.json.items.length);
    const fromNow = await call('GET', `${base}?watch=true&resourceVersion=${list.json.metadata.resourceVersion}&timeoutSeconds=1`);
    assert.equal(fromNow.status, 200);
    assert.equal(fromNow.text, '', 'a watch from the list revision replays nothing');
    const badRv = await call('GET', `${base}?watch=true&resourceVersion=abc&timeoutSeconds=1`);
    assert.ok(badRv.status === 400 || JSON.parse(badRv.text.trim().split('\n')[0]!).type === 'ERROR', badRv.text);
  });

  it('deletes with preconditions, finalizers and deletecollection', async () => {
    const created = (await call('POST', base, cm('deleted'))).json;
    const wrongUid = await call('DELETE', `${base}/deleted`, { preconditions: { uid: 'nope' } });
    assert.equal(wrongUid.status, 409);
    const done = await call('DELETE', `${base}/deleted`, { propagationPolicy: 'Background' });
    assert.equal(done.status, 200);
    assert.equal(done.json.status, 'Success');
    assert.deepEqual(done.json.details, { name: 'deleted', kind: 'configmaps', uid: created.metadata.uid });
    await call('POST', base, { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    const kept = await call('DELETE', `${base}/held`);
    assert.equal(kept.status, 200);
    assert.ok(kept.json.metadata.deletionTimestamp);
    const still = await call('GET', `${base}/held`);
    assert.equal(still.status, 200);
    const released = await call('PATCH', `${base}/held`, { metadata: { finalizers: null } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(released.status, 200, released.text);
    assert.equal((await call('GET', `${base}/held`)).status, 404);
    const all = await call('DELETE', `${base}?labelSelector=group%3Dpaged`);
    assert.equal(all.status, 200);
    assert.equal(all.json.kind, 'ConfigMapList');
    assert.equal(all.json.items.length, 3);
    assert.equal((await call('GET', `${base}?labelSelector=group%3Dpaged`)).json.items.length, 0);
  });

  it('serves status and scale subresources', async () => {
    const fl = '/apis/wardle.example.com/v1alpha1/namespaces/default/flunders';
    const created = await call('POST', fl, { apiVersion: 'wardle.example.com/v1alpha1', kind: 'Flunder', metadata: { name: 'f' }, spec: { replicas: 1 }, status: { replicas: 9 } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.status?.replicas, undefined, 'status is ignored on create');
    const status = await call('PUT', `${fl}/f/status`, { ...created.json, spec: { replicas: 5 }, status: { replicas: 1 } });
    assert.equal(status.status, 200, status.text);
    assert.equal(status.json.status.replicas, 1);
    assert.equal(status.json.spec.replicas, 1, 'spec is ignored on /status');
    const scale = await call('GET', `${fl}/f/scale`);
    assert.equal(scale.json.kind, 'Scale');
    assert.equal(scale.json.apiVersion, 'autoscaling/v1');
    assert.equal(scale.json.spec.replicas, 1);
    const scaled = await call('PATCH', `${fl}/f/scale`, { spec: { replicas: 4 } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(scaled.status, 200, scaled.text);
    assert.equal((await call('GET', `${fl}/f`)).json.spec.replicas, 4);
    const smp = await call('PATCH', `${fl}/f`, { spec: { replicas: 2 } }, { 'content-type': 'application/strategic-merge-patch+json' });
    // wardle is served like a built-in (as sample-apiserver serves it), so strategic merge works.
    assert.equal(smp.status, 200, smp.text);
    assert.equal(smp.json.spec.replicas, 2);
  });

  it('answers 405 for verbs a resource does not have and 404 for unknown items', async () => {
    const r = await call('GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    assert.ok(r.status === 405 || r.status === 404, r.text);
    const missing = await call('GET', `${base}/missing`);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.message, 'configmaps "missing" not found');
  });
});
