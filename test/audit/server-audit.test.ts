// End to end through a real server: --audit-policy-file and --audit-log-path, requests at each
// level, by the admin, by a token user and with a bad token; the log is read back after the
// server stops (closing it flushes the log). About 3 s (one watch runs 1 s).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuditEvent } from '../../runtime/audit/index.js';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';

const ALICE_TOKEN = 'audit-alice-token-0123456789';

const POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitManagedFields: true
rules:
  - level: None
    nonResourceURLs: ["/healthz*", "/readyz*", "/livez*"]
  - level: RequestResponse
    resources: [{group: "", resources: [configmaps]}]
  - level: Request
    resources: [{group: "", resources: [secrets]}]
  - level: Metadata
`;

interface Answer {
  status: number;
  auditID: string | undefined;
  body: string;
}

describe('audit through the server', { timeout: 60_000 }, () => {
  let dir: string;
  let logPath: string;
  let server: TestServer | undefined;
  let events: AuditEvent[] = [];
  const answers = new Map<string, Answer>();

  function call(name: string, method: string, path: string, who: 'admin' | 'alice' | 'bad', body?: unknown): Promise<void> {
    const s = server!;
    const creds = who === 'admin' ? { cert: s.server.admin.certPem, key: s.server.admin.keyPem } : {};
    const headers: Record<string, string> = { 'user-agent': `audit-test/${name}` };
    if (who === 'alice') headers.authorization = `Bearer ${ALICE_TOKEN}`;
    if (who === 'bad') headers.authorization = 'Bearer not-a-known-token';
    if (body !== undefined) headers['content-type'] = 'application/json';
    return new Promise((resolve, reject) => {
      const req = httpsRequest(`${s.url}${path}`, { method, ca: s.server.caPem, ...creds, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const id = res.headers['audit-id'];
          answers.set(name, { status: res.statusCode ?? 0, auditID: Array.isArray(id) ? id[0] : id, body: text });
          resolve();
        });
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  const eventsOf = (name: string): AuditEvent[] => {
    const id = answers.get(name)?.auditID;
    assert.ok(id, `${name} has an Audit-Id header`);
    return events.filter((e) => e.auditID === id);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-audit-e2e-'));
    const policyPath = join(dir, 'policy.yaml');
    const tokens = join(dir, 'tokens.csv');
    logPath = join(dir, 'audit.log');
    await writeFile(policyPath, POLICY);
    await writeFile(tokens, `${ALICE_TOKEN},alice,u-alice,"devs"\n`);
    server = await startTestServer({ security: { tokenAuthFile: tokens, auditPolicyFile: policyPath, auditLogPath: logPath } });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'audited' }, data: { a: '1' } };
    await call('create-cm', 'POST', '/api/v1/namespaces/default/configmaps', 'admin', cm);
    await call('create-secret', 'POST', '/api/v1/namespaces/default/secrets', 'admin', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, stringData: { k: 'v' } });
    await call('list-ns', 'GET', '/api/v1/namespaces', 'admin');
    await call('alice-get-cm', 'GET', '/api/v1/namespaces/default/configmaps/audited', 'alice');
    await call('missing-cm', 'GET', '/api/v1/namespaces/default/configmaps/missing', 'admin');
    await call('bad-token', 'GET', '/api/v1/namespaces', 'bad');
    await call('healthz', 'GET', '/healthz', 'admin');
    await call('watch', 'GET', '/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1', 'admin');
    await server.stop();
    server = undefined;
    events = (await readFile(logPath, 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as AuditEvent);
  });

  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('every event is an audit.k8s.io/v1 Event whose auditID was the Audit-Id header', () => {
    assert.ok(events.length > 0);
    for (const e of events) {
      assert.equal(e.kind, 'Event');
      assert.equal(e.apiVersion, 'audit.k8s.io/v1');
    }
    const ids = new Set(events.map((e) => e.auditID));
    for (const name of ['create-cm', 'create-secret', 'list-ns', 'alice-get-cm', 'missing-cm', 'watch']) {
      assert.ok(ids.has(answers.get(name)!.auditID!), name);
    }
  });

  it('RequestResponse (configmaps): both objects, managedFields omitted, allow annotations', () => {
    assert.equal(answers.get('create-cm')!.status, 201, answers.get('create-cm')!.body);
    const evs = eventsOf('create-cm');
    assert.deepEqual(evs.map((e) => e.stage), ['RequestReceived', 'ResponseComplete']);
    const done = evs[1]!;
    assert.equal(done.level, 'RequestResponse');
    assert.equal(done.verb, 'create');
    assert.deepEqual(done.user.groups, ['system:masters', 'system:authenticated']);
    assert.equal(done.userAgent, 'audit-test/create-cm');
    assert.deepEqual(done.sourceIPs, ['127.0.0.1']);
    assert.equal(done.objectRef?.resource, 'configmaps');
    assert.equal(done.objectRef?.namespace, 'default');
    assert.equal(done.objectRef?.name, 'audited');
    assert.deepEqual(done.responseStatus, { metadata: {}, code: 201 });
    assert.deepEqual((done.requestObject as { data: unknown }).data, { a: '1' });
    const resp = done.responseObject as { metadata: Record<string, unknown> };
    assert.equal(resp.metadata.name, 'audited');
    assert.ok(resp.metadata.uid, 'the stored object');
    assert.equal(resp.metadata.managedFields, undefined);
    assert.equal(done.annotations?.['authorization.k8s.io/decision'], 'allow');
    assert.ok('authorization.k8s.io/reason' in (done.annotations ?? {}));
  });

  it('Request (secrets): requestObject but no responseObject', () => {
    const done = eventsOf('create-secret').at(-1)!;
    assert.equal(done.level, 'Request');
    assert.deepEqual((done.requestObject as { stringData: unknown }).stringData, { k: 'v' });
    assert.equal(done.responseObject, undefined);
  });

  it('Metadata: neither object', () => {
    const evs = eventsOf('list-ns');
    assert.deepEqual(evs.map((e) => e.stage), ['RequestReceived', 'ResponseComplete']);
    assert.equal(evs[1]!.level, 'Metadata');
    assert.equal(evs[1]!.verb, 'list');
    assert.equal(evs[1]!.requestObject, undefined);
    assert.equal(evs[1]!.responseObject, undefined);
    assert.deepEqual(evs[1]!.responseStatus, { metadata: {}, code: 200 });
  });

  it('a token user refused by authorization: forbid annotation and the 403 Status', () => {
    assert.equal(answers.get('alice-get-cm')!.status, 403);
    const done = eventsOf('alice-get-cm').at(-1)!;
    assert.equal(done.user.username, 'alice');
    assert.equal(done.user.uid, 'u-alice');
    assert.equal(done.annotations?.['authorization.k8s.io/decision'], 'forbid');
    assert.equal(done.responseStatus?.code, 403);
    assert.equal(done.responseStatus?.reason, 'Forbidden');
  });

  it('an error answer copies the Status into responseStatus', () => {
    const done = eventsOf('missing-cm').at(-1)!;
    assert.equal(done.responseStatus?.code, 404);
    assert.equal(done.responseStatus?.reason, 'NotFound');
    assert.equal(done.responseStatus?.status, 'Failure');
    assert.match(done.responseStatus?.message ?? '', /configmaps "missing" not found/);
  });

  it('a failed authentication is one ResponseStarted event with an empty user', () => {
    assert.equal(answers.get('bad-token')!.status, 401);
    const evs = eventsOf('bad-token');
    assert.equal(evs.length, 1);
    assert.equal(evs[0]!.stage, 'ResponseStarted');
    assert.deepEqual(evs[0]!.user, {});
    assert.equal(evs[0]!.responseStatus?.code, 401);
  });

  it('a None rule writes no line', () => {
    assert.equal(answers.get('healthz')!.status, 200);
    assert.equal(eventsOf('healthz').length, 0);
  });

  it('a watch gets ResponseStarted then ResponseComplete', () => {
    const evs = eventsOf('watch');
    assert.deepEqual(evs.map((e) => e.stage), ['RequestReceived', 'ResponseStarted', 'ResponseComplete']);
    assert.equal(evs[0]!.verb, 'watch');
    assert.equal(evs[1]!.responseStatus?.code, 200);
    assert.ok(evs[2]!.stageTimestamp >= evs[1]!.stageTimestamp);
  });
});
