// Admission's audit annotations reach the request's audit event: a webhook's (prefixed with
// its name, plus kube's mutation record) and an in-process hook's. One audited server and one
// webhook; the log is read after the server stops (closing flushes it). About 1.5 s.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import type { AuditEvent } from '../../runtime/audit/index.js';
import { startTestServer } from '../../runtime/server/index.js';
import { adminClient } from '../apiextensions/serving/support.js';
import { mutatingConfig, mutatingWebhook, startWebhookServer } from './support.js';

it('audit annotations from webhooks and in-process hooks are on the audit event', { timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-admission-audit-'));
  const hook = await startWebhookServer();
  try {
    const policy = join(dir, 'policy.yaml');
    const log = join(dir, 'audit.log');
    await writeFile(policy, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n');
    const server = await startTestServer({ security: { auditPolicyFile: policy, auditLogPath: log } });
    let auditID: string;
    try {
      const call = adminClient(server);
      hook.handle('/annotate', () => ({ allowed: true, auditAnnotations: { checked: 'yes' } }));
      server.registerMutating('inproc.example.com', (attrs, ctx) => {
        if (attrs.name === 'audited') ctx.annotate('seen', 'true');
      });
      const cfg = mutatingConfig('annotate', [
        mutatingWebhook('annotate.example.com', { url: hook.url('/annotate'), caBundle: hook.caBundle }, { objectSelector: { matchLabels: { audit: 'me' } } }),
      ]);
      assert.equal((await call('POST', '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations', cfg)).status, 201);
      const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'audited', labels: { audit: 'me' } } };
      const deadline = Date.now() + 5000;
      while (hook.calls('/annotate').length === 0) {
        if (Date.now() > deadline) assert.fail('the webhook was never called');
        await call('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', cm);
      }
      const created = await call('POST', '/api/v1/namespaces/default/configmaps', cm);
      assert.equal(created.status, 201, created.text);
      auditID = String(created.headers['audit-id']);
    } finally {
      await server.stop();
    }
    const events = (await readFile(log, 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as AuditEvent);
    const done = events.find((e) => e.auditID === auditID && e.stage === 'ResponseComplete');
    assert.ok(done, 'the create was audited');
    const annotations = done.annotations ?? {};
    assert.equal(annotations['annotate.example.com/checked'], 'yes');
    assert.equal(annotations['inproc.example.com/seen'], 'true');
    assert.deepEqual(JSON.parse(annotations['mutation.webhook.admission.k8s.io/round_0_index_0'] ?? '{}'), {
      configuration: 'annotate',
      webhook: 'annotate.example.com',
      mutated: false,
    });
  } finally {
    await hook.close();
    await rm(dir, { recursive: true, force: true });
  }
});
