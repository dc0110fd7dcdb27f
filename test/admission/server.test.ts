// Admission wired into a real server: webhook configurations created through the API, a real
// HTTPS webhook, and in-process hooks registered on the test server. Each case works in its
// own namespace and selects it with namespaceSelector, so the configurations of one case never
// reach another's requests. One server and one webhook for the file; about 3-4 s.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forbidden, startTestServer, type TestServer } from '../../runtime/server/index.js';
import { adminClient, widgetCrd } from '../apiextensions/serving/support.js';
import { freePort } from '../support/free-port.js';
import { kubectlFor } from '../support/kubectl.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mutatingConfig, mutatingWebhook, startWebhookServer, validatingConfig, validatingWebhook, type WebhookServer } from './support.js';

type Call = ReturnType<typeof adminClient>;
type Reply = Awaited<ReturnType<Call>>;

const CM = (ns: string, name: string, data: Record<string, string> = { k: 'v' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data });
const cmPath = (ns: string, name = '') => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
const labelsOf = (r: Reply): Record<string, string> => r.json['metadata']?.['labels'] ?? {};

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('admission in the request path', { timeout: 60_000 }, () => {
  let server: TestServer;
  let hook: WebhookServer;
  let call: Call;

  before(async () => {
    [server, hook] = await Promise.all([startTestServer({ crds: [widgetCrd()] }), startWebhookServer()]);
    call = adminClient(server);
  });
  after(async () => {
    await server?.stop();
    await hook?.close();
  });

  /** A namespace of the case's own, selected by the case's webhooks. */
  async function namespace(name: string): Promise<{ namespaceSelector: { matchLabels: Record<string, string> } }> {
    const r = await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'admission-e2e': name } } });
    assert.equal(r.status, 201, r.text);
    return { namespaceSelector: { matchLabels: { 'admission-e2e': name } } };
  }

  async function configure(kind: 'validating' | 'mutating', config: object): Promise<void> {
    const plural = `${kind}webhookconfigurations`;
    const r = await call('POST', `/apis/admissionregistration.k8s.io/v1/${plural}`, config);
    assert.equal(r.status, 201, r.text);
  }

  it('a validating webhook denies a create with its message, and nothing is stored', async () => {
    const sel = await namespace('deny');
    hook.handle('/deny', () => ({ allowed: false, status: { code: 403, reason: 'Forbidden', message: 'configmaps are not welcome here' } }));
    await configure('validating', validatingConfig('deny', [validatingWebhook('deny.example.com', { url: hook.url('/deny'), caBundle: hook.caBundle }, sel)]));
    await until('the configuration to apply', async () => (await call('POST', `${cmPath('deny')}?dryRun=All`, CM('deny', 'probe'))).status === 403);
    const r = await call('POST', cmPath('deny'), CM('deny', 'cm'));
    assert.equal(r.status, 403, r.text);
    assert.equal(r.json['message'], 'admission webhook "deny.example.com" denied the request: configmaps are not welcome here');
    assert.equal(r.json['reason'], 'Forbidden');
    assert.equal((await call('GET', cmPath('deny', 'cm'))).status, 404);
    const seen = hook.calls('/deny').at(-1)!.body.request;
    assert.equal(seen.operation, 'CREATE');
    assert.equal(seen.name, 'cm');
    assert.equal(seen.namespace, 'deny');
    assert.deepEqual(seen.kind, { group: '', version: 'v1', kind: 'ConfigMap' });
    assert.equal(seen.options?.['kind'], 'CreateOptions');
  });

  it('a mutating webhook labels objects on create, update, patch and apply; its warnings reach the client', async () => {
    const sel = await namespace('mutate');
    hook.handle('/mutate', (req) => {
      const labels = (req.object?.['metadata'] as { labels?: Record<string, string> } | undefined)?.labels;
      const patch = labels ? [{ op: 'add', path: '/metadata/labels/mutated', value: req.operation.toLowerCase() }] : [{ op: 'add', path: '/metadata/labels', value: { mutated: req.operation.toLowerCase() } }];
      return { allowed: true, patch, warnings: ['labelled by the webhook'] };
    });
    await configure('mutating', mutatingConfig('mutate', [mutatingWebhook('mutate.example.com', { url: hook.url('/mutate'), caBundle: hook.caBundle }, { ...sel, rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }] })]));
    let created: Reply | undefined;
    await until('the webhook to be called', async () => {
      created = await call('POST', `${cmPath('mutate')}?dryRun=All`, CM('mutate', 'cm'));
      return labelsOf(created)['mutated'] !== undefined;
    });
    created = await call('POST', cmPath('mutate'), CM('mutate', 'cm'));
    assert.equal(created.status, 201, created.text);
    assert.equal(labelsOf(created)['mutated'], 'create');
    assert.match(String(created.headers['warning']), /299 - "labelled by the webhook"/);

    // PUT: the webhook sees the old object and labels the new one.
    const body = { ...created.json, data: { k: 'v2' }, metadata: { ...created.json['metadata'], labels: { own: 'x' } } };
    const updated = await call('PUT', cmPath('mutate', 'cm'), body);
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual(labelsOf(updated), { own: 'x', mutated: 'update' });
    const putReview = hook.calls('/mutate').at(-1)!.body.request;
    assert.equal(putReview.operation, 'UPDATE');
    assert.equal((putReview.oldObject?.['data'] as Record<string, string>)['k'], 'v');
    assert.equal(putReview.options?.['kind'], 'UpdateOptions');

    // Merge patch: admitted on the patched object, as UPDATE with PatchOptions.
    const patched = await call('PATCH', cmPath('mutate', 'cm'), { metadata: { labels: { mutated: null, own: 'y' } } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(labelsOf(patched), { own: 'y', mutated: 'update' });
    assert.equal(hook.calls('/mutate').at(-1)!.body.request.options?.['kind'], 'PatchOptions');

    // Server-side apply creating an object: CREATE; the label is the webhook's, not the applier's.
    const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: "1"\n';
    const applied = await call('PATCH', `${cmPath('mutate', 'applied')}?fieldManager=applier`, config, { 'content-type': 'application/apply-patch+yaml' });
    assert.equal(applied.status, 201, applied.text);
    assert.equal(labelsOf(applied)['mutated'], 'create');
    const managed = applied.json['metadata']['managedFields'] as { manager: string; operation: string; fieldsV1: Record<string, unknown> }[];
    assert.deepEqual(managed.map((m) => [m.manager, m.operation]), [['applier', 'Apply']]);
    assert.deepEqual(managed[0]!.fieldsV1, { 'f:data': { 'f:a': {} } });
    const reapplied = await call('PATCH', `${cmPath('mutate', 'applied')}?fieldManager=applier`, config.replace('"1"', '"2"'), { 'content-type': 'application/apply-patch+yaml' });
    assert.equal(reapplied.status, 200, reapplied.text);
    assert.equal(labelsOf(reapplied)['mutated'], 'update');
    assert.equal(reapplied.json['data']['a'], '2');
    assert.equal((reapplied.json['metadata']['managedFields'] as unknown[]).length, 1);
  });

  it('failurePolicy Ignore lets requests through a webhook that is down; Fail answers 500', async () => {
    const sel = await namespace('down');
    const port = await freePort();
    const url = `https://127.0.0.1:${port}/gone`;
    await configure('validating', validatingConfig('down', [
      validatingWebhook('ignore.example.com', { url, caBundle: hook.caBundle }, { ...sel, failurePolicy: 'Ignore', objectSelector: { matchLabels: { policy: 'ignore' } } }),
      validatingWebhook('fail.example.com', { url, caBundle: hook.caBundle }, { ...sel, failurePolicy: 'Fail', objectSelector: { matchLabels: { policy: 'fail' } } }),
    ]));
    const labelled = (name: string, policy: string) => ({ ...CM('down', name), metadata: { name, labels: { policy } } });
    let failed: Reply | undefined;
    await until('the configuration to apply', async () => {
      failed = await call('POST', `${cmPath('down')}?dryRun=All`, labelled('probe', 'fail'));
      return failed.status === 500;
    });
    assert.equal(
      failed!.json['message'],
      `Internal error occurred: failed calling webhook "fail.example.com": failed to call webhook: Post "${url}?timeout=10s": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
    const ignored = await call('POST', cmPath('down'), labelled('ok', 'ignore'));
    assert.equal(ignored.status, 201, ignored.text);
  });

  it('the webhook sees oldObject on UPDATE and DELETE; dryRun=All is admitted and not stored', async () => {
    const sel = await namespace('old');
    const seenRequests: { operation: string; dryRun: boolean; old: unknown; object: unknown }[] = [];
    hook.handle('/watch-old', (req) => {
      seenRequests.push({ operation: req.operation, dryRun: req.dryRun, old: req.oldObject, object: req.object });
      return { allowed: true };
    });
    await configure('validating', validatingConfig('old', [validatingWebhook('old.example.com', { url: hook.url('/watch-old'), caBundle: hook.caBundle }, sel)]));
    await until('the webhook to be called', async () => {
      await call('POST', `${cmPath('old')}?dryRun=All`, CM('old', 'probe'));
      return seenRequests.length > 0;
    });
    seenRequests.length = 0;

    const dry = await call('POST', `${cmPath('old')}?dryRun=All`, CM('old', 'dry'));
    assert.equal(dry.status, 201, dry.text);
    assert.equal((await call('GET', cmPath('old', 'dry'))).status, 404);
    assert.deepEqual(seenRequests.map((s) => [s.operation, s.dryRun]), [['CREATE', true]]);

    const created = await call('POST', cmPath('old'), CM('old', 'cm', { k: 'one' }));
    assert.equal(created.status, 201, created.text);
    const updated = await call('PUT', cmPath('old', 'cm'), { ...created.json, data: { k: 'two' } });
    assert.equal(updated.status, 200, updated.text);
    const del = await call('DELETE', cmPath('old', 'cm'));
    assert.equal(del.status, 200, del.text);
    const [, , put, remove] = seenRequests;
    assert.equal(put!.operation, 'UPDATE');
    assert.deepEqual((put!.old as { data: unknown }).data, { k: 'one' });
    assert.deepEqual((put!.object as { data: unknown }).data, { k: 'two' });
    assert.equal(remove!.operation, 'DELETE');
    assert.equal(remove!.object, null);
    assert.deepEqual((remove!.old as { data: unknown }).data, { k: 'two' });
  });

  it('a webhook with side effects refuses dryRun requests without being called', async () => {
    const sel = await namespace('effects');
    await configure('validating', validatingConfig('effects', [validatingWebhook('effects.example.com', { url: hook.url('/effects'), caBundle: hook.caBundle }, { ...sel, sideEffects: 'Some' })]));
    let r: Reply | undefined;
    await until('the configuration to apply', async () => {
      r = await call('POST', `${cmPath('effects')}?dryRun=All`, CM('effects', 'cm'));
      return r.status === 400;
    });
    assert.equal(r!.json['message'], 'admission webhook "effects.example.com" does not support dry run');
    assert.equal(hook.calls('/effects').length, 0);
  });

  it('scale is admitted as autoscaling/v1 Scale with subresource scale, status with its own kind', async () => {
    const sel = await namespace('scale');
    const reviews: { kind: unknown; subResource: unknown; object: unknown }[] = [];
    hook.handle('/scale', (req) => {
      reviews.push({ kind: req.kind, subResource: req.subResource, object: req.object });
      // Doubles what the client asked for, to show the mutated Scale is what is applied.
      const spec = (req.object as { spec?: { replicas?: number } }).spec;
      return req.kind.kind === 'Scale' ? { allowed: true, patch: [{ op: 'replace', path: '/spec/replicas', value: (spec?.replicas ?? 0) * 2 }] } : { allowed: true };
    });
    await configure('mutating', mutatingConfig('scale', [mutatingWebhook('scale.example.com', { url: hook.url('/scale'), caBundle: hook.caBundle }, { ...sel, rules: [{ operations: ['UPDATE'], apiGroups: ['example.com'], apiVersions: ['v1'], resources: ['widgets/scale', 'widgets/status'] }] })]));
    const base = '/apis/example.com/v1/namespaces/scale/widgets';
    const w = await call('POST', base, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { replicas: 1 } });
    assert.equal(w.status, 201, w.text);
    let scaled: Reply | undefined;
    await until('the webhook to be called', async () => {
      scaled = await call('PATCH', `${base}/w/scale`, { spec: { replicas: 3 } }, { 'content-type': 'application/merge-patch+json' });
      return reviews.length > 0;
    });
    assert.equal(scaled!.status, 200, scaled!.text);
    assert.equal(scaled!.json['spec']['replicas'], 6);
    assert.deepEqual(reviews[0], { kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, subResource: 'scale', object: reviews[0]!.object });
    assert.equal((reviews[0]!.object as { kind: string }).kind, 'Scale');
    const status = await call('PATCH', `${base}/w/status`, { status: { replicas: 2 } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(status.status, 200, status.text);
    assert.deepEqual([reviews.at(-1)!.kind, reviews.at(-1)!.subResource], [{ group: 'example.com', version: 'v1', kind: 'Widget' }, 'status']);
  });

  it('kubectl 1.33 prints a denying webhook\'s message', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'capstan-admission-kubectl-'));
    try {
      const kubectl = kubectlFor('1.33', server.kubeconfigPath, dir);
      if (!kubectl) {
        // kubectl binaries are optional on a developer machine; CI has them.
        t.diagnostic('kubectl.1.33 not installed');
        return;
      }
      const sel = await namespace('kubectl');
      hook.handle('/no-code', () => ({ allowed: false, status: { message: 'go away' } }));
      await configure('validating', validatingConfig('kubectl', [validatingWebhook('no-code.example.com', { url: hook.url('/no-code'), caBundle: hook.caBundle }, sel)]));
      await until('the configuration to apply', async () => (await call('POST', `${cmPath('kubectl')}?dryRun=All`, CM('kubectl', 'probe'))).status === 400);
      const r = await kubectl(['create', 'configmap', 'x', '-n', 'kubectl', '--from-literal=a=b']);
      assert.equal(r.code, 1, r.stdout);
      assert.equal(r.stderr.trim(), 'error: failed to create configmap: admission webhook "no-code.example.com" denied the request: go away');
      const fromFile = await kubectl(['create', '-f', '-'], { input: JSON.stringify(CM('kubectl', 'y')) });
      assert.equal(fromFile.code, 1, fromFile.stdout);
      assert.equal(fromFile.stderr.trim(), 'Error from server: error when creating "STDIN": admission webhook "no-code.example.com" denied the request: go away');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('in-process hooks registered on the test server mutate and reject, and can be removed', async () => {
    await namespace('inproc');
    const offMutating = server.registerMutating('team.example.com', (attrs, ctx) => {
      if (attrs.namespace !== 'inproc' || attrs.object === null || attrs.object === undefined) return;
      const meta = (attrs.object.metadata ??= {});
      meta.labels = { ...meta.labels, team: 'a' };
      ctx.warn('team defaulted');
    });
    const offValidating = server.registerValidating('names.example.com', (attrs) => {
      if (attrs.namespace === 'inproc' && attrs.name === 'reserved') throw forbidden(attrs, 'that name is reserved');
    });
    try {
      const ok = await call('POST', cmPath('inproc'), CM('inproc', 'fine'));
      assert.equal(ok.status, 201, ok.text);
      assert.deepEqual(labelsOf(ok), { team: 'a' });
      assert.match(String(ok.headers['warning']), /team defaulted/);
      const refused = await call('POST', cmPath('inproc'), CM('inproc', 'reserved'));
      assert.equal(refused.status, 403, refused.text);
      assert.equal(refused.json['message'], 'configmaps "reserved" is forbidden: that name is reserved');
    } finally {
      offMutating();
      offValidating();
    }
    const after = await call('POST', cmPath('inproc'), CM('inproc', 'reserved'));
    assert.equal(after.status, 201, after.text);
    assert.deepEqual(labelsOf(after), {});
  });
});
