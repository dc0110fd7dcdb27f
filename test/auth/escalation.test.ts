// Escalation prevention for role and binding writes, with kube's message. In-memory: ~20 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkBindingEscalation,
  checkRoleEscalation,
  compactString,
  covers,
  createAuthorizer,
  RbacStore,
  type EscalationDeps,
} from '../../runtime/auth/index.js';
import type { UserInfo } from '../../runtime/registry/index.js';

const bob: UserInfo = { username: 'bob', groups: ['devs', 'system:authenticated'] };

function deps(store: RbacStore): EscalationDeps {
  const { authorizer, rbac } = createAuthorizer(['RBAC'], store);
  return { authorizer, rbac: rbac! };
}

function baseStore(): RbacStore {
  const s = new RbacStore();
  s.putClusterRole({ metadata: { name: 'cm-all' }, rules: [{ verbs: ['*'], apiGroups: [''], resources: ['configmaps'] }] });
  s.putRoleBinding({ metadata: { name: 'bob-cm', namespace: 'team' }, roleRef: { kind: 'ClusterRole', name: 'cm-all' }, subjects: [{ kind: 'User', name: 'bob' }] });
  return s;
}

test('a Role within what the user holds is allowed', () => {
  const r = checkRoleEscalation(
    { user: bob, kind: 'Role', name: 'ok', namespace: 'team', rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }] },
    deps(baseStore()),
  );
  assert.deepEqual(r, { allowed: true, missing: [] });
});

test('a Role granting more is refused with kube\'s message', () => {
  const r = checkRoleEscalation(
    {
      user: bob,
      kind: 'Role',
      name: 'x',
      namespace: 'team',
      rules: [
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets', 'configmaps'] },
        { verbs: ['get'], apiGroups: [''], resources: ['services'], resourceNames: ['web'] },
      ],
    },
    deps(baseStore()),
  );
  assert.equal(r.allowed, false);
  assert.equal(r.missing.length, 3);
  assert.equal(r.error?.status.code, 403);
  assert.equal(
    r.error?.status.message,
    'roles.rbac.authorization.k8s.io "x" is forbidden: user "bob" (groups=["devs" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
      '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}\n' +
      '{APIGroups:[""], Resources:["services"], ResourceNames:["web"], Verbs:["get"]}',
  );
});

test('a held permission in another namespace does not count', () => {
  const r = checkRoleEscalation(
    { user: bob, kind: 'Role', name: 'x', namespace: 'elsewhere', rules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }] },
    deps(baseStore()),
  );
  assert.equal(r.allowed, false);
  assert.equal((r.error?.status.message ?? '').split('\n')[1], '{APIGroups:[""], Resources:["configmaps"], Verbs:["get"]}');
});

test('escalate on roles lets a user grant anything; system:masters always may', () => {
  const s = baseStore();
  s.putClusterRole({ metadata: { name: 'escalator' }, rules: [{ verbs: ['escalate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'] }] });
  s.putClusterRoleBinding({ metadata: { name: 'bob-esc' }, roleRef: { kind: 'ClusterRole', name: 'escalator' }, subjects: [{ kind: 'User', name: 'bob' }] });
  const rules = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
  assert.equal(checkRoleEscalation({ user: bob, kind: 'ClusterRole', name: 'god', namespace: '', rules }, deps(s)).allowed, true);
  assert.equal(checkRoleEscalation({ user: bob, kind: 'Role', name: 'god', namespace: 'team', rules }, deps(s)).allowed, false, 'escalate on clusterroles is not on roles');
  const master: UserInfo = { username: 'm', groups: ['system:masters'] };
  assert.equal(checkRoleEscalation({ user: master, kind: 'Role', name: 'god', namespace: 'team', rules }, deps(new RbacStore())).allowed, true);
});

test('bindings: allowed when holding the role\'s rules or with bind on it; refused otherwise', () => {
  const s = baseStore();
  s.putClusterRole({ metadata: { name: 'secrets' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }] });
  const cmRules = s.getClusterRole('cm-all')!.rules!;
  const secretRules = s.getClusterRole('secrets')!.rules!;
  const write = (role: string) => ({ user: bob, kind: 'RoleBinding' as const, name: 'b', namespace: 'team', roleRef: { kind: 'ClusterRole', name: role } });
  assert.equal(checkBindingEscalation(write('cm-all'), cmRules, deps(s)).allowed, true);
  const refused = checkBindingEscalation(write('secrets'), secretRules, deps(s));
  assert.equal(refused.allowed, false);
  assert.equal(
    refused.error?.status.message,
    'rolebindings.rbac.authorization.k8s.io "b" is forbidden: user "bob" (groups=["devs" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
  );
  s.putRole({ metadata: { name: 'binder', namespace: 'team' }, rules: [{ verbs: ['bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: ['secrets'] }] });
  s.putRoleBinding({ metadata: { name: 'bob-binder', namespace: 'team' }, roleRef: { kind: 'Role', name: 'binder' }, subjects: [{ kind: 'User', name: 'bob' }] });
  assert.equal(checkBindingEscalation(write('secrets'), secretRules, deps(s)).allowed, true, 'bind on that role name');
  const missingRole = checkBindingEscalation(write('nope'), { error: 'clusterrole.rbac.authorization.k8s.io "nope" not found' }, deps(s));
  assert.equal(missingRole.error?.status.message, 'rolebindings.rbac.authorization.k8s.io "b" is forbidden: clusterrole.rbac.authorization.k8s.io "nope" not found');
});

test('covers: wildcards, */subresource, names and URL prefixes', () => {
  assert.ok(covers([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], [{ verbs: ['get'], apiGroups: ['x'], resources: ['y/z'] }]).covered);
  assert.ok(covers([{ verbs: ['get'], apiGroups: [''], resources: ['*/status'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods/status'] }]).covered);
  assert.ok(!covers([{ verbs: ['get'], apiGroups: [''], resources: ['*/status'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]).covered);
  assert.ok(covers([{ verbs: ['get'], apiGroups: [''], resources: ['a'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['a'], resourceNames: ['n'] }]).covered);
  assert.ok(!covers([{ verbs: ['get'], apiGroups: [''], resources: ['a'], resourceNames: ['n'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['a'] }]).covered);
  assert.ok(covers([{ verbs: ['get'], nonResourceURLs: ['/healthz/*'] }], [{ verbs: ['get'], nonResourceURLs: ['/healthz/etcd'] }]).covered);
  assert.ok(!covers([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }], [{ verbs: ['get'], nonResourceURLs: ['/healthz/etcd'] }]).covered);
  assert.equal(compactString({ verbs: ['get'], nonResourceURLs: ['/x'] }), '{NonResourceURLs:["/x"], Verbs:["get"]}');
});

test('an aggregated ClusterRole needs full authority; system:masters binds anything', () => {
  const s = baseStore();
  const write = { user: bob, kind: 'ClusterRole' as const, name: 'agg', namespace: '', rules: [], aggregated: true };
  const refused = checkRoleEscalation(write, deps(s));
  assert.equal(refused.allowed, false);
  assert.equal(refused.error?.status.message, 'clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule');
  s.putClusterRole({ metadata: { name: 'all' }, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }] });
  s.putClusterRoleBinding({ metadata: { name: 'bob-all' }, roleRef: { kind: 'ClusterRole', name: 'all' }, subjects: [{ kind: 'User', name: 'bob' }] });
  assert.equal(checkRoleEscalation(write, deps(s)).allowed, true);
  const master: UserInfo = { username: 'm', groups: ['system:masters'] };
  const binding = { user: master, kind: 'ClusterRoleBinding' as const, name: 'b', namespace: '', roleRef: { kind: 'ClusterRole', name: 'all' } };
  assert.equal(checkBindingEscalation(binding, [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], deps(new RbacStore())).allowed, true);
});
