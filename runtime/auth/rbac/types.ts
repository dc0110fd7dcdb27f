// The RBAC objects as the authorizer reads them: structural and read-only, so the generated
// rbac.authorization.k8s.io/v1 types (and plain decoded JSON) can be passed straight in.
import type { UserInfo } from '../../registry/index.js';

export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

export interface LabelSelectorRequirementObject {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** metav1.LabelSelector as it appears in an object (not the parsed runtime/selection form). */
export interface LabelSelectorObject {
  readonly matchLabels?: { readonly [key: string]: string };
  readonly matchExpressions?: readonly LabelSelectorRequirementObject[];
}

export interface RbacObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly labels?: { readonly [key: string]: string };
  readonly annotations?: { readonly [key: string]: string };
}

export interface Role {
  readonly metadata?: RbacObjectMeta;
  readonly rules?: readonly PolicyRule[];
}

export interface ClusterRole extends Role {
  readonly aggregationRule?: { readonly clusterRoleSelectors?: readonly LabelSelectorObject[] };
}

export interface RoleRef {
  readonly apiGroup?: string;
  readonly kind: string;
  readonly name: string;
}

export interface Subject {
  readonly apiGroup?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface RoleBinding {
  readonly metadata?: RbacObjectMeta;
  readonly roleRef: RoleRef;
  readonly subjects?: readonly Subject[];
}

export type ClusterRoleBinding = RoleBinding;

/**
 * Where the authorizer reads roles and bindings. Synchronous on purpose: authorization runs
 * on every request, and the lead backs this with in-memory watch caches (or with RbacStore).
 */
export interface RbacSource {
  getRole(namespace: string, name: string): Role | undefined;
  getClusterRole(name: string): ClusterRole | undefined;
  listRoleBindings(namespace: string): Iterable<RoleBinding>;
  listClusterRoleBindings(): Iterable<ClusterRoleBinding>;
  /**
   * Optional fast path: only the bindings that may name this user (by user name, service
   * account or one of its groups). A source without it is scanned in full.
   */
  roleBindingsFor?(namespace: string, user: UserInfo): Iterable<RoleBinding>;
  clusterRoleBindingsFor?(user: UserInfo): Iterable<ClusterRoleBinding>;
}
