// --max-requests-inflight answers 429 with Retry-After once the read-only pool is full (watches,
// health probes and system:masters exempt), and --request-timeout / ?timeout= answer a stuck
// request 504. A request is held in flight by reading at a resourceVersion the cache has not
// reached: the watch cache waits about 3 s for it. About 8 s.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InflightLimiter, isInflightExempt, isMutating } from '../../runtime/server/filters/index.js';
import { parseRequestInfo } from '../../runtime/server/request-info.js';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';
import { leakFreeStatus, rawGet, type RawCreds } from '../security/support.js';

const TOKEN = 'limits-token-0123456789';
const FUTURE = '/api/v1/namespaces/default/configmaps?resourceVersion=999999999&resourceVersionMatch=NotOlderThan';

describe('in-flight limits and the request deadline', { timeout: 60_000 }, () => {
  let dir: string;
  let server: TestServer;
  let anon: RawCreds;
  let admin: RawCreds;
  const bearer = [`Authorization: Bearer ${TOKEN}`];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-limits-'));
    const tokens = join(dir, 'tokens.csv');
    // A cluster-admin by binding, not system:masters: the limit applies to it.
    await writeFile(tokens, `${TOKEN},flooder,u-1,"system:authenticated"\n`);
    server = await startTestServer({
      security: { tokenAuthFile: tokens, maxRequestsInflight: 2, maxMutatingRequestsInflight: 1, requestTimeoutSeconds: 30 },
    });
    anon = { ca: server.server.caPem };
    admin = { ...anon, cert: server.server.admin.certPem, key: server.server.admin.keyPem };
    const { request } = await import('node:https');
    const body = JSON.stringify({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'flooder-admin' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'User', name: 'flooder', apiGroup: 'rbac.authorization.k8s.io' }],
    });
    await new Promise<void>((resolve, reject) => {
      const req = request(
        `${server.url}/apis/rbac.authorization.k8s.io/v1/clusterrolebindings`,
        { method: 'POST', ...admin, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`binding: ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  });

  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 429 with Retry-After once the read-only pool is full, and frees the slots after', async () => {
    // Two held requests fill --max-requests-inflight=2.
    const held = [rawGet(server.server.port, anon, FUTURE, bearer), rawGet(server.server.port, anon, FUTURE, bearer)];
    // The held requests take their slots as soon as they pass authentication: probe until refused.
    let refused = await rawGet(server.server.port, anon, '/api/v1/namespaces/default/configmaps', bearer);
    for (let i = 0; refused.status === 200 && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 25));
      refused = await rawGet(server.server.port, anon, '/api/v1/namespaces/default/configmaps', bearer);
    }
    assert.equal(refused.status, 429, refused.body);
    assert.match(refused.headers, /^retry-after: 1$/im);
    const status = leakFreeStatus(refused);
    assert.equal(status.reason, 'TooManyRequests');
    assert.equal(status.message, 'Too many requests, please try again later.');

    // Exempt while the pool is full: system:masters, health probes, watches.
    const master = await rawGet(server.server.port, admin, '/api/v1/namespaces/default/configmaps');
    assert.equal(master.status, 200, master.body);
    const health = await rawGet(server.server.port, anon, '/readyz', bearer);
    assert.equal(health.status, 200, health.body);
    const watch = await rawGet(server.server.port, anon, '/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1', bearer);
    assert.equal(watch.status, 200, watch.body);

    for (const r of await Promise.all(held)) assert.notEqual(r.status, 429, r.body);
    const again = await rawGet(server.server.port, anon, '/api/v1/namespaces/default/configmaps', bearer);
    assert.equal(again.status, 200, again.body);
  });

  it('answers a request that misses ?timeout= with a 504 Timeout Status', async () => {
    const started = performance.now();
    const r = await rawGet(server.server.port, anon, `${FUTURE}&timeout=1s`, bearer);
    assert.equal(r.status, 504, r.body);
    const status = leakFreeStatus(r);
    assert.equal(status.reason, 'Timeout');
    assert.equal(status.message, 'Timeout: request did not complete within requested timeout - context deadline exceeded');
    // Answered at the deadline, not when the cache gave up (about 3 s).
    assert.ok(performance.now() - started < 2900, `took ${performance.now() - started} ms`);
    const bad = await rawGet(server.server.port, anon, '/api/v1/namespaces/default/configmaps?timeout=soon', bearer);
    assert.equal(bad.status, 400, bad.body);
    assert.match(leakFreeStatus(bad).message ?? '', /^invalid timeout specified in the request URL/);
  });

  it('sends an Audit-Id header on every answer, the client\'s own when it gives one', async () => {
    const r = await rawGet(server.server.port, anon, '/version', bearer);
    assert.match(r.headers, /^audit-id: [0-9a-f-]{36}$/im);
    const own = await rawGet(server.server.port, anon, '/version', [...bearer, 'Audit-ID: my-request-1']);
    assert.match(own.headers, /^audit-id: my-request-1$/im);
  });
});

describe('--request-timeout', { timeout: 30_000 }, () => {
  it('answers 504 when the server deadline passes', async () => {
    const server = await startTestServer({ security: { requestTimeoutSeconds: 1 } });
    try {
      const admin = { ca: server.server.caPem, cert: server.server.admin.certPem, key: server.server.admin.keyPem };
      const r = await rawGet(server.server.port, admin, FUTURE);
      assert.equal(r.status, 504, r.body);
      assert.equal(leakFreeStatus(r).reason, 'Timeout');
      // A ?timeout= longer than the server's is capped by it.
      const capped = await rawGet(server.server.port, admin, `${FUTURE}&timeout=10s`);
      assert.equal(capped.status, 504, capped.body);
    } finally {
      await server.stop();
    }
  });
});

describe('InflightLimiter', () => {
  it('keeps separate read-only and mutating pools and reports the counts', () => {
    const seen: string[] = [];
    const limiter = new InflightLimiter({ maxReadOnly: 1, maxMutating: 1, onChange: (kind, n) => seen.push(`${kind}=${n}`) });
    const user = { username: 'u', groups: ['system:authenticated'] };
    const read = limiter.acquire('readOnly', user);
    assert.throws(() => limiter.acquire('readOnly', user), (e: { code?: number }) => e.code === 429);
    const write = limiter.acquire('mutating', user);
    assert.throws(() => limiter.acquire('mutating', user), (e: { code?: number }) => e.code === 429);
    const masters = limiter.acquire('mutating', { username: 'root', groups: ['system:masters'] });
    read();
    read();
    write();
    masters();
    assert.equal(limiter.current('readOnly'), 0);
    assert.equal(limiter.current('mutating'), 0);
    assert.deepEqual(seen, ['readOnly=1', 'mutating=1', 'mutating=2', 'readOnly=0', 'mutating=1', 'mutating=0']);
    const unlimited = new InflightLimiter({ maxReadOnly: 0, maxMutating: 0 });
    for (let i = 0; i < 1000; i++) unlimited.acquire('readOnly', user);
    assert.equal(unlimited.current('readOnly'), 1000);
  });
});

describe('in-flight pools', () => {
  it('counts everything but get, list and watch as mutating, as kube does, and exempts watches and probes', () => {
    const info = (method: string, url: string) => parseRequestInfo(method, url);
    assert.equal(isMutating(info('GET', '/api/v1/namespaces/default/configmaps/a')), false);
    assert.equal(isMutating(info('GET', '/api/v1/configmaps?watch=1')), false);
    assert.equal(isMutating(info('GET', '/version')), false);
    assert.equal(isMutating(info('POST', '/api/v1/namespaces/default/configmaps')), true);
    assert.equal(isMutating(info('DELETE', '/api/v1/namespaces/default/configmaps')), true);
    assert.equal(isMutating(info('HEAD', '/version')), true);
    assert.equal(isMutating(info('OPTIONS', '/api')), true);
    assert.equal(isInflightExempt(info('GET', '/api/v1/configmaps?watch=true')), true);
    assert.equal(isInflightExempt(info('GET', '/readyz')), true);
    assert.equal(isInflightExempt(info('GET', '/api/v1/configmaps')), false);
  });
});
