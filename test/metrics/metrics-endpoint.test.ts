// /metrics on a started server: who may read it (system:monitoring yes, view no), its content
// type, and what real traffic (create/get/list/watch/delete of configmaps, a 404) leaves in the
// request, long-running, watch and storage families. One in-memory server; about 2-4 s.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';
import { rawGet, rawSend, type RawCreds } from '../security/support.js';

const PROM = 'Authorization: Bearer prom-token-7';
const VIEWER = 'Authorization: Bearer viewer-token-8';
const NS = 'metrics-test';

function clusterRoleBinding(name: string, role: string, user: string): string {
  return JSON.stringify({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  });
}

/** The value of the sample line that starts with exactly `series ` (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const requestSeries = (verb: string, scope: string, code: number) =>
  `apiserver_request_total{code="${code}",component="apiserver",dry_run="",group="",resource="configmaps",scope="${scope}",subresource="",verb="${verb}",version="v1"}`;
const longRunningSeries = 'apiserver_longrunning_requests{component="apiserver",group="",resource="configmaps",scope="namespace",subresource="",verb="WATCH",version="v1"}';
const watchEventsSeries = 'apiserver_watch_events_total{group="",kind="ConfigMap",version="v1"}';
const storedSeries = 'apiserver_storage_objects{resource="configmaps"}';

async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface OpenWatch {
  readonly events: Array<{ type: string; object: { metadata: { name: string } } }>;
  close(): void;
}

function openWatch(port: number, creds: RawCreds, path: string): Promise<OpenWatch> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, method: 'GET', servername: 'localhost', ...creds }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`watch answered ${res.statusCode}`));
      const events: OpenWatch['events'] = [];
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (line) events.push(JSON.parse(line) as OpenWatch['events'][number]);
        }
      });
      res.on('error', () => undefined);
      resolve({ events, close: () => req.destroy() });
    });
    req.on('error', (err) => reject(err));
    req.end();
  });
}

describe('metrics: /metrics endpoint', { timeout: 60_000 }, () => {
  let dir: string;
  let server: TestServer;
  let port: number;
  let admin: RawCreds;
  let anonymous: RawCreds;

  const scrape = async (): Promise<string> => {
    const r = await rawGet(port, admin, '/metrics');
    assert.equal(r.status, 200, r.body);
    return r.body;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-metrics-'));
    const tokens = join(dir, 'tokens.csv');
    await writeFile(tokens, 'prom-token-7,prom,1001\nviewer-token-8,viewer,1002\n');
    server = await startTestServer({ security: { tokenAuthFile: tokens } });
    port = server.server.port;
    admin = { ca: server.server.caPem, cert: server.server.admin.certPem, key: server.server.admin.keyPem };
    anonymous = { ca: server.server.caPem };
    const crb = '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings';
    for (const body of [clusterRoleBinding('prom-monitoring', 'system:monitoring', 'prom'), clusterRoleBinding('viewer-view', 'view', 'viewer')]) {
      const r = await rawSend(port, admin, 'POST', crb, body);
      assert.equal(r.status, 201, r.body);
    }
    const ns = await rawSend(port, admin, 'POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }));
    assert.equal(ns.status, 201, ns.body);
  });

  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the text format to system:monitoring and refuses a user who may only view', async () => {
    let prom = await rawGet(port, anonymous, '/metrics', [PROM]);
    // A new binding reaches the authorizer through its informer: give it a moment.
    await eventually('the system:monitoring binding', async () => {
      prom = await rawGet(port, anonymous, '/metrics', [PROM]);
      return prom.status === 200;
    });
    assert.match(prom.headers, /^content-type: text\/plain; version=0\.0\.4; charset=utf-8\r?$/im);
    assert.match(prom.body, /^# TYPE apiserver_request_total counter$/m);
    assert.match(prom.body, /^# TYPE process_start_time_seconds gauge$/m);
    assert.match(prom.body, /^apiserver_current_inflight_requests\{request_kind="readOnly"\} \d+$/m);

    const viewer = await rawGet(port, anonymous, '/metrics', [VIEWER]);
    assert.equal(viewer.status, 403, viewer.body);
    const status = JSON.parse(viewer.body) as { reason?: string; message?: string };
    assert.equal(status.reason, 'Forbidden');
    assert.match(status.message ?? '', /User "viewer" cannot get path "\/metrics"/);
    // The viewer binding is live: the same user reads configmaps.
    assert.equal((await rawGet(port, anonymous, `/api/v1/namespaces/${NS}/configmaps`, [VIEWER])).status, 200);

    assert.equal((await rawGet(port, anonymous, '/metrics')).status, 403, 'anonymous');
    assert.equal((await rawSend(port, anonymous, 'POST', '/metrics', '', [PROM])).status, 403, 'monitoring may only get');
    assert.equal((await rawSend(port, admin, 'POST', '/metrics', '')).status, 405, 'GET only');
  });

  it('records configmap traffic, the watch and the stored objects', async () => {
    const base = `/api/v1/namespaces/${NS}/configmaps`;
    const before = await scrape();
    const storedBefore = sample(before, storedSeries);

    const watch = await openWatch(port, admin, `${base}?watch=true`);
    await eventually('the open watch in apiserver_longrunning_requests', async () => sample(await scrape(), longRunningSeries) === sample(before, longRunningSeries) + 1);

    const created = await rawSend(port, admin, 'POST', base, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' }, data: { k: 'v' } }));
    assert.equal(created.status, 201, created.body);
    assert.equal((await rawGet(port, admin, `${base}/one`)).status, 200);
    assert.equal((await rawGet(port, admin, base)).status, 200);
    assert.equal((await rawGet(port, admin, `${base}/missing`)).status, 404);
    const withObject = await scrape();
    assert.equal(sample(withObject, storedSeries), storedBefore + 1);
    assert.equal((await rawSend(port, admin, 'DELETE', `${base}/one`, '')).status, 200);

    await eventually('ADDED and DELETED on the watch', async () => watch.events.length >= 2);
    assert.deepEqual(
      watch.events.map((e) => [e.type, e.object.metadata.name]),
      [
        ['ADDED', 'one'],
        ['DELETED', 'one'],
      ],
    );
    watch.close();
    // The watch is counted when it ends, as kube counts it.
    let after = '';
    await eventually('the closed watch in apiserver_request_total', async () => {
      after = await scrape();
      return sample(after, requestSeries('WATCH', 'namespace', 200)) === sample(before, requestSeries('WATCH', 'namespace', 200)) + 1;
    });

    const delta = (series: string) => sample(after, series) - sample(before, series);
    assert.equal(delta(requestSeries('POST', 'resource', 201)), 1);
    assert.equal(delta(requestSeries('GET', 'resource', 200)), 1);
    assert.equal(delta(requestSeries('GET', 'resource', 404)), 1);
    assert.equal(delta(requestSeries('LIST', 'namespace', 200)), 1);
    assert.equal(delta(requestSeries('DELETE', 'resource', 200)), 1);
    assert.equal(delta(longRunningSeries), 0, 'the gauge is back where it was');
    assert.equal(delta(watchEventsSeries), 2);
    assert.equal(sample(after, storedSeries), storedBefore);
    const durationCount = `apiserver_request_duration_seconds_count{component="apiserver",dry_run="",group="",resource="configmaps",scope="resource",subresource="",verb="POST",version="v1"}`;
    assert.equal(sample(after, durationCount) - sample(before, durationCount), 1);
    assert.match(after, /^apiserver_watch_events_sizes_bucket\{group="",kind="ConfigMap",version="v1",le="\+Inf"\} \d+$/m);
  });
});
