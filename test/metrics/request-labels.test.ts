// kube's verb, scope, dry_run, subresource and component labels for each kind of request, from
// the same RequestInfo the server parses. In-process; well under a second.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { longRunningLabels, requestLabels, type RequestLabelValues } from '../../runtime/metrics/index.js';
import { parseRequestInfo } from '../../runtime/server/index.js';

const APPLY = 'application/apply-patch+yaml';

function labelsOf(method: string, url: string, contentType?: string): RequestLabelValues {
  const at = url.indexOf('?');
  return requestLabels(method, parseRequestInfo(method, url), new URLSearchParams(at >= 0 ? url.slice(at + 1) : ''), contentType);
}

describe('metrics: request labels', () => {
  // [method, url, content type, verb, scope, group, version, resource, subresource]
  const cases: Array<[string, string, string | undefined, string, string, string, string, string, string]> = [
    ['GET', '/api/v1/namespaces/default/configmaps/x', undefined, 'GET', 'resource', '', 'v1', 'configmaps', ''],
    ['HEAD', '/api/v1/namespaces/default/configmaps/x', undefined, 'GET', 'resource', '', 'v1', 'configmaps', ''],
    ['GET', '/api/v1/namespaces/default/configmaps', undefined, 'LIST', 'namespace', '', 'v1', 'configmaps', ''],
    ['GET', '/api/v1/configmaps', undefined, 'LIST', 'cluster', '', 'v1', 'configmaps', ''],
    ['GET', '/api/v1/namespaces', undefined, 'LIST', 'cluster', '', 'v1', 'namespaces', ''],
    ['GET', '/api/v1/namespaces/kube-system', undefined, 'GET', 'resource', '', 'v1', 'namespaces', ''],
    ['PUT', '/api/v1/namespaces/kube-system/finalize', undefined, 'PUT', 'resource', '', 'v1', 'namespaces', 'finalize'],
    ['GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles', undefined, 'LIST', 'cluster', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', ''],
    ['GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/view', undefined, 'GET', 'resource', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', ''],
    // Watches: ?watch (any value but 0/false), the legacy /watch/ path, one object by fieldSelector.
    ['GET', '/api/v1/namespaces/default/configmaps?watch=true', undefined, 'WATCH', 'namespace', '', 'v1', 'configmaps', ''],
    ['GET', '/api/v1/configmaps?watch=1', undefined, 'WATCH', 'cluster', '', 'v1', 'configmaps', ''],
    ['GET', '/api/v1/configmaps?watch=yes', undefined, 'WATCH', 'cluster', '', 'v1', 'configmaps', ''],
    ['GET', '/api/v1/configmaps?watch=false', undefined, 'LIST', 'cluster', '', 'v1', 'configmaps', ''],
    ['GET', '/api/v1/configmaps?watch=0', undefined, 'LIST', 'cluster', '', 'v1', 'configmaps', ''],
    ['GET', '/api/v1/watch/namespaces/default/configmaps', undefined, 'WATCH', 'namespace', '', 'v1', 'configmaps', ''],
    ['GET', '/api/v1/watch/namespaces/default/configmaps/x', undefined, 'WATCH', 'resource', '', 'v1', 'configmaps', ''],
    ['GET', '/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dx', undefined, 'WATCH', 'namespace', '', 'v1', 'configmaps', ''],
    ['GET', '/api/v1/namespaces/default/configmaps/x?watch=true', undefined, 'WATCH', 'resource', '', 'v1', 'configmaps', ''],
    // Writes: create is POST on the collection with scope resource; deletecollection is DELETE.
    ['POST', '/api/v1/namespaces/default/configmaps', undefined, 'POST', 'resource', '', 'v1', 'configmaps', ''],
    ['POST', '/api/v1/namespaces', undefined, 'POST', 'resource', '', 'v1', 'namespaces', ''],
    ['PUT', '/api/v1/namespaces/default/configmaps/x', undefined, 'PUT', 'resource', '', 'v1', 'configmaps', ''],
    ['PUT', '/apis/apps/v1/namespaces/default/deployments/d/status', undefined, 'PUT', 'resource', 'apps', 'v1', 'deployments', 'status'],
    ['PATCH', '/api/v1/namespaces/default/configmaps/x', 'application/merge-patch+json', 'PATCH', 'resource', '', 'v1', 'configmaps', ''],
    ['PATCH', '/api/v1/namespaces/default/configmaps/x', APPLY, 'APPLY', 'resource', '', 'v1', 'configmaps', ''],
    ['PATCH', '/api/v1/namespaces/default/configmaps/x', `${APPLY}; charset=utf-8`, 'PATCH', 'resource', '', 'v1', 'configmaps', ''],
    ['DELETE', '/api/v1/namespaces/default/configmaps/x', undefined, 'DELETE', 'resource', '', 'v1', 'configmaps', ''],
    ['DELETE', '/api/v1/namespaces/default/configmaps', undefined, 'DELETE', 'namespace', '', 'v1', 'configmaps', ''],
    ['DELETE', '/apis/rbac.authorization.k8s.io/v1/clusterroles', undefined, 'DELETE', 'cluster', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', ''],
    ['POST', '/api/v1/namespaces/default/serviceaccounts/sa/token', undefined, 'POST', 'resource', '', 'v1', 'serviceaccounts', 'token'],
    // Connect subresources, whatever the method.
    ['GET', '/api/v1/namespaces/default/pods/p/log', undefined, 'CONNECT', 'resource', '', 'v1', 'pods', 'log'],
    ['POST', '/api/v1/namespaces/default/pods/p/exec?command=ls', undefined, 'CONNECT', 'resource', '', 'v1', 'pods', 'exec'],
    ['GET', '/api/v1/namespaces/default/pods/p/exec', undefined, 'CONNECT', 'resource', '', 'v1', 'pods', 'exec'],
    ['POST', '/api/v1/namespaces/default/pods/p/portforward', undefined, 'CONNECT', 'resource', '', 'v1', 'pods', 'portforward'],
    ['POST', '/api/v1/namespaces/default/pods/p/attach', undefined, 'CONNECT', 'resource', '', 'v1', 'pods', 'attach'],
    ['GET', '/api/v1/namespaces/default/services/s/proxy', undefined, 'CONNECT', 'resource', '', 'v1', 'services', 'proxy'],
    ['GET', '/api/v1/namespaces/default/pods/p/status', undefined, 'GET', 'resource', '', 'v1', 'pods', 'status'],
  ];

  for (const [method, url, contentType, verb, scope, group, version, resource, subresource] of cases) {
    it(`${method} ${url}${contentType ? ` (${contentType})` : ''}`, () => {
      const got = labelsOf(method, url, contentType);
      assert.deepEqual(
        { verb: got.verb, scope: got.scope, group: got.group, version: got.version, resource: got.resource, subresource: got.subresource },
        { verb, scope, group, version, resource, subresource },
      );
      assert.equal(got.component, 'apiserver');
      assert.equal(got.measured, true);
      assert.equal(got.dryRun, '');
    });
  }

  it('reports dry_run as "", All or invalid', () => {
    const url = '/api/v1/namespaces/default/configmaps';
    assert.equal(labelsOf('POST', url).dryRun, '');
    assert.equal(labelsOf('POST', `${url}?dryRun=All`).dryRun, 'All');
    assert.equal(labelsOf('POST', `${url}?dryRun=All&dryRun=All`).dryRun, 'All');
    assert.equal(labelsOf('POST', `${url}?dryRun=all`).dryRun, 'invalid');
    assert.equal(labelsOf('POST', `${url}?dryRun=`).dryRun, 'invalid');
    assert.equal(labelsOf('POST', `${url}?dryRun=All&dryRun=Server`).dryRun, 'invalid');
    assert.equal(labelsOf('POST', `${url}?labelSelector=dryRun`).dryRun, '');
  });

  it('measures only the non-resource paths kube instruments, with the path as subresource', () => {
    const expect = (method: string, url: string, want: Partial<RequestLabelValues>) => {
      const got = labelsOf(method, url);
      assert.equal(got.scope, '', url);
      assert.equal(got.group + got.version + got.resource, '', url);
      for (const [k, v] of Object.entries(want)) assert.equal(got[k as keyof RequestLabelValues], v, `${url} ${k}`);
    };
    expect('GET', '/healthz', { verb: 'GET', subresource: '/healthz', component: '', measured: true });
    expect('GET', '/livez?verbose', { verb: 'GET', subresource: '/livez', component: '', measured: true });
    expect('GET', '/readyz', { verb: 'GET', subresource: '/readyz', component: '', measured: true });
    expect('HEAD', '/readyz', { verb: 'GET', subresource: '/readyz', measured: true });
    expect('GET', '/apis', { verb: 'GET', subresource: 'apis', component: 'apiserver', measured: true });
    expect('GET', '/api', { verb: 'GET', subresource: 'api', component: 'apiserver', measured: true });
    expect('GET', '/openapi/v3', { verb: 'GET', subresource: 'openapi/v3', component: '', measured: true });
    expect('GET', '/openapi/v3/apis/apps/v1', { verb: 'GET', subresource: 'openapi/v3/', component: '', measured: true });
    expect('POST', '/healthz', { verb: 'POST', subresource: '/healthz', measured: true });
    expect('GET', '/healthz/ping', { measured: false });
    expect('GET', '/version', { verb: 'GET', measured: false });
    expect('GET', '/metrics', { measured: false });
    expect('GET', '/openapi/v2', { measured: false });
    expect('GET', '/no/such/path', { measured: false });
    // No route takes OPTIONS, so neither the request info nor kube's metrics treat it as an API call.
    expect('OPTIONS', '/api/v1/namespaces/default/configmaps/x', { verb: 'other', measured: false });
  });

  it('gives long-running requests the labels kube derives from the request info', () => {
    const lr = (url: string) => {
      const at = url.indexOf('?');
      return longRunningLabels('GET', parseRequestInfo('GET', url), new URLSearchParams(at >= 0 ? url.slice(at + 1) : ''));
    };
    assert.deepEqual(lr('/api/v1/namespaces/default/configmaps?watch=true'), {
      verb: 'WATCH',
      group: '',
      version: 'v1',
      resource: 'configmaps',
      subresource: '',
      scope: 'namespace',
      component: 'apiserver',
      measured: true,
    });
    assert.equal(lr('/api/v1/configmaps?watch=true').scope, 'cluster');
    // One object by fieldSelector: the request info names it, so the scope is resource.
    const single = lr('/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dx');
    assert.deepEqual([single.verb, single.scope], ['WATCH', 'resource']);
    // The legacy /watch/ path without ?watch: kube's long-running gauge reports the canonical verb.
    const legacy = lr('/api/v1/watch/namespaces/default/configmaps');
    assert.deepEqual([legacy.verb, legacy.scope], ['LIST', 'namespace']);
    const exec = lr('/api/v1/namespaces/default/pods/p/exec');
    assert.deepEqual([exec.verb, exec.scope, exec.subresource], ['CONNECT', 'resource', 'exec']);
  });
});
