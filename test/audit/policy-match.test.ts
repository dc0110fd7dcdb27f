// Rule matching, case by case, with kube's checker semantics (first match wins, no match is None).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePolicy, parseAuditPolicy, type AuditRequestInfo, type UserInfo } from '../../runtime/audit/index.js';

const head = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';

/** The level one rule (then a catch-all of None... or nothing) gives a request. */
function levelOf(ruleYaml: string, info: AuditRequestInfo, user: UserInfo | null = ALICE): string {
  const policy = parseAuditPolicy(`${head}rules:\n  - level: Metadata\n${ruleYaml.replace(/^/gm, '    ')}\n`, 'test');
  return compilePolicy(policy).evaluate(info, user).level;
}

const ALICE: UserInfo = { username: 'alice', groups: ['dev', 'system:authenticated'] };

function res(resource: string, more: Partial<{ verb: string; apiGroup: string; namespace: string; subresource: string; name: string }> = {}): AuditRequestInfo {
  return { isResourceRequest: true, verb: 'get', apiGroup: '', apiVersion: 'v1', namespace: 'default', resource, subresource: '', name: '', ...more };
}
const nonRes = (path: string, verb = 'get'): AuditRequestInfo => ({ isResourceRequest: false, verb, path });

const M = 'Metadata';
const N = 'None';

test('match: an empty rule matches every request, with or without a user', () => {
  assert.equal(levelOf('verbs: []', res('pods')), M);
  assert.equal(levelOf('verbs: []', nonRes('/healthz'), null), M);
});

test('match: users and userGroups; a request that did not authenticate matches neither', () => {
  const table: [string, UserInfo | null, string][] = [
    ['users: [alice]', ALICE, M],
    ['users: [bob]', ALICE, N],
    ['users: [alice]', null, N],
    ['userGroups: [dev]', ALICE, M],
    ['userGroups: [ops, system:authenticated]', ALICE, M],
    ['userGroups: [ops]', ALICE, N],
    ['userGroups: [dev]', { username: 'nogroups' }, N],
    ['userGroups: [system:unauthenticated]', null, N],
    ['users: [alice]\nuserGroups: [ops]', ALICE, N],
  ];
  for (const [rule, user, want] of table) assert.equal(levelOf(rule, res('pods'), user), want, `${rule} / ${user?.username}`);
});

test('match: verbs compare the request-info verb', () => {
  assert.equal(levelOf('verbs: [list, watch]', res('pods', { verb: 'watch' })), M);
  assert.equal(levelOf('verbs: [get]', res('pods', { verb: 'list' })), N);
  assert.equal(levelOf('verbs: [get]', nonRes('/version')), M);
  assert.equal(levelOf('verbs: [post]', nonRes('/version', 'post')), M);
});

test('match: resources by group, subresource and wildcard', () => {
  const table: [string, AuditRequestInfo, string][] = [
    ['resources: [{group: ""}]', res('pods'), M],
    ['resources: [{group: ""}]', res('deployments', { apiGroup: 'apps' }), N],
    ['resources: [{group: apps}]', res('deployments', { apiGroup: 'apps' }), M],
    ['resources: [{group: "", resources: [pods]}]', res('pods'), M],
    ['resources: [{group: "", resources: [pods]}]', res('pods', { subresource: 'log', name: 'p' }), N],
    ['resources: [{group: "", resources: [pods/log]}]', res('pods', { subresource: 'log', name: 'p' }), M],
    ['resources: [{group: "", resources: [pods/log]}]', res('pods', { name: 'p' }), N],
    ['resources: [{group: "", resources: [pods/log]}]', res('pods', { subresource: 'status', name: 'p' }), N],
    ['resources: [{group: "", resources: ["*"]}]', res('pods', { subresource: 'exec', name: 'p' }), M],
    ['resources: [{group: "", resources: ["*"]}]', res('secrets'), M],
    ['resources: [{group: "", resources: ["*/status"]}]', res('pods', { subresource: 'status', name: 'p' }), M],
    ['resources: [{group: "", resources: ["*/status"]}]', res('services', { subresource: 'status', name: 's' }), M],
    ['resources: [{group: "", resources: ["*/status"]}]', res('pods', { name: 'p' }), N],
    ['resources: [{group: "", resources: ["*/status"]}]', res('pods', { subresource: 'log', name: 'p' }), N],
    ['resources: [{group: "", resources: ["pods/*"]}]', res('pods', { subresource: 'log', name: 'p' }), M],
    ['resources: [{group: "", resources: ["pods/*"]}]', res('pods', { subresource: 'status', name: 'p' }), M],
    // kube's checker compares only the resource part for "pods/*", so pods itself matches too.
    ['resources: [{group: "", resources: ["pods/*"]}]', res('pods', { name: 'p' }), M],
    ['resources: [{group: "", resources: ["pods/*"]}]', res('podtemplates', { name: 'p' }), N],
    ['resources: [{group: "", resources: ["*/*"]}]', res('pods', { subresource: 'log', name: 'p' }), N],
    ['resources: [{group: "", resources: [secrets]}, {group: apps, resources: [deployments/scale]}]', res('deployments', { apiGroup: 'apps', subresource: 'scale', name: 'd' }), M],
  ];
  for (const [rule, info, want] of table) {
    const i = info as { resource: string; subresource: string; apiGroup: string };
    assert.equal(levelOf(rule, info), want, `${rule} / ${i.apiGroup}:${i.resource}/${i.subresource}`);
  }
});

test('match: resourceNames narrow a group-resource entry', () => {
  const rule = 'resources: [{group: "", resources: [configmaps], resourceNames: [cfg-a, cfg-b]}]';
  assert.equal(levelOf(rule, res('configmaps', { name: 'cfg-a' })), M);
  assert.equal(levelOf(rule, res('configmaps', { name: 'other' })), N);
  // A list has no name: it does not match a rule that names objects.
  assert.equal(levelOf(rule, res('configmaps', { verb: 'list' })), N);
  assert.equal(levelOf('resources: [{group: "", resources: ["*"], resourceNames: [x]}]', res('pods', { name: 'x', subresource: 'log' })), M);
});

test('match: namespaces, where "" is cluster-scoped requests and lists across all namespaces', () => {
  assert.equal(levelOf('namespaces: [kube-system]', res('pods', { namespace: 'kube-system' })), M);
  assert.equal(levelOf('namespaces: [kube-system]', res('pods')), N);
  assert.equal(levelOf('namespaces: [""]', res('nodes', { namespace: '' })), M);
  assert.equal(levelOf('namespaces: [""]', res('pods', { namespace: '', verb: 'list' })), M);
  assert.equal(levelOf('namespaces: [""]', res('pods')), N);
  assert.equal(levelOf('namespaces: [default]\nresources: [{group: "", resources: [pods]}]', res('secrets')), N);
  assert.equal(levelOf('namespaces: [default]\nresources: [{group: "", resources: [pods]}]', res('pods')), M);
});

test('match: a rule with resources or namespaces never matches a non-resource request, and the reverse', () => {
  assert.equal(levelOf('resources: [{group: ""}]', nonRes('/api')), N);
  assert.equal(levelOf('namespaces: [""]', nonRes('/healthz')), N);
  assert.equal(levelOf('nonResourceURLs: ["*"]', res('pods')), N);
  assert.equal(levelOf('nonResourceURLs: ["/api*"]', res('pods')), N);
});

test('match: nonResourceURLs are exact, "*" or a prefix before a trailing "*"', () => {
  const table: [string, string, string][] = [
    ['/healthz', '/healthz', M],
    ['/healthz', '/healthz/etcd', N],
    ['/healthz*', '/healthz/etcd', M],
    ['/healthz*', '/healthzzz', M],
    ['/healthz/*', '/healthz', N],
    ['/healthz/*', '/healthz/ping', M],
    ['/apis*', '/apis/apps', M],
    ['*', '/anything', M],
    ['/version', '/version/', N],
  ];
  for (const [spec, path, want] of table) assert.equal(levelOf(`nonResourceURLs: ["${spec}"]`, nonRes(path)), want, `${spec} vs ${path}`);
});

test('match: the first matching rule wins and no match is None', () => {
  const policy = parseAuditPolicy(
    `${head}omitStages: [Panic]
rules:
  - level: None
    users: [system:kube-proxy]
  - level: RequestResponse
    resources: [{group: "", resources: [secrets]}]
    omitStages: [RequestReceived]
    omitManagedFields: true
  - level: Request
    verbs: [create]
  - level: Metadata
    namespaces: [default]
`,
    'test',
  );
  const checker = compilePolicy(policy);
  assert.equal(checker.evaluate(res('secrets'), { username: 'system:kube-proxy' }).level, 'None');
  const secrets = checker.evaluate(res('secrets', { verb: 'create' }), ALICE);
  assert.equal(secrets.level, 'RequestResponse');
  assert.deepEqual([...secrets.omitStages].sort(), ['Panic', 'RequestReceived']);
  assert.equal(secrets.omitManagedFields, true);
  assert.equal(checker.evaluate(res('pods', { verb: 'create' }), ALICE).level, 'Request');
  assert.equal(checker.evaluate(res('pods', { verb: 'create' }), ALICE).omitManagedFields, false);
  assert.equal(checker.evaluate(res('pods'), ALICE).level, 'Metadata');
  assert.equal(checker.evaluate(res('pods', { namespace: 'other' }), ALICE).level, 'None');
});

test('match: a rule without omitManagedFields takes the policy-wide setting; a rule setting false overrides it', () => {
  const policy = parseAuditPolicy(
    `${head}omitManagedFields: true\nrules:\n  - level: Request\n    verbs: [create]\n    omitManagedFields: false\n  - level: Request\n`,
    'test',
  );
  const checker = compilePolicy(policy);
  assert.equal(checker.evaluate(res('pods', { verb: 'create' }), ALICE).omitManagedFields, false);
  assert.equal(checker.evaluate(res('pods', { verb: 'update' }), ALICE).omitManagedFields, true);
});
