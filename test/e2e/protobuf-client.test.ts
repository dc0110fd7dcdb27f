// A protobuf-speaking client against Capstan: list and watch ConfigMaps with
// `Accept: application/vnd.kubernetes.protobuf` over HTTP/2 and decode the answers with the
// generated codecs, as client-go does for built-in kinds.
import assert from 'node:assert/strict';
import { connect, type ClientHttp2Session } from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import '../../generated/protobuf.js';
import { decodeEnvelopedObject, decodeWatchFrames, encodeResponse } from '../../runtime/protobuf/index.js';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

function request(session: ClientHttp2Session, headers: Record<string, string>, body?: Buffer, collectMs?: number) {
  return new Promise<{ status: number; contentType: string; body: Buffer }>((resolve, reject) => {
    const stream = session.request(headers);
    const chunks: Buffer[] = [];
    let status = 0;
    let contentType = '';
    stream.on('response', (h) => {
      status = Number(h[':status']);
      contentType = String(h['content-type'] ?? '');
      if (collectMs !== undefined) setTimeout(() => stream.close(), collectMs);
    });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('close', () => resolve({ status, contentType, body: Buffer.concat(chunks) }));
    stream.on('error', reject);
    stream.end(body);
  });
}

describe('protobuf client e2e', { timeout: 60_000 }, () => {
  let server: TestServer;
  let session: ClientHttp2Session;

  before(async () => {
    server = await startTestServer();
    const cfg = parse(server.kubeconfig);
    const b64 = (s: string) => Buffer.from(s, 'base64');
    session = connect(server.url, {
      ca: b64(cfg.clusters[0].cluster['certificate-authority-data']),
      cert: b64(cfg.users[0].user['client-certificate-data']),
      key: b64(cfg.users[0].user['client-key-data']),
    });
  });
  after(async () => {
    session?.close();
    await server?.stop();
  });

  it('creates in protobuf and reads objects and lists back in protobuf', async () => {
    const body = encodeResponse({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pb', namespace: 'default' }, data: { a: '1' }, binaryData: { bin: Buffer.from([0, 1, 2]).toString('base64') } })!;
    const created = await request(session, { ':method': 'POST', ':path': '/api/v1/namespaces/default/configmaps', 'content-type': PROTOBUF, accept: `${PROTOBUF}, application/json` }, body);
    assert.equal(created.status, 201);
    assert.equal(created.contentType, PROTOBUF);
    const obj = decodeEnvelopedObject(created.body) as { metadata: { name: string; resourceVersion: string }; data: Record<string, string>; binaryData: Record<string, string> };
    assert.equal(obj.metadata.name, 'pb');
    assert.deepEqual(obj.data, { a: '1' });
    assert.equal(obj.binaryData.bin, 'AAEC');

    const list = await request(session, { ':method': 'GET', ':path': '/api/v1/namespaces/default/configmaps', accept: PROTOBUF });
    assert.equal(list.status, 200);
    assert.equal(list.contentType, PROTOBUF);
    const decoded = decodeEnvelopedObject(list.body) as { kind?: string; metadata: { resourceVersion: string }; items: Array<{ metadata: { name: string } }> };
    assert.deepEqual(decoded.items.map((i) => i.metadata.name), ['pb']);
    assert.match(decoded.metadata.resourceVersion, /^\d+$/);
  });

  it('watches in length-prefixed protobuf frames', async () => {
    const rv = (decodeEnvelopedObject((await request(session, { ':method': 'GET', ':path': '/api/v1/namespaces/default/configmaps', accept: PROTOBUF })).body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const watching = request(session, { ':method': 'GET', ':path': `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, accept: PROTOBUF }, undefined, 1500);
    await new Promise((r) => setTimeout(r, 300));
    const make = encodeResponse({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched-pb', namespace: 'default' } })!;
    assert.equal((await request(session, { ':method': 'POST', ':path': '/api/v1/namespaces/default/configmaps', 'content-type': PROTOBUF }, make)).status, 201);
    assert.equal((await request(session, { ':method': 'DELETE', ':path': '/api/v1/namespaces/default/configmaps/watched-pb' })).status, 200);
    const watched = await watching;
    assert.equal(watched.contentType, 'application/vnd.kubernetes.protobuf;stream=watch');
    const events = decodeWatchFrames(watched.body).map((e) => `${e.type} ${(e.object as { metadata?: { name?: string } }).metadata?.name}`);
    assert.deepEqual(events, ['ADDED watched-pb', 'DELETED watched-pb']);
  });

  it('answers a malformed protobuf body with 400 and stores nothing', async () => {
    const bad = Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff]);
    const r = await request(session, { ':method': 'POST', ':path': '/api/v1/namespaces/default/configmaps', 'content-type': PROTOBUF }, bad);
    assert.equal(r.status, 400);
    assert.equal(JSON.parse(r.body.toString()).reason, 'BadRequest');
  });

  it('answers errors to a protobuf client as a protobuf Status, and to a YAML client in YAML', async () => {
    const path = '/api/v1/namespaces/default/configmaps/no-such-map';
    const r = await request(session, { ':method': 'GET', ':path': path, accept: `${PROTOBUF}, application/json` });
    assert.equal(r.status, 404);
    assert.equal(r.contentType, PROTOBUF);
    const status = decodeEnvelopedObject(r.body) as { kind: string; apiVersion: string; status: string; reason: string; code: number; message: string; details: { name: string; kind: string } };
    assert.equal(status.kind, 'Status');
    assert.equal(status.apiVersion, 'v1');
    assert.equal(status.status, 'Failure');
    assert.equal(status.reason, 'NotFound');
    assert.equal(status.code, 404);
    assert.equal(status.message, 'configmaps "no-such-map" not found');
    assert.deepEqual(status.details, { name: 'no-such-map', kind: 'configmaps' });
    const yaml = await request(session, { ':method': 'GET', ':path': path, accept: 'application/yaml' });
    assert.equal(yaml.status, 404);
    assert.equal(yaml.contentType, 'application/yaml');
    assert.equal((parse(yaml.body.toString()) as { reason: string }).reason, 'NotFound');
    // Nothing acceptable: the error still comes, in JSON.
    const other = await request(session, { ':method': 'GET', ':path': path, accept: 'text/html' });
    assert.equal(other.contentType, 'application/json');
  });
});
