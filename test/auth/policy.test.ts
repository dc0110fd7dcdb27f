// The bootstrap policy, aggregation and reconcile semantics. In-memory: ~50 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregateClusterRole,
  AUTOUPDATE_ANNOTATION,
  BOOTSTRAPPING_LABEL,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  bootstrapRoleBindings,
  bootstrapRoles,
  createRbacAuthorizer,
  installBootstrapPolicy,
  RbacStore,
  reconcile,
  reconcileBinding,
  reconcileRole,
  rulesReview,
  selectorFromObject,
  type Attributes,
  type ClusterRole,
  type ResourceAttributes,
} from '../../runtime/auth/index.js';
import type { UserInfo } from '../../runtime/registry/index.js';

function policyStore(): RbacStore {
  const s = new RbacStore();
  installBootstrapPolicy(s);
  return s;
}

const ns = (user: UserInfo, verb: string, resource: string, extra: Partial<ResourceAttributes> = {}): ResourceAttributes => ({
  user,
  isResourceRequest: true,
  verb,
  apiGroup: '',
  namespace: 'team',
  resource,
  ...extra,
});

test('every bootstrap object carries the autoupdate annotation and bootstrapping label', () => {
  const all = [...bootstrapClusterRoles(), ...bootstrapClusterRoleBindings(), ...bootstrapRoles(), ...bootstrapRoleBindings()];
  assert.ok(all.length > 10);
  for (const obj of all) {
    assert.equal(obj.metadata.annotations[AUTOUPDATE_ANNOTATION], 'true', obj.metadata.name);
    assert.equal(obj.metadata.labels[BOOTSTRAPPING_LABEL], 'rbac-defaults', obj.metadata.name);
    assert.equal(obj.apiVersion, 'rbac.authorization.k8s.io/v1');
  }
  const names = new Set(bootstrapClusterRoles().map((r) => r.metadata.name));
  for (const n of ['cluster-admin', 'admin', 'edit', 'view', 'system:discovery', 'system:basic-user', 'system:public-info-viewer', 'system:monitoring', 'system:aggregate-to-admin', 'system:aggregate-to-edit', 'system:aggregate-to-view']) {
    assert.ok(names.has(n), n);
  }
  // Every binding points at a role that exists.
  for (const b of bootstrapClusterRoleBindings()) assert.ok(names.has(b.roleRef.name), b.metadata.name);
});

test('cluster-admin via system:masters allows everything', () => {
  const authz = createRbacAuthorizer(policyStore());
  const admin: UserInfo = { username: 'root', groups: ['system:masters', 'system:authenticated'] };
  const requests: Attributes[] = [
    ns(admin, 'delete', 'secrets'),
    ns(admin, 'escalate', 'clusterroles', { apiGroup: 'rbac.authorization.k8s.io', namespace: '' }),
    ns(admin, 'impersonate', 'users', { namespace: '', name: 'x' }),
    { user: admin, isResourceRequest: false, verb: 'post', path: '/anything/at/all' },
  ];
  for (const r of requests) {
    const result = authz.authorize(r);
    assert.equal(result.decision, 'allow');
    assert.equal(result.reason, 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"');
  }
});

test('view, edit and admin through aggregation', () => {
  const s = policyStore();
  const viewer: UserInfo = { username: 'v', groups: ['system:authenticated'] };
  const editor: UserInfo = { username: 'e', groups: ['system:authenticated'] };
  const admin: UserInfo = { username: 'a', groups: ['system:authenticated'] };
  for (const [name, role] of [['v', 'view'], ['e', 'edit'], ['a', 'admin']] as const) {
    s.putRoleBinding({ metadata: { name: `${name}-binding`, namespace: 'team' }, roleRef: { kind: 'ClusterRole', name: role }, subjects: [{ kind: 'User', name }] });
  }
  const authz = createRbacAuthorizer(s);
  const allowed = (a: Attributes): boolean => authz.authorize(a).decision === 'allow';
  assert.ok(allowed(ns(viewer, 'list', 'configmaps')));
  assert.ok(!allowed(ns(viewer, 'get', 'secrets')), 'view cannot read secrets');
  assert.ok(!allowed(ns(viewer, 'create', 'configmaps')));
  assert.ok(allowed(ns(editor, 'create', 'configmaps')), 'edit can write configmaps');
  assert.ok(allowed(ns(editor, 'update', 'configmaps')));
  assert.ok(allowed(ns(editor, 'get', 'secrets')));
  assert.ok(allowed(ns(editor, 'create', 'serviceaccounts', { subresource: 'token', name: 'sa' })));
  assert.ok(!allowed(ns(editor, 'create', 'roles', { apiGroup: 'rbac.authorization.k8s.io' })), 'edit cannot write roles');
  assert.ok(allowed(ns(admin, 'create', 'roles', { apiGroup: 'rbac.authorization.k8s.io' })));
  assert.ok(allowed(ns(admin, 'get', 'configmaps')), 'admin aggregates edit which aggregates view');
  assert.ok(!allowed(ns(admin, 'get', 'configmaps', { namespace: 'other' })));
  assert.ok(!allowed(ns(admin, 'update', 'services', { subresource: 'status' })), 'status is the system\'s');
});

test('system:public-info-viewer serves /healthz and /version to system:unauthenticated; discovery needs authentication', () => {
  const authz = createRbacAuthorizer(policyStore());
  const anonymous: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
  const path = (user: UserInfo, p: string): Attributes => ({ user, isResourceRequest: false, verb: 'get', path: p });
  for (const p of ['/healthz', '/version', '/livez', '/readyz']) assert.equal(authz.authorize(path(anonymous, p)).decision, 'allow', p);
  assert.equal(authz.authorize(path(anonymous, '/apis')).decision, 'no-opinion');
  assert.equal(authz.authorize(path(anonymous, '/metrics')).decision, 'no-opinion');
  const someone: UserInfo = { username: 'x', groups: ['system:authenticated'] };
  assert.equal(authz.authorize(path(someone, '/apis/apps/v1')).decision, 'allow');
  assert.equal(authz.authorize(ns(someone, 'create', 'selfsubjectaccessreviews', { apiGroup: 'authorization.k8s.io', namespace: '' })).decision, 'allow');
  assert.equal(authz.authorize(path(someone, '/metrics')).decision, 'no-opinion');
  assert.equal(authz.authorize(path({ username: 'prom', groups: ['system:monitoring'] }, '/metrics')).decision, 'allow');
});

test('aggregateClusterRole: selectors in order, roles by name, rules once, itself skipped', () => {
  const roles: ClusterRole[] = [
    { metadata: { name: 'agg', labels: { pick: 'yes' } }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { pick: 'yes' } }, { matchExpressions: [{ key: 'tier', operator: 'In', values: ['b'] }] }] } },
    { metadata: { name: 'z', labels: { pick: 'yes' } }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['z'] }] },
    { metadata: { name: 'a', labels: { pick: 'yes' } }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['a'] }, { verbs: ['get'], apiGroups: [''], resources: ['z'] }] },
    { metadata: { name: 'b', labels: { tier: 'b' } }, rules: [{ verbs: ['list'], apiGroups: [''], resources: ['b'] }] },
    { metadata: { name: 'c', labels: { pick: 'no' } }, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] },
  ];
  assert.deepEqual(aggregateClusterRole(roles[0]!, roles), [
    { verbs: ['get'], apiGroups: [''], resources: ['a'] },
    { verbs: ['get'], apiGroups: [''], resources: ['z'] },
    { verbs: ['list'], apiGroups: [''], resources: ['b'] },
  ]);
  assert.equal(aggregateClusterRole(roles[1]!, roles), null);
  assert.ok(selectorFromObject({}).matches({ any: 'thing' }), 'an empty selector selects everything');
  assert.ok(selectorFromObject({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }).matches({}));
  assert.throws(() => selectorFromObject({ matchExpressions: [{ key: 'x', operator: 'Near' }] }), /not a valid label selector operator/);
  assert.throws(() => selectorFromObject({ matchExpressions: [{ key: 'x', operator: 'In' }] }), /can't be empty/);
});

test('reconcile roles: create, add missing rules, keep user additions, skip autoupdate=false', () => {
  const wanted = bootstrapClusterRoles().find((r) => r.metadata.name === 'system:basic-user')!;
  assert.equal(reconcileRole(undefined, wanted).operation, 'create');
  assert.equal(reconcileRole(wanted, wanted).operation, 'none');

  const userRule = { verbs: ['get'], apiGroups: [''], resources: ['configmaps'] };
  const edited: ClusterRole = { ...wanted, metadata: { ...wanted.metadata, labels: { mine: 'x' } }, rules: [userRule] };
  const r = reconcileRole(edited, wanted);
  assert.equal(r.operation, 'update');
  assert.deepEqual(r.object.rules, [userRule, ...wanted.rules!]);
  assert.deepEqual(r.missingRules, wanted.rules);
  assert.equal(r.object.metadata?.labels?.['mine'], 'x', 'user labels stay');
  assert.equal(r.object.metadata?.labels?.[BOOTSTRAPPING_LABEL], 'rbac-defaults', 'bootstrap labels are added');

  // A broader existing rule already covers the wanted ones: nothing to add.
  const broad: ClusterRole = { ...wanted, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] };
  assert.equal(reconcileRole(broad, wanted).operation, 'none');

  const protectedRole: ClusterRole = { ...edited, metadata: { ...edited.metadata, annotations: { [AUTOUPDATE_ANNOTATION]: 'false' } } };
  const skipped = reconcileRole(protectedRole, wanted);
  assert.equal(skipped.operation, 'skip');
  assert.equal(skipped.object, protectedRole);

  const admin = bootstrapClusterRoles().find((r) => r.metadata.name === 'admin')!;
  const noSelectors: ClusterRole = { ...admin, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { extra: 'true' } }] } };
  const merged = reconcileRole(noSelectors, admin);
  assert.equal(merged.operation, 'update');
  assert.equal(merged.object.aggregationRule?.clusterRoleSelectors?.length, 2, 'missing selectors are added, user ones kept');
});

test('reconcile bindings: add missing subjects, keep extra ones, recreate on roleRef change, skip protected', () => {
  const wanted = bootstrapClusterRoleBindings().find((b) => b.metadata.name === 'system:public-info-viewer')!;
  assert.equal(reconcile(undefined, wanted).operation, 'create');
  assert.equal(reconcile(wanted, wanted).operation, 'none');
  const extra = { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'me' };
  const trimmed = { ...wanted, subjects: [extra, wanted.subjects[1]!] };
  const r = reconcileBinding(trimmed, wanted);
  assert.equal(r.operation, 'update');
  assert.deepEqual(r.object.subjects, [extra, wanted.subjects[1], wanted.subjects[0]]);
  assert.deepEqual(r.missingSubjects, [wanted.subjects[0]]);
  const moved = { ...wanted, roleRef: { ...wanted.roleRef, name: 'other' } };
  const recreated = reconcileBinding(moved, wanted);
  assert.equal(recreated.operation, 'recreate');
  assert.equal(recreated.object.roleRef.name, 'system:public-info-viewer');
  const protectedBinding = { ...trimmed, metadata: { ...trimmed.metadata, annotations: { [AUTOUPDATE_ANNOTATION]: 'false' } } };
  assert.equal(reconcileBinding(protectedBinding, wanted).operation, 'skip');
});

test('rulesReview lists resource and non-resource rules and reports dangling roles', () => {
  const s = policyStore();
  s.putRoleBinding({ metadata: { name: 'v', namespace: 'team' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'v' }] });
  const authz = createRbacAuthorizer(s);
  const v: UserInfo = { username: 'v', groups: ['system:authenticated'] };
  const team = rulesReview(authz, v, 'team');
  assert.equal(team.incomplete, false);
  assert.ok(team.resourceRules.some((r) => r.resources?.includes('configmaps') && r.verbs.includes('list')));
  assert.ok(team.resourceRules.some((r) => r.resources?.includes('selfsubjectrulesreviews')));
  assert.ok(team.nonResourceRules.some((r) => r.nonResourceURLs?.includes('/healthz')));
  const other = rulesReview(authz, v, 'other');
  assert.ok(!other.resourceRules.some((r) => r.resources?.includes('configmaps')));
  s.putRoleBinding({ metadata: { name: 'bad', namespace: 'team' }, roleRef: { kind: 'Role', name: 'nope' }, subjects: [{ kind: 'User', name: 'v' }] });
  const broken = rulesReview(authz, v, 'team');
  assert.equal(broken.incomplete, true);
  assert.equal(broken.evaluationError, 'role.rbac.authorization.k8s.io "nope" not found');
});
