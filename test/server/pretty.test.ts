// kube's pretty-printing rule: `?pretty=` (Go booleans: 1, t, T, true, TRUE, True) decides;
// without it, curl, Wget and browsers get indented JSON and other clients compact JSON.
// One in-memory server; about 1 s.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';
import { rawGet, type RawCreds } from '../security/support.js';

describe('pretty JSON', { timeout: 30_000 }, () => {
  let server: TestServer;
  let admin: RawCreds;
  before(async () => {
    server = await startTestServer();
    admin = { ca: server.server.caPem, cert: server.server.admin.certPem, key: server.server.admin.keyPem };
  });
  after(() => server?.stop());

  const indented = async (path: string, userAgent: string) => {
    const r = await rawGet(server.server.port, admin, path, [`User-Agent: ${userAgent}`]);
    assert.equal(r.status, 200, r.body);
    return r.body.startsWith('{\n  ');
  };

  it('follows ?pretty= with Go booleans, else the User-Agent', async () => {
    const ns = '/api/v1/namespaces/default';
    assert.equal(await indented(ns, 'kubectl/v1.33.1'), false);
    assert.equal(await indented(ns, 'curl/8.5.0'), true);
    assert.equal(await indented(ns, 'Wget/1.21'), true);
    assert.equal(await indented(ns, 'Mozilla/5.0 (X11)'), true);
    assert.equal(await indented(`${ns}?pretty=false`, 'curl/8.5.0'), false);
    assert.equal(await indented(`${ns}?pretty=T`, 'kubectl/v1.33.1'), true);
    assert.equal(await indented(`${ns}?pretty=1`, 'kubectl/v1.33.1'), true);
  });
});
