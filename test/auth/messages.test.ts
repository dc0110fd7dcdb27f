// Denial messages byte-for-byte as kube-apiserver writes them, and the mode union. ~10 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestInfo } from '../../runtime/server/index.js';
import { alwaysAllow, alwaysDeny, attributesFor, createAuthorizer, forbiddenError, forbiddenMessage, RbacStore, unionAuthorizer } from '../../runtime/auth/index.js';

const bob = { username: 'bob' };

test('forbidden messages: namespace, subresource, cluster scope, path, names omitted', () => {
  const cases: { attrs: Parameters<typeof forbiddenMessage>[0]; want: string; status: string }[] = [
    {
      attrs: { user: bob, isResourceRequest: true, verb: 'create', apiGroup: '', namespace: 'default', resource: 'configmaps' },
      want: 'User "bob" cannot create resource "configmaps" in API group "" in the namespace "default"',
      status: 'configmaps is forbidden: User "bob" cannot create resource "configmaps" in API group "" in the namespace "default"',
    },
    {
      attrs: { user: bob, isResourceRequest: true, verb: 'get', apiGroup: '', namespace: 'default', resource: 'pods', subresource: 'log', name: 'web' },
      want: 'User "bob" cannot get resource "pods/log" in API group "" in the namespace "default"',
      status: 'pods "web" is forbidden: User "bob" cannot get resource "pods/log" in API group "" in the namespace "default"',
    },
    {
      attrs: { user: bob, isResourceRequest: true, verb: 'list', apiGroup: '', namespace: '', resource: 'namespaces' },
      want: 'User "bob" cannot list resource "namespaces" in API group "" at the cluster scope',
      status: 'namespaces is forbidden: User "bob" cannot list resource "namespaces" in API group "" at the cluster scope',
    },
    {
      attrs: { user: bob, isResourceRequest: true, verb: 'get', apiGroup: 'rbac.authorization.k8s.io', namespace: '', resource: 'clusterroles', name: 'admin' },
      want: 'User "bob" cannot get resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
      status: 'clusterroles.rbac.authorization.k8s.io "admin" is forbidden: User "bob" cannot get resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
    },
    {
      attrs: { user: bob, isResourceRequest: true, verb: 'get', apiGroup: '', namespace: 'default', resource: 'configmaps', name: 'cfg' },
      want: 'User "bob" cannot get resource "configmaps" in API group "" in the namespace "default"',
      status: 'configmaps "cfg" is forbidden: User "bob" cannot get resource "configmaps" in API group "" in the namespace "default"',
    },
    {
      attrs: { user: bob, isResourceRequest: false, verb: 'get', path: '/metrics' },
      want: 'User "bob" cannot get path "/metrics"',
      status: 'forbidden: User "bob" cannot get path "/metrics"',
    },
  ];
  for (const c of cases) {
    assert.equal(forbiddenMessage(c.attrs), c.want);
    const err = forbiddenError(c.attrs);
    assert.equal(err.status.code, 403);
    assert.equal(err.status.reason, 'Forbidden');
    assert.equal(err.status.message, c.status);
  }
});

test('the message part is HTML-escaped as kube does; the reason is not', () => {
  const attrs = { user: { username: 'a<b>&c' }, isResourceRequest: false as const, verb: 'get', path: '/<x>' };
  assert.equal(forbiddenMessage(attrs), 'User "a<b>&c" cannot get path "/<x>"');
  assert.equal(forbiddenError(attrs, 'why <not>').status.message, 'forbidden: User "a&lt;b&gt;&amp;c" cannot get path "/&lt;x&gt;": why <not>');
});

test('an authorizer reason is appended after a colon', () => {
  const attrs = { user: bob, isResourceRequest: false as const, verb: 'get', path: '/x' };
  assert.equal(forbiddenError(attrs, 'Everything is forbidden.').status.message, 'forbidden: User "bob" cannot get path "/x": Everything is forbidden.');
});

test('union: first allow/deny wins, AlwaysDeny has no opinion, reasons kept', () => {
  const attrs = { user: bob, isResourceRequest: false as const, verb: 'get', path: '/x' };
  assert.equal(unionAuthorizer([alwaysDeny, alwaysAllow]).authorize(attrs).decision, 'allow');
  assert.deepEqual(unionAuthorizer([alwaysDeny]).authorize(attrs), { decision: 'no-opinion', reason: 'Everything is forbidden.' });
  const explicitDeny = { authorize: () => ({ decision: 'deny' as const, reason: 'no' }) };
  assert.equal(unionAuthorizer([explicitDeny, alwaysAllow]).authorize(attrs).decision, 'deny');
  const { authorizer, rbac } = createAuthorizer(['RBAC', 'AlwaysAllow'], new RbacStore());
  assert.ok(rbac);
  assert.equal(authorizer.authorize(attrs).decision, 'allow');
  assert.equal(createAuthorizer(['RBAC'], new RbacStore()).authorizer.authorize(attrs).decision, 'no-opinion');
  assert.throws(() => createAuthorizer(['RBAC']), /RBAC source/);
});

test('attributesFor maps the parsed request info', () => {
  const pods = attributesFor(bob, parseRequestInfo('GET', '/api/v1/namespaces/default/pods/web/log'));
  assert.equal(forbiddenError(pods).status.message, 'pods "web" is forbidden: User "bob" cannot get resource "pods/log" in API group "" in the namespace "default"');
  const list = attributesFor(bob, parseRequestInfo('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles?watch=true'));
  assert.equal(forbiddenMessage(list), 'User "bob" cannot watch resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope');
  assert.equal(forbiddenMessage(attributesFor(bob, parseRequestInfo('POST', '/metrics'))), 'User "bob" cannot post path "/metrics"');
});
