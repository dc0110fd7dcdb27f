import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRequestInfo } from '../../runtime/server/request-info.js';

describe('request info', () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['GET', '/api/v1/namespaces/default/configmaps/x', { verb: 'get', apiGroup: '', apiVersion: 'v1', namespace: 'default', resource: 'configmaps', name: 'x', subresource: '' }],
    ['GET', '/api/v1/namespaces/default/configmaps', { verb: 'list', resource: 'configmaps', name: '' }],
    ['GET', '/api/v1/namespaces/default/configmaps?watch=true', { verb: 'watch', resource: 'configmaps' }],
    ['GET', '/api/v1/namespaces/default/configmaps?watch=1&fieldSelector=metadata.name%3Dx', { verb: 'watch', name: 'x' }],
    ['GET', '/api/v1/watch/namespaces/default/configmaps/x', { verb: 'watch', namespace: 'default', resource: 'configmaps', name: 'x' }],
    ['GET', '/api/v1/configmaps', { verb: 'list', namespace: '', resource: 'configmaps' }],
    ['POST', '/api/v1/namespaces/default/configmaps', { verb: 'create', resource: 'configmaps' }],
    ['PUT', '/api/v1/namespaces/default/configmaps/x', { verb: 'update', name: 'x' }],
    ['PATCH', '/api/v1/namespaces/default/configmaps/x', { verb: 'patch', name: 'x' }],
    ['DELETE', '/api/v1/namespaces/default/configmaps/x', { verb: 'delete', name: 'x' }],
    ['DELETE', '/api/v1/namespaces/default/configmaps', { verb: 'deletecollection' }],
    ['GET', '/api/v1/namespaces/kube-system', { verb: 'get', namespace: 'kube-system', resource: 'namespaces', name: 'kube-system' }],
    ['PUT', '/api/v1/namespaces/x/finalize', { verb: 'update', namespace: 'x', resource: 'namespaces', name: 'x', subresource: 'finalize' }],
    ['PUT', '/api/v1/namespaces/x/status', { verb: 'update', resource: 'namespaces', name: 'x', subresource: 'status' }],
    ['GET', '/api/v1/namespaces', { verb: 'list', resource: 'namespaces', namespace: '' }],
    ['POST', '/api/v1/namespaces/default/serviceaccounts/sa/token', { verb: 'create', resource: 'serviceaccounts', name: 'sa', subresource: 'token' }],
    ['GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/admin', { verb: 'get', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'admin', namespace: '' }],
    ['PUT', '/apis/wardle.example.com/v1alpha1/namespaces/ns/flunders/f/scale', { verb: 'update', subresource: 'scale', name: 'f' }],
    ['GET', '/api/v1/namespaces/ns/services/s:8080/proxy/healthz', { verb: 'get', subresource: 'proxy', name: 's:8080' }],
  ];
  for (const [method, url, expected] of cases) {
    it(`${method} ${url}`, () => {
      const info = parseRequestInfo(method, url);
      assert.equal(info.isResourceRequest, true);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual((info as unknown as Record<string, unknown>)[key], value, key);
    });
  }

  for (const [method, url] of [['GET', '/api'], ['GET', '/apis'], ['GET', '/api/v1'], ['GET', '/apis/apps'], ['GET', '/apis/apps/v1'], ['GET', '/healthz'], ['GET', '/openapi/v2'], ['GET', '/version']]) {
    it(`${method} ${url} is a non-resource request`, () => {
      const info = parseRequestInfo(method!, url!);
      assert.equal(info.isResourceRequest, false);
      assert.equal(info.verb, 'get');
      assert.equal(info.path, url);
    });
  }
});
