// The shapes of the bootstrap objects: complete API objects, ready to be created.
import type { PolicyRule, Subject } from '../rbac/index.js';
import type { BootstrapMeta } from './metadata.js';

export interface MutableRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface BootstrapClusterRole {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'ClusterRole';
  metadata: BootstrapMeta;
  rules?: MutableRule[];
  aggregationRule?: { clusterRoleSelectors: { matchLabels: Record<string, string> }[] };
}

export interface BootstrapRole {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'Role';
  metadata: BootstrapMeta;
  rules: MutableRule[];
}

export interface BootstrapBinding<K extends 'ClusterRoleBinding' | 'RoleBinding'> {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: K;
  metadata: BootstrapMeta;
  roleRef: { apiGroup: 'rbac.authorization.k8s.io'; kind: 'ClusterRole' | 'Role'; name: string };
  subjects: Subject[];
}

export type BootstrapClusterRoleBinding = BootstrapBinding<'ClusterRoleBinding'>;
export type BootstrapRoleBinding = BootstrapBinding<'RoleBinding'>;

/** A rule on resources: `rule(verbs, groups, resources, names?)`. */
export function rule(verbs: readonly string[], apiGroups: readonly string[], resources: readonly string[], resourceNames?: readonly string[]): MutableRule {
  const out: MutableRule = { verbs: [...verbs], apiGroups: [...apiGroups], resources: [...resources] };
  if (resourceNames && resourceNames.length > 0) out.resourceNames = [...resourceNames];
  return out;
}

export function urlRule(verbs: readonly string[], urls: readonly string[]): MutableRule {
  return { verbs: [...verbs], nonResourceURLs: [...urls] };
}

export type AnyRule = PolicyRule | MutableRule;

export const group = (name: string): Subject => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });
export const user = (name: string): Subject => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });
