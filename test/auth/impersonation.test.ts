// Impersonation headers: allowed, denied (kube's 403 text), service accounts, extras, uid,
// header injection and empty values. In-memory: ~20 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRbacAuthorizer, impersonate, installBootstrapPolicy, RbacStore } from '../../runtime/auth/index.js';
import { isStatusError } from '../../runtime/errors/index.js';
import type { UserInfo } from '../../runtime/registry/index.js';

const bob: UserInfo = { username: 'bob', groups: ['system:authenticated'] };

function authorizer() {
  const s = new RbacStore();
  installBootstrapPolicy(s);
  s.putClusterRole({
    metadata: { name: 'impersonator' },
    rules: [
      { verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['alice', 'system:anonymous'] },
      { verbs: ['impersonate'], apiGroups: [''], resources: ['groups'], resourceNames: ['devs'] },
      { verbs: ['impersonate'], apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes', 'uids'] },
    ],
  });
  s.putClusterRoleBinding({ metadata: { name: 'bob-impersonates' }, roleRef: { kind: 'ClusterRole', name: 'impersonator' }, subjects: [{ kind: 'User', name: 'bob' }] });
  s.putRoleBinding({ metadata: { name: 'bob-edit', namespace: 'team' }, roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'User', name: 'bob' }] });
  return createRbacAuthorizer(s);
}

function rejects(fn: () => unknown, code: number, message?: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isStatusError(e));
    assert.equal(e.status.code, code);
    if (typeof message === 'string') assert.equal(e.status.message, message);
    else if (message) assert.match(e.status.message ?? '', message);
    return true;
  });
}

test('no headers: the requester unchanged', () => {
  assert.deepEqual(impersonate(bob, { accept: 'application/json' }, authorizer()), { user: bob, impersonated: false });
});

test('allowed: user, groups, extra (percent-decoded keys), uid; system:authenticated added', () => {
  const r = impersonate(
    bob,
    { 'impersonate-user': 'alice', 'impersonate-group': ['devs'], 'impersonate-extra-scopes': ['a', 'b'], 'impersonate-uid': 'u-9' },
    authorizer(),
  );
  assert.deepEqual(r, {
    impersonated: true,
    user: { username: 'alice', uid: 'u-9', groups: ['devs', 'system:authenticated'], extra: { scopes: ['a', 'b'] } },
  });
  const anon = impersonate(bob, { 'impersonate-user': 'system:anonymous' }, authorizer());
  assert.deepEqual(anon.user.groups, ['system:unauthenticated']);
});

test('denied: kube\'s messages for users, groups, extras, uids', () => {
  const authz = authorizer();
  rejects(() => impersonate(bob, { 'impersonate-user': 'carol' }, authz), 403,
    'users "carol" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope');
  rejects(() => impersonate(bob, { 'impersonate-user': 'alice', 'impersonate-group': ['devs', 'system:masters'] }, authz), 403,
    'groups "system:masters" is forbidden: User "bob" cannot impersonate resource "groups" in API group "" at the cluster scope');
  rejects(() => impersonate(bob, { 'impersonate-user': 'alice', 'impersonate-extra-other%2fkey': 'v' }, authz), 403,
    'userextras.authentication.k8s.io "v" is forbidden: User "bob" cannot impersonate resource "userextras/other/key" in API group "authentication.k8s.io" at the cluster scope');
  const nobody: UserInfo = { username: 'nobody', groups: ['system:authenticated'] };
  rejects(() => impersonate(nobody, { 'impersonate-user': 'alice', 'impersonate-uid': 'u' }, authz), 403, /^users "alice" is forbidden/);
});

test('service accounts: namespaced check, implied groups; edit may impersonate its namespace\'s SAs', () => {
  const authz = authorizer();
  const r = impersonate(bob, { 'impersonate-user': 'system:serviceaccount:team:robot' }, authz);
  assert.deepEqual(r.user, {
    username: 'system:serviceaccount:team:robot',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'],
  });
  rejects(() => impersonate(bob, { 'impersonate-user': 'system:serviceaccount:other:robot' }, authz), 403,
    'serviceaccounts "robot" is forbidden: User "bob" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "other"');
});

test('malformed headers: injection, empty values, several users, groups without a user', () => {
  const authz = authorizer();
  rejects(() => impersonate(bob, { 'impersonate-user': 'alice\r\nImpersonate-Group: system:masters' }, authz), 400, /control characters/);
  rejects(() => impersonate(bob, { 'impersonate-user': 'alice', 'impersonate-group': ['devs', 'x\ny'] }, authz), 400);
  rejects(() => impersonate(bob, { 'impersonate-user': '' }, authz), 400, /empty value/);
  rejects(() => impersonate(bob, { 'impersonate-user': 'alice', 'impersonate-group': [' '] }, authz), 400, /empty value/);
  rejects(() => impersonate(bob, { 'impersonate-user': ['alice', 'carol'] }, authz), 400, /only one value/);
  rejects(() => impersonate(bob, { 'impersonate-group': 'devs' }, authz), 500, /without impersonating a user/);
});
