// RBAC rule matching and the authorizer over role/cluster-role bindings. Pure, in-memory: ~50 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRbacAuthorizer,
  ruleAllows,
  RbacStore,
  type Attributes,
  type PolicyRule,
  type RbacSource,
  type ResourceAttributes,
} from '../../runtime/auth/index.js';
import type { UserInfo } from '../../runtime/registry/index.js';

const bob: UserInfo = { username: 'bob', groups: ['devs', 'system:authenticated'] };

function res(overrides: Partial<ResourceAttributes>): ResourceAttributes {
  return { user: bob, isResourceRequest: true, verb: 'get', apiGroup: '', namespace: 'default', resource: 'configmaps', ...overrides };
}

test('ruleAllows: table of rule-matching edge cases', () => {
  const cases: { name: string; rule: PolicyRule; attrs: Attributes; want: boolean }[] = [
    { name: 'exact', rule: { verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }, attrs: res({}), want: true },
    { name: 'other verb', rule: { verbs: ['list'], apiGroups: [''], resources: ['configmaps'] }, attrs: res({}), want: false },
    { name: 'verb *', rule: { verbs: ['*'], apiGroups: [''], resources: ['configmaps'] }, attrs: res({ verb: 'deletecollection' }), want: true },
    { name: 'other group', rule: { verbs: ['get'], apiGroups: ['apps'], resources: ['configmaps'] }, attrs: res({}), want: false },
    { name: 'group *', rule: { verbs: ['get'], apiGroups: ['*'], resources: ['configmaps'] }, attrs: res({ apiGroup: 'x.io' }), want: true },
    { name: 'no apiGroups matches nothing', rule: { verbs: ['get'], resources: ['configmaps'] }, attrs: res({}), want: false },
    { name: 'resource *', rule: { verbs: ['get'], apiGroups: [''], resources: ['*'] }, attrs: res({ resource: 'secrets' }), want: true },
    { name: 'resource * covers subresources', rule: { verbs: ['get'], apiGroups: [''], resources: ['*'] }, attrs: res({ resource: 'pods', subresource: 'log' }), want: true },
    { name: 'resource does not cover its subresource', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, attrs: res({ resource: 'pods', subresource: 'log' }), want: false },
    { name: 'resource/subresource', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, attrs: res({ resource: 'pods', subresource: 'log' }), want: true },
    { name: 'subresource does not cover its resource', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, attrs: res({ resource: 'pods' }), want: false },
    { name: '*/subresource', rule: { verbs: ['update'], apiGroups: ['*'], resources: ['*/status'] }, attrs: res({ verb: 'update', resource: 'services', subresource: 'status' }), want: true },
    { name: '*/subresource other sub', rule: { verbs: ['update'], apiGroups: ['*'], resources: ['*/status'] }, attrs: res({ verb: 'update', resource: 'services', subresource: 'scale' }), want: false },
    { name: '*/subresource not the main resource', rule: { verbs: ['get'], apiGroups: ['*'], resources: ['*/status'] }, attrs: res({ resource: 'status' }), want: false },
    { name: 'resourceNames match', rule: { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'] }, attrs: res({ name: 'b' }), want: true },
    { name: 'resourceNames miss', rule: { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }, attrs: res({ name: 'c' }), want: false },
    { name: 'resourceNames vs unnamed list', rule: { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }, attrs: res({ verb: 'list' }), want: false },
    { name: 'empty resourceNames is any name', rule: { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: [] }, attrs: res({ name: 'z' }), want: true },
    { name: 'url exact', rule: { verbs: ['get'], nonResourceURLs: ['/healthz'] }, attrs: { user: bob, isResourceRequest: false, verb: 'get', path: '/healthz' }, want: true },
    { name: 'url exact only', rule: { verbs: ['get'], nonResourceURLs: ['/healthz'] }, attrs: { user: bob, isResourceRequest: false, verb: 'get', path: '/healthz/ping' }, want: false },
    { name: 'url prefix *', rule: { verbs: ['get'], nonResourceURLs: ['/healthz/*'] }, attrs: { user: bob, isResourceRequest: false, verb: 'get', path: '/healthz/etcd' }, want: true },
    { name: 'url prefix * not the bare path', rule: { verbs: ['get'], nonResourceURLs: ['/healthz/*'] }, attrs: { user: bob, isResourceRequest: false, verb: 'get', path: '/healthz' }, want: false },
    { name: 'url *', rule: { verbs: ['*'], nonResourceURLs: ['*'] }, attrs: { user: bob, isResourceRequest: false, verb: 'post', path: '/anything' }, want: true },
    { name: 'url rule vs resource request', rule: { verbs: ['*'], nonResourceURLs: ['*'] }, attrs: res({}), want: false },
    { name: 'resource rule vs url request', rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, attrs: { user: bob, isResourceRequest: false, verb: 'get', path: '/api' }, want: false },
  ];
  for (const c of cases) assert.equal(ruleAllows(c.attrs, c.rule), c.want, c.name);
});

function store(): RbacStore {
  const s = new RbacStore();
  s.putClusterRole({ metadata: { name: 'cm-reader' }, rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }] });
  s.putClusterRole({ metadata: { name: 'metrics' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }] });
  s.putRole({ metadata: { name: 'secret-writer', namespace: 'team' }, rules: [{ verbs: ['create'], apiGroups: [''], resources: ['secrets'] }] });
  return s;
}

test('RoleBinding to a ClusterRole grants only in its namespace; ClusterRoleBinding everywhere', () => {
  const s = store();
  s.putRoleBinding({ metadata: { name: 'rb', namespace: 'team' }, roleRef: { kind: 'ClusterRole', name: 'cm-reader' }, subjects: [{ kind: 'User', name: 'bob' }] });
  const authz = createRbacAuthorizer(s);
  assert.equal(authz.authorize(res({ namespace: 'team' })).decision, 'allow');
  assert.equal(authz.authorize(res({ namespace: 'default' })).decision, 'no-opinion');
  assert.equal(authz.authorize(res({ namespace: '' })).decision, 'no-opinion', 'a RoleBinding never grants cluster scope');
  s.putClusterRoleBinding({ metadata: { name: 'crb' }, roleRef: { kind: 'ClusterRole', name: 'cm-reader' }, subjects: [{ kind: 'Group', name: 'devs' }] });
  assert.equal(authz.authorize(res({ namespace: 'default' })).decision, 'allow');
  assert.equal(authz.authorize(res({ namespace: '' })).decision, 'allow');
});

test('RoleBinding to a Role in its namespace; removal takes effect', () => {
  const s = store();
  s.putRoleBinding({ metadata: { name: 'w', namespace: 'team' }, roleRef: { kind: 'Role', name: 'secret-writer' }, subjects: [{ kind: 'User', name: 'bob' }] });
  const authz = createRbacAuthorizer(s);
  const create = res({ verb: 'create', resource: 'secrets', namespace: 'team' });
  const result = authz.authorize(create);
  assert.equal(result.decision, 'allow');
  assert.equal(result.reason, 'RBAC: allowed by RoleBinding "w/team" of Role "secret-writer" to User "bob"');
  s.removeRoleBinding('team', 'w');
  assert.equal(authz.authorize(create).decision, 'no-opinion');
});

test('ServiceAccount subjects: namespace defaults to the binding namespace; user name form', () => {
  const s = store();
  s.putRoleBinding({ metadata: { name: 'sa', namespace: 'team' }, roleRef: { kind: 'ClusterRole', name: 'cm-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'builder' }] });
  s.putClusterRoleBinding({ metadata: { name: 'sa-cluster' }, roleRef: { kind: 'ClusterRole', name: 'metrics' }, subjects: [{ kind: 'ServiceAccount', name: 'mon', namespace: 'ops' }] });
  s.putClusterRoleBinding({ metadata: { name: 'sa-no-ns' }, roleRef: { kind: 'ClusterRole', name: 'cm-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'builder' }] });
  const authz = createRbacAuthorizer(s);
  const builder: UserInfo = { username: 'system:serviceaccount:team:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:team'] };
  const r = authz.authorize(res({ user: builder, namespace: 'team' }));
  assert.equal(r.decision, 'allow');
  assert.equal(r.reason, 'RBAC: allowed by RoleBinding "sa/team" of ClusterRole "cm-reader" to ServiceAccount "builder/team"');
  assert.equal(authz.authorize(res({ user: builder, namespace: 'other' })).decision, 'no-opinion', 'a CRB SA subject without namespace names nobody');
  const mon: UserInfo = { username: 'system:serviceaccount:ops:mon' };
  const m = authz.authorize({ user: mon, isResourceRequest: false, verb: 'get', path: '/metrics' });
  assert.equal(m.reason, 'RBAC: allowed by ClusterRoleBinding "sa-cluster" of ClusterRole "metrics" to ServiceAccount "mon/ops"');
  assert.equal(authz.authorize({ user: { username: 'system:serviceaccount:other:mon' }, isResourceRequest: false, verb: 'get', path: '/metrics' }).decision, 'no-opinion');
  // A user literally named like a service account is that service account to RBAC, as in kube.
  assert.equal(authz.authorize({ user: { username: 'mon' }, isResourceRequest: false, verb: 'get', path: '/metrics' }).decision, 'no-opinion');
});

test('reason names the ClusterRoleBinding and a Group subject', () => {
  const s = store();
  s.putClusterRoleBinding({ metadata: { name: 'x' }, roleRef: { kind: 'ClusterRole', name: 'cm-reader' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }] });
  const r = createRbacAuthorizer(s).authorize(res({}));
  assert.deepEqual(r, { decision: 'allow', reason: 'RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "cm-reader" to Group "devs"' });
});

test('missing roles become the denial reason and evaluation error', () => {
  const s = store();
  s.putClusterRoleBinding({ metadata: { name: 'dangling' }, roleRef: { kind: 'ClusterRole', name: 'gone' }, subjects: [{ kind: 'User', name: 'bob' }] });
  s.putRoleBinding({ metadata: { name: 'dangling-role', namespace: 'team' }, roleRef: { kind: 'Role', name: 'gone-too' }, subjects: [{ kind: 'User', name: 'bob' }] });
  const authz = createRbacAuthorizer(s);
  const one = authz.authorize(res({ namespace: 'default' }));
  assert.deepEqual(one, {
    decision: 'no-opinion',
    reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
    evaluationError: 'clusterrole.rbac.authorization.k8s.io "gone" not found',
  });
  const two = authz.authorize(res({ namespace: 'team' }));
  assert.equal(two.reason, 'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "gone-too" not found]');
});

test('indexed store and a plain scanning source give the same answers', () => {
  const s = store();
  s.putRoleBinding({ metadata: { name: 'rb', namespace: 'team' }, roleRef: { kind: 'Role', name: 'secret-writer' }, subjects: [{ kind: 'Group', name: 'devs' }, { kind: 'User', name: 'bob' }] });
  s.putClusterRoleBinding({ metadata: { name: 'crb' }, roleRef: { kind: 'ClusterRole', name: 'metrics' }, subjects: [{ kind: 'User', name: 'carol' }] });
  const scanning: RbacSource = {
    getRole: (ns, n) => s.getRole(ns, n),
    getClusterRole: (n) => s.getClusterRole(n),
    listRoleBindings: (ns) => s.listRoleBindings(ns),
    listClusterRoleBindings: () => s.listClusterRoleBindings(),
  };
  const a = createRbacAuthorizer(s);
  const b = createRbacAuthorizer(scanning);
  const users: UserInfo[] = [bob, { username: 'carol' }, { username: 'x', groups: ['devs'] }, { username: 'nobody' }];
  const requests = (u: UserInfo): Attributes[] => [
    res({ user: u, verb: 'create', resource: 'secrets', namespace: 'team' }),
    res({ user: u, verb: 'create', resource: 'secrets', namespace: 'default' }),
    { user: u, isResourceRequest: false, verb: 'get', path: '/metrics' },
  ];
  for (const u of users) for (const attrs of requests(u)) assert.deepEqual(a.authorize(attrs), b.authorize(attrs));
  assert.equal(a.authorize(res({ user: { username: 'x', groups: ['devs'] }, verb: 'create', resource: 'secrets', namespace: 'team' })).decision, 'allow');
});
