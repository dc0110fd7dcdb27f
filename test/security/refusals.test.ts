// Refusals and hostile inputs against a server with the full security chain: every refusal is a
// clean Status (no stack traces, no source paths), malformed and oversized requests are answered
// rather than crashing anything, and no path or header trick widens what a user may reach.
// One in-memory server; about 2-3 s.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';
import { leakFreeStatus, rawGet, rawSend, type RawCreds } from './support.js';

const BOB = 'Authorization: Bearer bob-secret-token-42';

describe('security: refusals and hostile input', { timeout: 60_000 }, () => {
  let dir: string;
  let server: TestServer;
  let port: number;
  let admin: RawCreds;
  let anonymous: RawCreds;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-security-'));
    const tokens = join(dir, 'tokens.csv');
    await writeFile(tokens, 'bob-secret-token-42,bob,5678\n');
    server = await startTestServer({ security: { tokenAuthFile: tokens } });
    port = server.server.port;
    admin = { ca: server.server.caPem, cert: server.server.admin.certPem, key: server.server.admin.keyPem };
    anonymous = { ca: server.server.caPem };
    // bob may read configmaps in "default" and nothing else.
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'bob-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' }],
    };
    const r = await rawSend(port, admin, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', JSON.stringify(binding));
    assert.equal(r.status, 201, r.body);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'crown-jewels' }, stringData: { k: 'v' } };
    assert.equal((await rawSend(port, admin, 'POST', '/api/v1/namespaces/kube-system/secrets', JSON.stringify(secret))).status, 201);
  });

  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers every authentication and authorization refusal with a clean Status', async () => {
    const cases: Array<[string, Promise<import('./support.js').RawResponse>, number, string]> = [
      ['unknown token', rawGet(port, anonymous, '/api/v1/namespaces', ['Authorization: Bearer nope']), 401, 'Unauthorized'],
      ['forged JWT', rawGet(port, anonymous, '/api/v1/namespaces', ['Authorization: Bearer eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwczovL2t1YmVybmV0ZXMuZGVmYXVsdC5zdmMuY2x1c3Rlci5sb2NhbCJ9.AAAA']), 401, 'Unauthorized'],
      ['anonymous list', rawGet(port, anonymous, '/api/v1/namespaces'), 403, 'Forbidden'],
      ['anonymous path', rawGet(port, anonymous, '/metrics'), 403, 'Forbidden'],
      ['bob outside his grant', rawGet(port, anonymous, '/api/v1/namespaces/kube-system/secrets', [BOB]), 403, 'Forbidden'],
      ['bob impersonating', rawGet(port, anonymous, '/api/v1/namespaces', [BOB, 'Impersonate-User: alice']), 403, 'Forbidden'],
      ['two impersonated users', rawGet(port, admin, '/api/v1/namespaces', ['Impersonate-User: a', 'Impersonate-User: b']), 400, 'BadRequest'],
      ['impersonated group without user', rawGet(port, admin, '/api/v1/namespaces', ['Impersonate-Group: system:masters']), 500, 'InternalError'],
      ['unknown path', rawGet(port, admin, '/apis/nope.example.com/v1/things'), 404, 'NotFound'],
      ['bad JSON', rawSend(port, admin, 'POST', '/api/v1/namespaces/default/configmaps', '{"metadata":'), 400, 'BadRequest'],
    ];
    for (const [name, pending, code, reason] of cases) {
      const r = await pending;
      assert.equal(r.status, code, `${name}: ${r.body}`);
      const status = leakFreeStatus(r);
      assert.equal(status.reason, reason, name);
    }
    const denied = leakFreeStatus(await rawGet(port, anonymous, '/api/v1/namespaces/kube-system/secrets', [BOB]));
    assert.equal(denied.message, 'secrets is forbidden: User "bob" cannot list resource "secrets" in API group "" in the namespace "kube-system"');
    const unknownToken = leakFreeStatus(await rawGet(port, anonymous, '/api/v1/namespaces', ['Authorization: Bearer nope']));
    assert.equal(unknownToken.message, 'Unauthorized', 'why a token failed stays on the server');
  });

  it('answers oversized headers with a Status and keeps serving', async () => {
    const huge = await rawGet(port, admin, '/api/v1/namespaces', [`X-Padding: ${'a'.repeat(64 * 1024)}`]);
    assert.equal(huge.status, 431);
    assert.equal(leakFreeStatus(huge).code, 431);
    const manyImpersonatedGroups = Array.from({ length: 2000 }, (_, i) => `Impersonate-Group: group-${i}`);
    const many = await rawGet(port, admin, '/api/v1/namespaces', ['Impersonate-User: bob', ...manyImpersonatedGroups]);
    assert.equal(many.status, 431);
    leakFreeStatus(many);
    assert.equal((await rawGet(port, admin, '/api/v1/namespaces/default')).status, 200);
  });

  it('answers an oversized URL with a Status, and refuses an oversized HTTP/2 header block and keeps serving', async () => {
    const longUrl = await rawGet(port, admin, `/api/v1/namespaces/default/configmaps/${'x'.repeat(20 * 1024)}`);
    assert.equal(longUrl.status, 431);
    leakFreeStatus(longUrl);
    // HTTP/2: past the 64 KiB header list the stream is refused (REFUSED_STREAM); the header
    // compression state is then out of step, so a client's next request goes on a new session.
    const open = () => connect(server.url, { ca: server.server.caPem, cert: server.server.admin.certPem, key: server.server.admin.keyPem });
    let session = open();
    try {
      const send = (headers: Record<string, string>) =>
        new Promise<{ status: number; error?: string }>((resolve) => {
          const stream = session.request({ ':path': '/api/v1/namespaces/default', ...headers });
          let status = 0;
          stream.on('response', (h) => (status = Number(h[':status'])));
          stream.on('error', (err: NodeJS.ErrnoException) => resolve({ status, error: err.code ?? String(err) }));
          stream.resume();
          stream.on('end', () => resolve({ status }));
          stream.end();
        });
      const refused = await send({ 'x-padding': 'a'.repeat(80 * 1024) });
      assert.equal(refused.status, 0);
      assert.equal(refused.error, 'ERR_HTTP2_STREAM_ERROR');
      session.close();
      session = open();
      assert.equal((await send({})).status, 200);
    } finally {
      session.close();
    }
  });

  it('keeps path traversal in names inside the resource it names', async () => {
    const evil = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '../../kube-system/secrets/crown-jewels' } };
    const create = await rawSend(port, admin, 'POST', '/api/v1/namespaces/default/configmaps', JSON.stringify(evil));
    assert.equal(create.status, 422, create.body);
    assert.equal(leakFreeStatus(create).reason, 'Invalid');
    const dotName = await rawSend(port, admin, 'POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ ...evil, metadata: { name: '..' } }));
    assert.equal(dotName.status, 422, dotName.body);
    const get = await rawGet(port, anonymous, '/api/v1/namespaces/default/configmaps/..%2F..%2Fkube-system%2Fsecrets%2Fcrown-jewels', [BOB]);
    assert.equal(get.status, 404, get.body);
    assert.doesNotMatch(get.body, /"kind":"Secret"/);
    leakFreeStatus(get);
  });

  it('gives no more through ".." segments and encoded slashes than the plain path would', async () => {
    const paths = [
      '/api/v1/namespaces/default/../kube-system/secrets',
      '/api/v1/namespaces/default/configmaps/../../kube-system/secrets',
      '/api/v1/namespaces/default%2F..%2Fkube-system/secrets',
      '/api/v1/namespaces/default/%2e%2e/kube-system/secrets',
      '/api/v1/namespaces/kube-system/secrets/crown-jewels/..',
      '/api/v1/namespaces/default/configmaps/..%2F..%2F..%2Fkube-system%2Fsecrets',
    ];
    for (const path of paths) {
      const r = await rawGet(port, anonymous, path, [BOB]);
      assert.ok(r.status >= 400 && r.status < 500, `${path}: ${r.status} ${r.body}`);
      assert.doesNotMatch(r.body, /"kind":"SecretList"|"kind":"Secret"|"data":/, path);
      leakFreeStatus(r);
    }
  });

  it('refuses injected and malformed impersonation values cleanly', async () => {
    // Control bytes never reach the filters: the HTTP parser answers.
    const control = await rawGet(port, admin, '/api/v1/namespaces', ['Impersonate-User: bob\x01admin']);
    assert.equal(control.status, 400);
    leakFreeStatus(control);
    // A line break inside a value is a second header to the parser: bob asks to be in
    // system:masters, which is an impersonation he may not do.
    const smuggled = await rawGet(port, anonymous, '/api/v1/namespaces', [BOB, 'Impersonate-User: bob\r\nImpersonate-Group: system:masters']);
    assert.equal(smuggled.status, 403, smuggled.body);
    leakFreeStatus(smuggled);
    // Percent-encoded line breaks in an extra key are refused, not decoded into a header name.
    const encoded = await rawGet(port, admin, '/api/v1/namespaces', ['Impersonate-User: bob', 'Impersonate-Extra-evil%0d%0aX-Injected: 1']);
    assert.ok(encoded.status === 400 || encoded.status === 403, `${encoded.status} ${encoded.body}`);
    leakFreeStatus(encoded);
    assert.doesNotMatch(encoded.headers, /^x-injected/im);
    const badEscape = await rawGet(port, admin, '/api/v1/namespaces', ['Impersonate-User: bob', 'Impersonate-Extra-%ZZ: 1']);
    assert.ok(badEscape.status >= 400 && badEscape.status < 600, badEscape.body);
    leakFreeStatus(badEscape);
    // The admin may impersonate; the request then runs with exactly the impersonated identity.
    const asBob = await rawGet(port, admin, '/api/v1/namespaces/kube-system/secrets', ['Impersonate-User: bob']);
    assert.equal(asBob.status, 403);
    assert.match(leakFreeStatus(asBob).message ?? '', /^secrets is forbidden: User "bob" cannot list/);
  });
});
