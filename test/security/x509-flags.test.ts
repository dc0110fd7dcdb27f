// --client-ca-file and --tls-cert-file/--tls-private-key-file: certificates from a CA the
// operator brings are accepted (CN user, O groups), a serving pair the operator brings is what
// clients see, and a certificate from an unknown CA is a 401, never anonymous. About 1-2 s.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { issueServerPki } from '../../runtime/pki/index.js';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';
import { leakFreeStatus, rawGet, rawSend } from './support.js';

describe('operator-supplied certificates', { timeout: 60_000 }, () => {
  let dir: string;
  let server: TestServer;
  const theirs = issueServerPki({ bindAddress: '127.0.0.1' });
  const stranger = issueServerPki();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-x509-'));
    const files = { ca: join(dir, 'ca.crt'), cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key') };
    await writeFile(files.ca, theirs.ca.certPem);
    await writeFile(files.cert, theirs.serving.certPem);
    await writeFile(files.key, theirs.serving.keyPem);
    server = await startTestServer({ security: { clientCaFile: files.ca, tlsCertFile: files.cert, tlsPrivateKeyFile: files.key } });
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves with the supplied pair and accepts client certificates of the supplied CA', async () => {
    const port = server.server.port;
    // Verifying against their CA only succeeds when the supplied serving certificate is in use.
    const r = await rawSend(port, { ca: theirs.ca.certPem, cert: theirs.admin.certPem, key: theirs.admin.keyPem }, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }));
    assert.equal(r.status, 201, r.body);
    const user = (JSON.parse(r.body) as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
    assert.equal(user.username, 'admin');
    assert.deepEqual(user.groups, ['system:masters', 'system:authenticated']);
    // The server's own admin certificate keeps working beside the supplied CA.
    const own = await rawGet(port, { ca: theirs.ca.certPem, cert: server.server.admin.certPem, key: server.server.admin.keyPem }, '/api/v1/namespaces/default');
    assert.equal(own.status, 200, own.body);
  });

  it('answers 401 to a certificate from an unknown CA', async () => {
    const r = await rawGet(server.server.port, { ca: theirs.ca.certPem, cert: stranger.admin.certPem, key: stranger.admin.keyPem }, '/api/v1/namespaces');
    assert.equal(r.status, 401, r.body);
    assert.equal(leakFreeStatus(r).reason, 'Unauthorized');
  });
});
