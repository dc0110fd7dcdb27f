// The ClusterRoleBindings, Roles and RoleBindings kube-apiserver bootstraps (for what Capstan serves).
import { bootstrapMeta } from './metadata.js';
import {
  group,
  rule,
  user,
  type BootstrapClusterRoleBinding,
  type BootstrapRole,
  type BootstrapRoleBinding,
} from './objects.js';
import type { Subject } from '../rbac/index.js';

function clusterBinding(roleName: string, subjects: Subject[]): BootstrapClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: bootstrapMeta(roleName),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects,
  };
}

export function bootstrapClusterRoleBindings(): BootstrapClusterRoleBinding[] {
  return [
    clusterBinding('cluster-admin', [group('system:masters')]),
    clusterBinding('system:monitoring', [group('system:monitoring')]),
    clusterBinding('system:discovery', [group('system:authenticated')]),
    clusterBinding('system:basic-user', [group('system:authenticated')]),
    clusterBinding('system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
    clusterBinding('system:service-account-issuer-discovery', [group('system:serviceaccounts')]),
  ];
}

export function bootstrapRoles(): BootstrapRole[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: bootstrapMeta('extension-apiserver-authentication-reader', {}, 'kube-system'),
      rules: [rule(['get', 'list', 'watch'], [''], ['configmaps'], ['extension-apiserver-authentication'])],
    },
  ];
}

export function bootstrapRoleBindings(): BootstrapRoleBinding[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: bootstrapMeta('system::extension-apiserver-authentication-reader', {}, 'kube-system'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects: [user('system:kube-controller-manager'), user('system:kube-scheduler')],
    },
  ];
}
