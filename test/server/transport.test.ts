// The HTTPS transport: HTTP/2 and HTTP/1.1 with client certificates, watches over WebSocket,
// and the Status answers for requests that never reach a resource.
import assert from 'node:assert/strict';
import { connect } from 'node:http2';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { parse } from 'yaml';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';

interface Creds {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

function http1(url: string, creds: Partial<Creds>, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
    const req = request(new URL(path, url), { method, ...creds, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('transport', { timeout: 60_000 }, () => {
  let server: TestServer;
  let creds: Creds;

  before(async () => {
    server = await startTestServer();
    const cfg = parse(server.kubeconfig);
    const b64 = (s: string) => Buffer.from(s, 'base64');
    creds = { ca: b64(cfg.clusters[0].cluster['certificate-authority-data']), cert: b64(cfg.users[0].user['client-certificate-data']), key: b64(cfg.users[0].user['client-key-data']) };
  });
  after(async () => {
    await server?.stop();
  });

  it('serves HTTP/2 negotiated by ALPN', async () => {
    const session = connect(server.url, { ...creds });
    const stream = session.request({ ':path': '/api/v1/namespaces', accept: 'application/json' });
    let text = '';
    stream.on('data', (c: Buffer) => (text += c.toString()));
    const status = await new Promise<number>((resolve) => stream.on('response', (h) => resolve(Number(h[':status']))));
    await new Promise((r) => stream.on('end', r));
    session.close();
    assert.equal(status, 200);
    assert.equal(JSON.parse(text).kind, 'NamespaceList');
  });

  it('serves HTTP/1.1 to clients that do not offer h2', async () => {
    const r = await http1(server.url, creds, 'GET', '/api/v1/namespaces/default');
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.text).metadata.name, 'default');
  });

  it('treats a request without credentials as anonymous: 403 on resources, health and version served', async () => {
    const denied = await http1(server.url, { ca: creds.ca }, 'GET', '/api/v1/namespaces');
    assert.equal(denied.status, 403);
    assert.deepEqual(JSON.parse(denied.text), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: { kind: 'namespaces' },
      code: 403,
    });
    assert.equal((await http1(server.url, { ca: creds.ca }, 'GET', '/readyz')).text, 'ok');
    assert.equal(JSON.parse((await http1(server.url, { ca: creds.ca }, 'GET', '/version')).text).major, '1');
  });

  it('answers clean Status errors for bad requests', async () => {
    const notFound = await http1(server.url, creds, 'GET', '/apis/nope.example.com/v1/things');
    assert.equal(notFound.status, 404);
    assert.equal(JSON.parse(notFound.text).message, 'the server could not find the requested resource');
    const badJson = await http1(server.url, creds, 'POST', '/api/v1/namespaces/default/configmaps', '{"metadata":');
    assert.equal(badJson.status, 400);
    assert.equal(JSON.parse(badJson.text).reason, 'BadRequest');
    const huge = await http1(server.url, creds, 'POST', '/api/v1/namespaces/default/configmaps', Buffer.alloc(4 * 1024 * 1024, 32));
    assert.equal(huge.status, 413);
    assert.equal(JSON.parse(huge.text).reason, 'RequestEntityTooLarge');
    const wrongKind = await http1(server.url, creds, 'POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }));
    assert.equal(wrongKind.status, 400);
    const deep = '{"metadata":{"name":"deep"},"data":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}';
    const nested = await http1(server.url, creds, 'POST', '/api/v1/namespaces/default/configmaps', deep);
    assert.equal(nested.status, 400);
    assert.equal((await http1(server.url, creds, 'GET', '/api/v1/namespaces/default/configmaps/deep')).status, 404, 'nothing stored');
    const yaml = await http1(server.url, creds, 'POST', '/api/v1/namespaces/default/configmaps', 'metadata:\n  name: from-yaml\ndata:\n  a: "1"\n', { 'content-type': 'application/yaml' });
    assert.equal(yaml.status, 201, yaml.text);
    const asYaml = await http1(server.url, creds, 'GET', '/api/v1/namespaces/default/configmaps/from-yaml', undefined, { accept: 'application/yaml' });
    assert.match(asYaml.text, /^kind: ConfigMap$/m);
    assert.equal(asYaml.headers['content-type'], 'application/yaml');
    const notAcceptable = await http1(server.url, creds, 'GET', '/api/v1/namespaces/default/configmaps', undefined, { accept: 'text/html' });
    assert.equal(notAcceptable.status, 406);
  });

  it('streams watch events over WebSocket', async () => {
    const ws = new WebSocket(`${server.url.replace('https', 'wss')}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0`, { ...creds });
    const messages: Array<{ type: string; object: { metadata: { name: string } } }> = [];
    ws.on('message', (m) => messages.push(JSON.parse(m.toString())));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const created = await http1(server.url, creds, 'POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'over-ws' } }));
    assert.equal(created.status, 201);
    const deadline = Date.now() + 10_000;
    while (!messages.some((m) => m.object.metadata.name === 'over-ws') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    ws.close();
    assert.ok(messages.some((m) => m.type === 'ADDED' && m.object.metadata.name === 'over-ws'));
  });
});
