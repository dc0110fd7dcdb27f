// --authorization-mode AlwaysAllow and --anonymous-auth=false change what an unauthenticated
// request gets: everything, or a 401 everywhere (health included, as in kube). About 1 s.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestServer } from '../../runtime/server/index.js';
import { leakFreeStatus, rawGet } from './support.js';

describe('authorization modes and anonymous auth', { timeout: 60_000 }, () => {
  it('AlwaysAllow lets the anonymous user list namespaces', async () => {
    const server = await startTestServer({ security: { authorizationModes: ['AlwaysAllow'] } });
    try {
      const r = await rawGet(server.server.port, { ca: server.server.caPem }, '/api/v1/namespaces');
      assert.equal(r.status, 200, r.body);
      assert.equal((JSON.parse(r.body) as { kind: string }).kind, 'NamespaceList');
    } finally {
      await server.stop();
    }
  });

  it('AlwaysDeny refuses everyone but system:masters', async () => {
    const server = await startTestServer({ security: { authorizationModes: ['AlwaysDeny'] } });
    try {
      const anon = await rawGet(server.server.port, { ca: server.server.caPem }, '/healthz');
      assert.equal(anon.status, 403, anon.body);
      leakFreeStatus(anon);
      const admin = await rawGet(server.server.port, { ca: server.server.caPem, cert: server.server.admin.certPem, key: server.server.admin.keyPem }, '/api/v1/namespaces');
      assert.equal(admin.status, 200, admin.body);
    } finally {
      await server.stop();
    }
  });

  it('without anonymous auth a request without credentials is 401, even for /healthz', async () => {
    const server = await startTestServer({ security: { anonymousAuth: false } });
    try {
      for (const path of ['/healthz', '/api/v1/namespaces']) {
        const r = await rawGet(server.server.port, { ca: server.server.caPem }, path);
        assert.equal(r.status, 401, `${path}: ${r.body}`);
        assert.equal(leakFreeStatus(r).reason, 'Unauthorized');
      }
    } finally {
      await server.stop();
    }
  });
});
