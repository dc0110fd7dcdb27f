// The ClusterRoles kube-apiserver bootstraps, limited to the resources Capstan serves.
// Rules are restated from kube's bootstrap policy (facts: names, verbs, resources); roles for
// kinds Capstan does not serve (pods, nodes, workloads, storage...) are left out.
import { bootstrapMeta, READ, READ_WRITE, WRITE } from './metadata.js';
import { rule, urlRule, type BootstrapClusterRole, type MutableRule } from './objects.js';

const CORE = '';
const AUTHENTICATION = 'authentication.k8s.io';
const AUTHORIZATION = 'authorization.k8s.io';
const RBAC = 'rbac.authorization.k8s.io';

export const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
export const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
export const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

function clusterRole(name: string, rules: MutableRule[], labels: Record<string, string> = {}): BootstrapClusterRole {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: bootstrapMeta(name, labels), rules };
}

function aggregated(name: string, selectLabel: string, labels: Record<string, string> = {}): BootstrapClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: bootstrapMeta(name, labels),
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [selectLabel]: 'true' } }] },
    // The aggregation controller fills the rules; it starts empty as in kube.
    rules: [],
  };
}

export function bootstrapClusterRoles(): BootstrapClusterRole[] {
  return [
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urlRule(['*'], ['*'])]),
    clusterRole('system:discovery', [
      urlRule(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/', '/openapi', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*']),
    ]),
    clusterRole('system:monitoring', [
      urlRule(['get'], ['/metrics', '/metrics/slis', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*']),
    ]),
    clusterRole('system:basic-user', [
      rule(['create'], [AUTHORIZATION], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
      rule(['create'], [AUTHENTICATION], ['selfsubjectreviews']),
    ]),
    clusterRole('system:public-info-viewer', [urlRule(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/'])]),
    aggregated('admin', AGGREGATE_TO_ADMIN),
    aggregated('edit', AGGREGATE_TO_EDIT, { [AGGREGATE_TO_ADMIN]: 'true' }),
    aggregated('view', AGGREGATE_TO_VIEW, { [AGGREGATE_TO_EDIT]: 'true' }),
    clusterRole(
      'system:aggregate-to-admin',
      [rule(['create'], [AUTHORIZATION], ['localsubjectaccessreviews']), rule(READ_WRITE, [RBAC], ['roles', 'rolebindings'])],
      { [AGGREGATE_TO_ADMIN]: 'true' },
    ),
    clusterRole(
      'system:aggregate-to-edit',
      [
        // Reading secrets is granted here, not in view: a secret can hold a more powerful credential.
        rule(READ, [CORE], ['secrets', 'services/proxy']),
        rule(['impersonate'], [CORE], ['serviceaccounts']),
        rule(WRITE, [CORE], ['serviceaccounts', 'services', 'services/proxy', 'configmaps', 'secrets', 'events']),
        rule(['create'], [CORE], ['serviceaccounts/token']),
      ],
      { [AGGREGATE_TO_EDIT]: 'true' },
    ),
    clusterRole(
      'system:aggregate-to-view',
      [
        rule(READ, [CORE], ['serviceaccounts', 'services', 'services/status', 'endpoints', 'configmaps']),
        rule(READ, [CORE], ['events', 'namespaces/status']),
        // Reading a namespace at namespace scope only shows that namespace.
        rule(READ, [CORE], ['namespaces']),
      ],
      { [AGGREGATE_TO_VIEW]: 'true' },
    ),
    clusterRole('system:auth-delegator', [
      rule(['create'], [AUTHENTICATION], ['tokenreviews']),
      rule(['create'], [AUTHORIZATION], ['subjectaccessreviews']),
    ]),
    clusterRole('system:kube-aggregator', [rule(READ, [CORE], ['services', 'endpoints'])]),
    clusterRole('system:service-account-issuer-discovery', [
      urlRule(['get'], ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/']),
    ]),
  ];
}
