import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import net, { type Socket } from 'node:net';
import { createRestClient, RequestTimeoutError, ResourceClient, type RestConfig, type WatchEvent } from '../../runtime/client/index.js';
import { makePki, type TestPki } from './certs.js';
import { FakeApiServer, serveHttp, serveTls, type RunningTlsServer } from './fake-apiserver.js';
import { configmaps, until, type ConfigMap } from './fixtures.js';

describe('TLS, client certificates and HTTP/2', () => {
  let pki: TestPki;
  const fake = new FakeApiServer([configmaps]);
  let server: RunningTlsServer;
  let base: RestConfig;
  before(async () => {
    pki = makePki();
    server = await serveTls(fake.handler, { key: pki.serverKey, cert: pki.serverCert, ca: pki.ca, requireClientCert: true });
    base = { server: server.url, ca: pki.ca, cert: pki.clientCert, key: pki.clientKey, retry: { maxRetries: 0 } };
    fake.put(configmaps, { metadata: { name: 'tls', namespace: 'default' } });
  });
  after(() => server.close());

  it('negotiates h2 by ALPN by default and authenticates with the client certificate', async () => {
    const rest = createRestClient(base);
    const cms = new ResourceClient<ConfigMap>(rest, configmaps).namespace('default');
    assert.equal((await cms.get('tls')).metadata.name, 'tls');
    const req = fake.requests[fake.requests.length - 1]!;
    assert.equal(req.httpVersion, '2.0');
    assert.equal(req.clientCN, 'alice');
    // Several requests share one session.
    await Promise.all([cms.get('tls'), cms.list(), cms.get('tls')]);
    const sessionsBefore = server.sessions.length;
    await cms.get('tls');
    assert.equal(server.sessions.length, sessionsBefore);
    rest.close();
  });

  it('HTTP/1.1 when asked, or when the server does not offer h2', async () => {
    const rest = createRestClient({ ...base, protocol: 'http1' });
    await new ResourceClient<ConfigMap>(rest, configmaps).namespace('default').get('tls');
    assert.equal(fake.requests[fake.requests.length - 1]!.httpVersion, '1.1');
    rest.close();
    const h1only = await serveTls(fake.handler, { key: pki.serverKey, cert: pki.serverCert, http2: false });
    try {
      const auto = createRestClient({ server: h1only.url, ca: pki.ca });
      await new ResourceClient<ConfigMap>(auto, configmaps).namespace('default').get('tls');
      assert.equal(fake.requests[fake.requests.length - 1]!.httpVersion, '1.1');
      auto.close();
    } finally {
      await h1only.close();
    }
  });

  it('refuses a server outside the CA, a client without a trusted certificate; honours insecure and tls-server-name', async () => {
    const noCert = createRestClient({ server: server.url, ca: pki.ca, retry: { maxRetries: 0 } });
    await assert.rejects(new ResourceClient<ConfigMap>(noCert, configmaps).namespace('default').get('tls'));
    const stranger = createRestClient({ ...base, cert: pki.strangerCert, key: pki.strangerKey });
    await assert.rejects(new ResourceClient<ConfigMap>(stranger, configmaps).namespace('default').get('tls'));
    const untrusting = createRestClient({ ...base, ca: pki.strangerCert });
    await assert.rejects(new ResourceClient<ConfigMap>(untrusting, configmaps).namespace('default').get('tls'), /certificate/);
    const insecure = createRestClient({ ...base, ca: undefined, insecureSkipTLSVerify: true });
    await new ResourceClient<ConfigMap>(insecure, configmaps).namespace('default').get('tls');
    insecure.close();

    const named = await serveTls(fake.handler, { key: pki.namedKey, cert: pki.namedCert });
    try {
      const wrongName = createRestClient({ server: named.url, ca: pki.ca, retry: { maxRetries: 0 } });
      await assert.rejects(new ResourceClient<ConfigMap>(wrongName, configmaps).namespace('default').get('tls'), /kube\.test|altnames|IP/);
      const rightName = createRestClient({ server: named.url, ca: pki.ca, tlsServerName: 'kube.test' });
      assert.equal((await new ResourceClient<ConfigMap>(rightName, configmaps).namespace('default').get('tls')).metadata.name, 'tls');
      rightName.close();
    } finally {
      await named.close();
    }
  });

  it('watches over h2, and reconnects with a new session after the old one dies', async () => {
    const rest = createRestClient(base);
    const cms = new ResourceClient<ConfigMap>(rest, configmaps);
    const watch = await cms.watch({ resourceVersion: String(fake.rv) });
    assert.equal(watch.httpVersion, '2');
    const events: WatchEvent<ConfigMap>[] = [];
    const reading = (async () => {
      for await (const e of watch) events.push(e);
    })().catch((e: unknown) => e);
    fake.put(configmaps, { metadata: { name: 'h2-live', namespace: 'default' } });
    await until(() => events.length === 1, 'a live event over h2');
    const sessions = server.sessions.length;
    for (const s of server.sessions) if (!s.destroyed) s.destroy();
    await reading; // ended by the dead session (an error or a close; either way it ends)
    const again = await cms.namespace('default').get('h2-live');
    assert.equal(again.metadata.name, 'h2-live');
    assert.ok(server.sessions.length > sessions, 'a new session was opened');
    rest.close();
  });
});

describe('a TLS server that never finishes the handshake', () => {
  it('the request timeout still ends the request', async () => {
    const sockets: Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const rest = createRestClient({ server: `https://127.0.0.1:${port}`, timeoutMs: 100, retry: { maxRetries: 0 } });
      await assert.rejects(new ResourceClient<ConfigMap>(rest, configmaps).list(), RequestTimeoutError);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('credentials on the wire', () => {
  it('bearer token, token file and basic auth headers', async () => {
    const fake = new FakeApiServer([configmaps]);
    const server = await serveHttp(fake.handler);
    const dir = mkdtempSync(join(tmpdir(), 'capstan-token-'));
    try {
      const auth = async (config: Partial<RestConfig>): Promise<string | undefined> => {
        const rest = createRestClient({ server: server.url, ...config });
        await new ResourceClient<ConfigMap>(rest, configmaps).list();
        rest.close();
        return fake.requests[fake.requests.length - 1]!.headers.authorization;
      };
      assert.equal(await auth({ token: 'abc' }), 'Bearer abc');
      writeFileSync(join(dir, 'token'), 'from-file\n');
      assert.equal(await auth({ tokenFile: join(dir, 'token') }), 'Bearer from-file');
      assert.equal(await auth({ username: 'carol', password: 's3cret' }), `Basic ${Buffer.from('carol:s3cret').toString('base64')}`);
      assert.equal(await auth({}), undefined);
      assert.match(fake.requests[0]!.headers['user-agent'] ?? '', /^capstan-client\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await server.close();
    }
  });
});
