// Webhooks called over real HTTPS (127.0.0.1, a CA from runtime/pki). About 1.5 s: the two
// timeout cases wait out a 1 s webhook timeout, concurrently; everything else is local calls.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAdmission, endpointsServiceResolver, StaticWebhookSource, type Admission } from '../../runtime/admission/index.js';
import type { RegistryObject } from '../../runtime/registry/index.js';
import { isStatusError, type StatusError } from '../../runtime/errors/index.js';
import { freePort } from '../support/free-port.js';
import {
  createConfigMap,
  mutatingConfig,
  mutatingWebhook,
  startWebhookServer,
  validatingConfig,
  validatingWebhook,
  SERVICE_DNS,
  type WebhookServer,
} from './support.js';

let server: WebhookServer;
const reported: unknown[] = [];
const open: Admission[] = [];

function admissionWith(source: StaticWebhookSource, extra: { namespaceLabels?: (ns: string) => Record<string, string> | null } = {}): Admission {
  const admission = createAdmission({
    webhookSource: source,
    onError: (err) => reported.push(err),
    // The Service "webhooks/hook" port 8443 is backed by the test server's address.
    resolveService: endpointsServiceResolver({
      // "impostor" is served by the same address, whose certificate does not name it.
      getService: (ns, name) =>
        ns === 'webhooks' && (name === 'hook' || name === 'impostor') ? ({ metadata: { name }, spec: { ports: [{ name: 'https', port: 8443 }] } } as RegistryObject) : null,
      getEndpoints: (ns, name) =>
        ns === 'webhooks' && (name === 'hook' || name === 'impostor')
          ? ({ metadata: { name }, subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: server.port }] }] } as RegistryObject)
          : null,
    }),
    ...extra,
  });
  open.push(admission);
  return admission;
}

function statusOf(err: unknown): StatusError {
  assert.ok(isStatusError(err), `expected a StatusError, got ${String(err)}`);
  return err;
}

const labelsOf = (obj: unknown) => (obj as { metadata?: { labels?: Record<string, string> } }).metadata?.labels ?? {};

before(async () => {
  server = await startWebhookServer();
});

after(async () => {
  await Promise.all(open.map((a) => a.stop()));
  await server.close();
});

describe('admission webhooks over HTTPS', () => {
  it('sends an AdmissionReview v1 and passes on an allowing answer with warnings and audit annotations', async () => {
    server.handle('/allow', () => ({ allowed: true, warnings: ['be careful'], auditAnnotations: { decision: 'ok' } }));
    const source = new StaticWebhookSource({
      validating: [validatingConfig('allow', [validatingWebhook('allow.example.com', { url: server.url('/allow'), caBundle: server.caBundle })])],
    });
    const admission = admissionWith(source);
    await admission.synced();
    const result = await admission.validate(createConfigMap({ dryRun: false }));
    assert.deepEqual(result.warnings, ['be careful']);
    assert.deepEqual(result.auditAnnotations, { 'allow.example.com/decision': 'ok' });
    const [call] = server.calls('/allow');
    assert.ok(call);
    assert.equal(call.query, '?timeout=10s');
    assert.equal(call.body.apiVersion, 'admission.k8s.io/v1');
    assert.equal(call.body.kind, 'AdmissionReview');
    const r = call.body.request;
    assert.match(r.uid, /^[0-9a-f-]{36}$/);
    assert.deepEqual(r.kind, { group: '', version: 'v1', kind: 'ConfigMap' });
    assert.deepEqual(r.resource, { group: '', version: 'v1', resource: 'configmaps' });
    assert.deepEqual(r.requestKind, r.kind);
    assert.deepEqual(r.requestResource, r.resource);
    assert.equal(r.subResource, undefined);
    assert.equal(r.name, 'cm');
    assert.equal(r.namespace, 'default');
    assert.equal(r.operation, 'CREATE');
    assert.deepEqual(r.userInfo, { username: 'alice', groups: ['system:authenticated'] });
    assert.equal((r.object as { kind: string }).kind, 'ConfigMap');
    assert.equal(r.oldObject, null);
    assert.equal(r.dryRun, false);
    assert.deepEqual(r.options, { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' });
  });

  it('turns a denial into the webhook\'s status, with kube\'s message', async () => {
    server.handle('/deny-forbidden', () => ({ allowed: false, status: { code: 403, reason: 'Forbidden', message: 'no configmaps today' } }));
    server.handle('/deny-bare', () => ({ allowed: false }));
    server.handle('/deny-low-code', () => ({ allowed: false, status: { code: 200, message: 'meh' } }));
    const config = (path: string) =>
      new StaticWebhookSource({
        validating: [validatingConfig(path, [validatingWebhook(`${path.slice(1)}.example.com`, { url: server.url(path), caBundle: server.caBundle })])],
      });
    const forbiddenErr = statusOf(await admissionWith(config('/deny-forbidden')).validate(createConfigMap()).catch((e: unknown) => e));
    assert.equal(forbiddenErr.code, 403);
    assert.equal(forbiddenErr.status.reason, 'Forbidden');
    assert.equal(forbiddenErr.message, 'admission webhook "deny-forbidden.example.com" denied the request: no configmaps today');
    const bare = statusOf(await admissionWith(config('/deny-bare')).validate(createConfigMap()).catch((e: unknown) => e));
    assert.equal(bare.code, 400);
    assert.equal(bare.message, 'admission webhook "deny-bare.example.com" denied the request without explanation');
    const low = statusOf(await admissionWith(config('/deny-low-code')).validate(createConfigMap()).catch((e: unknown) => e));
    assert.equal(low.code, 400);
    assert.equal(low.message, 'admission webhook "deny-low-code.example.com" denied the request: meh');
    // A mutating webhook's denial reads the same.
    const mutating = new StaticWebhookSource({
      mutating: [mutatingConfig('m', [mutatingWebhook('m.example.com', { url: server.url('/deny-forbidden'), caBundle: server.caBundle })])],
    });
    const m = statusOf(await admissionWith(mutating).admit(createConfigMap()).catch((e: unknown) => e));
    assert.equal(m.message, 'admission webhook "m.example.com" denied the request: no configmaps today');
  });

  it('applies JSON patches in order: configurations by name, then webhooks as listed', async () => {
    const append = (step: string) => () => ({
      allowed: true,
      patch: [{ op: 'add', path: '/data/steps/-', value: step }],
    });
    server.handle('/p1', append('a1'));
    server.handle('/p2', append('a2'));
    server.handle('/p3', append('b1'));
    const cc = (path: string) => ({ url: server.url(path), caBundle: server.caBundle });
    const source = new StaticWebhookSource({
      mutating: [
        mutatingConfig('b-config', [mutatingWebhook('b1.example.com', cc('/p3'))]),
        mutatingConfig('a-config', [mutatingWebhook('a1.example.com', cc('/p1')), mutatingWebhook('a2.example.com', cc('/p2'))]),
      ],
    });
    const admission = admissionWith(source);
    const input = createConfigMap({ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { steps: [] } } as never });
    const result = await admission.admit(input);
    assert.deepEqual((result.object as unknown as { data: { steps: string[] } }).data.steps, ['a1', 'a2', 'b1']);
    assert.equal(
      result.auditAnnotations['mutation.webhook.admission.k8s.io/round_0_index_2'],
      JSON.stringify({ configuration: 'b-config', webhook: 'b1.example.com', mutated: true }),
    );
    // Each webhook saw the object as the one before it left it.
    assert.deepEqual(server.calls('/p3').at(-1)!.body.request.object!['data'], { steps: ['a1', 'a2'] });
  });

  it('reinvokes an IfNeeded webhook (and the in-process mutators) once when a later webhook changed the object', async () => {
    let first = 0;
    server.handle('/reinvoke-first', (req) => {
      first += 1;
      const labels = labelsOf(req.object);
      return { allowed: true, patch: [{ op: 'add', path: '/metadata/labels/first-saw', value: labels['second'] ?? 'nothing' }] };
    });
    server.handle('/reinvoke-second', () => ({ allowed: true, patch: [{ op: 'add', path: '/metadata/labels/second', value: 'done' }] }));
    const cc = (path: string) => ({ url: server.url(path), caBundle: server.caBundle });
    const source = new StaticWebhookSource({
      mutating: [
        mutatingConfig('c1', [mutatingWebhook('first.example.com', cc('/reinvoke-first'), { reinvocationPolicy: 'IfNeeded' })]),
        mutatingConfig('c2', [mutatingWebhook('second.example.com', cc('/reinvoke-second'))]),
      ],
    });
    const admission = admissionWith(source);
    let inProcess = 0;
    admission.registerMutating('counter', () => {
      inProcess += 1;
    });
    const result = await admission.admit(createConfigMap());
    assert.equal(first, 2);
    assert.equal(server.calls('/reinvoke-second').length, 1);
    assert.equal(inProcess, 2);
    assert.deepEqual(labelsOf(result.object), { app: 'web', 'first-saw': 'done', second: 'done' });
    assert.ok('mutation.webhook.admission.k8s.io/round_1_index_0' in result.auditAnnotations);

    // Never (the default): no second call.
    first = 0;
    const never = new StaticWebhookSource({
      mutating: [
        mutatingConfig('c1', [mutatingWebhook('first.example.com', cc('/reinvoke-first'))]),
        mutatingConfig('c2', [mutatingWebhook('second.example.com', cc('/reinvoke-second'))]),
      ],
    });
    const once = await admissionWith(never).admit(createConfigMap());
    assert.equal(first, 1);
    assert.equal(labelsOf(once.object)['first-saw'], 'nothing');
  });

  it('fails closed or open on a timeout, as failurePolicy says', async () => {
    server.handle('/hang', () => 'hang');
    const hook = (policy: 'Fail' | 'Ignore') =>
      new StaticWebhookSource({
        validating: [
          validatingConfig('slow', [
            validatingWebhook('slow.example.com', { url: server.url('/hang'), caBundle: server.caBundle }, { timeoutSeconds: 1, failurePolicy: policy }),
          ]),
        ],
      });
    reported.length = 0;
    const [failed, ignored] = await Promise.all([
      admissionWith(hook('Fail')).validate(createConfigMap()).catch((e: unknown) => e),
      admissionWith(hook('Ignore')).validate(createConfigMap()),
    ]);
    const err = statusOf(failed);
    assert.equal(err.code, 500);
    assert.equal(err.status.reason, 'InternalError');
    assert.equal(
      err.message,
      `Internal error occurred: failed calling webhook "slow.example.com": failed to call webhook: Post "${server.url('/hang')}?timeout=1s": context deadline exceeded`,
    );
    assert.deepEqual(ignored.auditAnnotations, { 'failed-open.validating.webhook.admission.k8s.io/round_0_index_0': 'slow.example.com' });
    assert.equal(reported.length, 1);
    assert.match(String(reported[0]), /context deadline exceeded/);
  });

  it('fails closed or open when the webhook refuses connections', async () => {
    const port = await freePort();
    const hook = (policy: 'Fail' | 'Ignore') =>
      new StaticWebhookSource({
        mutating: [
          mutatingConfig('gone', [
            mutatingWebhook('gone.example.com', { url: `https://127.0.0.1:${port}/x`, caBundle: server.caBundle }, { failurePolicy: policy }),
          ]),
        ],
      });
    const err = statusOf(await admissionWith(hook('Fail')).admit(createConfigMap()).catch((e: unknown) => e));
    assert.equal(err.code, 500);
    assert.equal(
      err.message,
      `Internal error occurred: failed calling webhook "gone.example.com": failed to call webhook: Post "https://127.0.0.1:${port}/x?timeout=10s": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
    const ok = await admissionWith(hook('Ignore')).admit(createConfigMap());
    assert.equal(ok.object!.metadata!.name, 'cm');
    assert.deepEqual(ok.auditAnnotations, { 'failed-open.mutating.webhook.admission.k8s.io/round_0_index_0': 'gone.example.com' });
  });

  it('verifies the serving certificate against caBundle, and reaches a Service through the resolver', async () => {
    server.handle('/svc', () => ({ allowed: true, warnings: ['via service'] }));
    const viaService = new StaticWebhookSource({
      validating: [
        validatingConfig('svc', [
          validatingWebhook('svc.example.com', { service: { namespace: 'webhooks', name: 'hook', port: 8443, path: '/svc' }, caBundle: server.caBundle }),
        ]),
      ],
    });
    const result = await admissionWith(viaService).validate(createConfigMap());
    assert.deepEqual(result.warnings, ['via service']);
    assert.equal(server.calls('/svc').at(-1)!.query, '?timeout=10s');

    const wrongCa = new StaticWebhookSource({
      validating: [validatingConfig('bad-ca', [validatingWebhook('bad-ca.example.com', { url: server.url('/svc'), caBundle: server.otherCaBundle })])],
    });
    const err = statusOf(await admissionWith(wrongCa).validate(createConfigMap()).catch((e: unknown) => e));
    assert.equal(err.code, 500);
    assert.equal(
      err.message,
      `Internal error occurred: failed calling webhook "bad-ca.example.com": failed to call webhook: Post "${server.url('/svc')}?timeout=10s": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    );
    // The certificate is checked against the Service's DNS name, not the address dialled.
    const impostor = new StaticWebhookSource({
      validating: [
        validatingConfig('impostor', [
          validatingWebhook('impostor.example.com', { service: { namespace: 'webhooks', name: 'impostor', port: 8443, path: '/svc' }, caBundle: server.caBundle }),
        ]),
      ],
    });
    const misnamed = statusOf(await admissionWith(impostor).validate(createConfigMap()).catch((e: unknown) => e));
    assert.equal(misnamed.code, 500);
    assert.match(misnamed.message, /Post "https:\/\/impostor\.webhooks\.svc:8443\/svc\?timeout=10s": tls: failed to verify certificate: x509: .*impostor\.webhooks\.svc/);
    assert.match(misnamed.message, new RegExp(SERVICE_DNS.replace(/\./g, '\\.')));
  });

  it('refuses dry-run requests to webhooks with side effects, without calling them', async () => {
    server.handle('/side', () => ({ allowed: true }));
    const withEffects = (sideEffects: 'Some' | 'NoneOnDryRun') =>
      new StaticWebhookSource({
        validating: [
          validatingConfig('side', [validatingWebhook('side.example.com', { url: server.url('/side'), caBundle: server.caBundle }, { sideEffects, failurePolicy: 'Ignore' })]),
        ],
      });
    const before = server.calls('/side').length;
    const err = statusOf(await admissionWith(withEffects('Some')).validate(createConfigMap({ dryRun: true })).catch((e: unknown) => e));
    assert.equal(err.code, 400);
    assert.equal(err.status.reason, 'BadRequest');
    assert.equal(err.message, 'admission webhook "side.example.com" does not support dry run');
    assert.equal(server.calls('/side').length, before);
    await admissionWith(withEffects('NoneOnDryRun')).validate(createConfigMap({ dryRun: true }));
    assert.equal(server.calls('/side').at(-1)!.body.request.dryRun, true);
    // Without dryRun, side effects do not matter.
    await admissionWith(withEffects('Some')).validate(createConfigMap());
    assert.equal(server.calls('/side').length, before + 2);
  });

  it('calls only webhooks whose rules, objectSelector and namespaceSelector match', async () => {
    server.handle('/selective', () => ({ allowed: false, status: { message: 'called' } }));
    const cc = { url: server.url('/selective'), caBundle: server.caBundle };
    const source = new StaticWebhookSource({
      validating: [
        validatingConfig('selective', [
          validatingWebhook('rules.example.com', cc, { rules: [{ operations: ['DELETE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }] }),
          validatingWebhook('objects.example.com', cc, { objectSelector: { matchLabels: { app: 'db' } } }),
          validatingWebhook('namespaces.example.com', cc, { namespaceSelector: { matchLabels: { env: 'prod' } } }),
        ]),
      ],
    });
    const admission = admissionWith(source, { namespaceLabels: (ns): Record<string, string> | null => (ns === 'prod' ? { env: 'prod' } : ns === 'default' ? {} : null) });
    const before = server.calls('/selective').length;
    await admission.validate(createConfigMap());
    assert.equal(server.calls('/selective').length, before);
    const byNamespace = statusOf(await admission.validate(createConfigMap({ namespace: 'prod' })).catch((e: unknown) => e));
    assert.equal(byNamespace.message, 'admission webhook "namespaces.example.com" denied the request: called');
    const byObject = statusOf(
      await admission.validate(createConfigMap({ object: { metadata: { name: 'cm', labels: { app: 'db' } } } })).catch((e: unknown) => e),
    );
    assert.equal(byObject.message, 'admission webhook "objects.example.com" denied the request: called');
    const byRule = statusOf(
      await admission.validate(createConfigMap({ operation: 'DELETE', object: null, oldObject: { metadata: { name: 'cm' } } })).catch((e: unknown) => e),
    );
    assert.equal(byRule.message, 'admission webhook "rules.example.com" denied the request: called');
    // Webhook configurations themselves are never sent to webhooks.
    await admission.validate(
      createConfigMap({
        resource: { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingwebhookconfigurations' },
        kind: { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration' },
        namespace: '',
        object: { metadata: { name: 'x', labels: { app: 'db' } } },
      }),
    );
  });

  it('runs validating webhooks concurrently; the first denial in webhook order wins', async () => {
    // Neither webhook answers: both requests can only arrive if the calls run at once.
    server.handle('/par-a', () => 'hang');
    server.handle('/par-b', () => 'hang');
    const cc = (path: string) => ({ url: server.url(path), caBundle: server.caBundle });
    const source = new StaticWebhookSource({
      validating: [validatingConfig('par', [validatingWebhook('a.example.com', cc('/par-a')), validatingWebhook('b.example.com', cc('/par-b'))])],
    });
    const admission = admissionWith(source);
    const pending = admission.validate(createConfigMap()).catch((e: unknown) => e);
    const deadline = Date.now() + 3000;
    while (server.calls('/par-a').length + server.calls('/par-b').length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(server.calls('/par-a').length + server.calls('/par-b').length, 2);
    // Stopping drops the connections; both calls fail, and the first webhook's failure is the answer.
    await admission.stop();
    const err = statusOf(await pending);
    assert.equal(err.code, 500);
    assert.match(err.message, /failed calling webhook "a\.example\.com"/);

    server.handle('/par-allow', () => ({ allowed: true, warnings: ['from c'] }));
    server.handle('/par-deny-1', () => ({ allowed: false, status: { message: 'first' } }));
    server.handle('/par-deny-2', () => ({ allowed: false, status: { message: 'second' } }));
    const ordered = new StaticWebhookSource({
      validating: [
        validatingConfig('par2', [
          validatingWebhook('c.example.com', cc('/par-allow')),
          validatingWebhook('d.example.com', cc('/par-deny-1')),
          validatingWebhook('e.example.com', cc('/par-deny-2')),
        ]),
      ],
    });
    const denied = statusOf(await admissionWith(ordered).validate(createConfigMap()).catch((e: unknown) => e));
    assert.equal(denied.message, 'admission webhook "d.example.com" denied the request: first');
  });

  it('treats a malformed answer as a failed call', async () => {
    server.handle('/bad-uid', () => ({ raw: JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'nope', allowed: true } }) }));
    server.handle('/http-500', () => ({ raw: 'oops', status: 500 }));
    const source = (path: string) =>
      new StaticWebhookSource({
        validating: [validatingConfig(path, [validatingWebhook('bad.example.com', { url: server.url(path), caBundle: server.caBundle })])],
      });
    const uid = statusOf(await admissionWith(source('/bad-uid')).validate(createConfigMap()).catch((e: unknown) => e));
    assert.equal(uid.code, 500);
    assert.match(uid.message, /^Internal error occurred: failed calling webhook "bad\.example\.com": received invalid webhook response: expected response\.uid="[0-9a-f-]{36}", got "nope"$/);
    const http = statusOf(await admissionWith(source('/http-500')).validate(createConfigMap()).catch((e: unknown) => e));
    assert.equal(http.code, 500);
    assert.match(http.message, /failed calling webhook "bad\.example\.com": failed to call webhook: the server responded with HTTP 500/);
  });
});
