// The create-only review kinds and TokenRequest over the wire: 201, spec echoed, status filled,
// kube's validation answers. One in-memory server; about 1-2 s.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';
import { leakFreeStatus, rawSend, type RawCreds } from './support.js';

interface Reviewed {
  kind: string;
  apiVersion: string;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

describe('access reviews, token reviews and token requests', { timeout: 60_000 }, () => {
  let server: TestServer;
  let admin: RawCreds;
  const post = async (path: string, body: unknown, creds?: RawCreds, headers: string[] = []) =>
    rawSend(server.server.port, creds ?? admin, 'POST', path, JSON.stringify(body), headers);

  before(async () => {
    server = await startTestServer();
    admin = { ca: server.server.caPem, cert: server.server.admin.certPem, key: server.server.admin.keyPem };
  });
  after(async () => {
    await server?.stop();
  });

  it('SelfSubjectAccessReview: 201 with the spec echoed, for the caller and for an impersonated user', async () => {
    const spec = { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'configmaps' } };
    const r = await post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec });
    assert.equal(r.status, 201, r.body);
    const body = JSON.parse(r.body) as Reviewed;
    assert.equal(body.kind, 'SelfSubjectAccessReview');
    assert.deepEqual(body.spec, spec);
    assert.equal(body.status?.['allowed'], true);
    const asBob = JSON.parse((await post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec }, admin, ['Impersonate-User: bob'])).body) as Reviewed;
    assert.equal(asBob.status?.['allowed'], false);
    const path = await post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' } } }, admin, ['Impersonate-User: bob']);
    assert.equal((JSON.parse(path.body) as Reviewed).status?.['allowed'], true);
  });

  it('refuses a review with neither or both attribute kinds (422)', async () => {
    const neither = await post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: {} });
    assert.equal(neither.status, 422, neither.body);
    assert.equal(leakFreeStatus(neither).reason, 'Invalid');
    const both = await post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec: { resourceAttributes: { verb: 'get', resource: 'pods' }, nonResourceAttributes: { path: '/x', verb: 'get' } },
    });
    assert.equal(both.status, 422, both.body);
  });

  it('SubjectAccessReview and LocalSubjectAccessReview ask about the named subject', async () => {
    const sar = await post('/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      kind: 'SubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec: { user: 'someone', groups: ['system:masters'], resourceAttributes: { verb: 'delete', resource: 'namespaces' } },
    });
    assert.equal(sar.status, 201, sar.body);
    assert.equal((JSON.parse(sar.body) as Reviewed).status?.['allowed'], true);
    const nobody = await post('/apis/authorization.k8s.io/v1/subjectaccessreviews', { kind: 'SubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } });
    assert.equal(nobody.status, 422, nobody.body);
    const lsar = await post('/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews', {
      kind: 'LocalSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec: { user: 'bob', resourceAttributes: { namespace: 'default', verb: 'get', resource: 'configmaps' } },
    });
    assert.equal(lsar.status, 201, lsar.body);
    const status = (JSON.parse(lsar.body) as Reviewed).status;
    assert.equal(status?.['allowed'], false);
    const mismatch = await post('/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews', {
      kind: 'LocalSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec: { user: 'bob', resourceAttributes: { namespace: 'kube-system', verb: 'get', resource: 'configmaps' } },
    });
    assert.equal(mismatch.status, 400, mismatch.body);
    assert.equal(leakFreeStatus(mismatch).message, 'spec.resourceAttributes.namespace must match namespace: default');
  });

  it('SelfSubjectRulesReview lists the rules of the caller in a namespace', async () => {
    const r = await post('/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', spec: { namespace: 'default' } }, admin, ['Impersonate-User: bob']);
    assert.equal(r.status, 201, r.body);
    const status = (JSON.parse(r.body) as Reviewed).status as { resourceRules: Array<{ resources?: string[] }>; nonResourceRules: unknown[]; incomplete: boolean };
    assert.equal(status.incomplete, false);
    assert.ok(status.resourceRules.some((rule) => rule.resources?.includes('selfsubjectaccessreviews')));
    assert.ok(status.nonResourceRules.length > 0);
  });

  it('TokenRequest issues a token that TokenReview accepts, for the ServiceAccount that exists', async () => {
    const sa = await post('/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } });
    assert.equal(sa.status, 201, sa.body);
    const tr = await post('/api/v1/namespaces/default/serviceaccounts/builder/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    assert.equal(tr.status, 201, tr.body);
    const issued = JSON.parse(tr.body) as Reviewed & { status: { token: string; expirationTimestamp: string } };
    assert.equal(issued.kind, 'TokenRequest');
    assert.equal(issued.apiVersion, 'authentication.k8s.io/v1');
    assert.equal(issued.spec?.['expirationSeconds'], 3600);
    assert.match(issued.status.expirationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const review = await post('/apis/authentication.k8s.io/v1/tokenreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: issued.status.token } });
    assert.equal(review.status, 201, review.body);
    const reviewed = JSON.parse(review.body) as Reviewed;
    assert.equal(reviewed.status?.['authenticated'], true);
    assert.equal((reviewed.status?.['user'] as { username: string }).username, 'system:serviceaccount:default:builder');
    assert.equal(reviewed.spec?.['token'], undefined, 'the token is not echoed');
    const bad = JSON.parse((await post('/apis/authentication.k8s.io/v1/tokenreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'garbage' } })).body) as Reviewed;
    assert.notEqual(bad.status?.['authenticated'], true);
    const short = await post('/api/v1/namespaces/default/serviceaccounts/builder/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 60 } });
    assert.equal(short.status, 422, short.body);
    assert.equal(leakFreeStatus(short).reason, 'Invalid');
    const custom = await post('/api/v1/namespaces/default/serviceaccounts/builder/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 1200, audiences: ['vault'] } });
    assert.equal(custom.status, 201, custom.body);
    const customSpec = (JSON.parse(custom.body) as Reviewed).spec as { expirationSeconds: number; audiences: string[] };
    assert.equal(customSpec.expirationSeconds, 1200);
    assert.deepEqual(customSpec.audiences, ['vault']);
    const missing = await post('/api/v1/namespaces/default/serviceaccounts/ghost/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    assert.equal(missing.status, 404, missing.body);
    leakFreeStatus(missing);
  });
});
