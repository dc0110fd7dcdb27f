// Real kubectl 1.32 / 1.33 against a tiny loopback server built from this module alone: it
// decodes kubectl's protobuf bodies with decodeRequestBody and answers in protobuf with
// encodeResponse, so kubectl's Go decoder checks our encoder (`-o json` prints what it decoded).
// No Capstan endpoint is involved; wiring those is the REST layer's job. ~6 s (9 kubectl runs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import {
  PROTOBUF_MEDIA_TYPE,
  decodeRequestBody,
  encodeResponse,
  isProtobufMediaType,
  protobufErrorToStatus,
  type GroupVersionKind,
  type JsonObject,
} from '../../runtime/protobuf/index.js';
// Registers every generated codec (what generated/index.ts does at server start).
import '../../generated/protobuf.js';
import { kubectlBinary, type KubectlVersion } from '../support/kubectl.js';
import { LOOPBACK } from '../support/free-port.js';

const ROUTES: Record<string, GroupVersionKind> = {
  '/api/v1/namespaces': { group: '', version: 'v1', kind: 'Namespace' },
  '/api/v1/namespaces/default/configmaps': { group: '', version: 'v1', kind: 'ConfigMap' },
  '/api/v1/namespaces/default/secrets': { group: '', version: 'v1', kind: 'Secret' },
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews': { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview' },
  '/apis/authentication.k8s.io/v1/selfsubjectreviews': { group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview' },
};

const received: JsonObject[] = [];
let server: Server;
let baseUrl = '';
let home = '';

function answer(res: ServerResponse, code: number, obj: JsonObject): void {
  const bytes = encodeResponse(obj);
  assert.ok(bytes, `no protobuf codec for ${String(obj['kind'])}`);
  res.writeHead(code, { 'Content-Type': PROTOBUF_MEDIA_TYPE });
  res.end(bytes);
}

function respond(gvk: GroupVersionKind, obj: JsonObject): JsonObject {
  const metadata = { ...(obj['metadata'] as JsonObject) };
  switch (gvk.kind) {
    case 'SelfSubjectAccessReview':
      return { ...obj, status: { allowed: true, reason: 'test says yes' } };
    case 'SelfSubjectReview':
      return { ...obj, status: { userInfo: { username: 'alice', uid: '1234', groups: ['system:authenticated', 'devs'], extra: { scopes: ['a', 'b'] } } } };
    default:
      Object.assign(metadata, { uid: 'd9f2c1a0-0000-4000-8000-000000000001', resourceVersion: '42', creationTimestamp: '2026-11-22T02:07:25Z' });
      if (gvk.kind === 'Namespace') return { ...obj, metadata, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
      if (gvk.kind === 'Secret') return { ...obj, metadata, type: (obj['type'] as string | undefined) ?? 'Opaque' };
      return { ...obj, metadata };
  }
}

function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const path = (req.url ?? '').split('?')[0]!;
  const gvk = ROUTES[path];
  if (req.method !== 'POST' || !gvk || !isProtobufMediaType(req.headers['content-type'])) {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
    return;
  }
  let obj: JsonObject;
  try {
    obj = decodeRequestBody(body, gvk);
  } catch (err) {
    const status = protobufErrorToStatus(err);
    if (!status) throw err;
    answer(res, status.status.code ?? 400, status.status as unknown as JsonObject);
    return;
  }
  received.push(obj);
  const name = (obj['metadata'] as JsonObject | undefined)?.['name'];
  if (name === 'taken') {
    answer(res, 409, { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message: `configmaps "taken" already exists`, reason: 'AlreadyExists', details: { name: 'taken', kind: 'configmaps' }, code: 409 });
    return;
  }
  answer(res, 201, respond(gvk, obj));
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'capstan-pb-kubectl-'));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  baseUrl = `http://${LOOPBACK}:${address.port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(home, { recursive: true, force: true });
});

function kubectl(version: KubectlVersion, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const binary = kubectlBinary(version);
  assert.ok(binary, `kubectl.${version} is not installed`);
  return new Promise((resolve) => {
    execFile(binary, [`--server=${baseUrl}`, `--cache-dir=${join(home, 'cache')}`, ...args], { timeout: 30_000, env: { ...process.env, HOME: home, KUBECONFIG: join(home, 'none') } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

for (const version of ['1.32', '1.33'] as const) {
  test(`kubectl ${version}: create configmap -o json decodes our protobuf answer`, async () => {
    const r = await kubectl(version, ['create', 'configmap', `cfg-${version}`, '--from-literal=a=1', '--from-literal=b=', '-n', 'default', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const printed = JSON.parse(r.stdout) as JsonObject;
    assert.deepEqual(printed, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cfg-${version}`, namespace: 'default', uid: 'd9f2c1a0-0000-4000-8000-000000000001', resourceVersion: '42', creationTimestamp: '2026-11-22T02:07:25Z' },
      data: { a: '1', b: '' },
    });
  });
}

test('kubectl 1.32: create namespace / secret generic print what the server answered', async () => {
  const ns = await kubectl('1.32', ['create', 'namespace', 'team-a', '-o', 'json']);
  assert.equal(ns.code, 0, ns.stderr);
  const nsObj = JSON.parse(ns.stdout) as JsonObject;
  assert.deepEqual(nsObj['spec'], { finalizers: ['kubernetes'] });
  assert.deepEqual(nsObj['status'], { phase: 'Active' });
  const sec = await kubectl('1.32', ['create', 'secret', 'generic', 'sec', '--from-literal=password=s3cr3t', '-n', 'default']);
  assert.equal(sec.code, 0, sec.stderr);
  assert.equal(sec.stdout.trim(), 'secret/sec created');
  const got = received.find((o) => o['kind'] === 'Secret');
  assert.deepEqual(got?.['data'], { password: Buffer.from('s3cr3t').toString('base64') });
});

test('kubectl 1.32: auth can-i and auth whoami read protobuf review answers', async () => {
  const can = await kubectl('1.32', ['auth', 'can-i', 'get', '/logs']);
  assert.equal(can.code, 0, can.stderr);
  assert.equal(can.stdout.trim(), 'yes');
  const who = await kubectl('1.32', ['auth', 'whoami']);
  assert.equal(who.code, 0, who.stderr);
  assert.match(who.stdout, /Username\s+alice/);
  assert.match(who.stdout, /Groups\s+\[system:authenticated devs\]/);
  assert.match(who.stdout, /Extra: scopes\s+\[a b\]/);
});

test('kubectl 1.32: a protobuf Status error reaches the user with its message', async () => {
  const r = await kubectl('1.32', ['create', 'configmap', 'taken', '-n', 'default']);
  assert.equal(r.code, 1);
  // kubectl's own wording around the Status message decoded from our bytes.
  assert.equal(r.stderr.trim(), 'error: failed to create configmap: configmaps "taken" already exists');
});
