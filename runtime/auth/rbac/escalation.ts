// Escalation prevention for writes of roles and bindings: nobody grants permissions they do
// not hold, unless allowed to `escalate` (roles) or `bind` (the referenced role).
import { statusErrors, type StatusError } from '../../errors/index.js';
import type { UserInfo } from '../../registry/index.js';
import type { Authorizer } from '../authz/index.js';
import type { RbacAuthorizer } from './authorizer.js';
import { compactRules, compactString, covers } from './covers.js';
import type { PolicyRule, RoleRef } from './types.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
// The API server's own loopback identity; kube lets it escalate without asking.
const PRIVILEGED_GROUP = 'system:masters';

export interface EscalationResult {
  readonly allowed: boolean;
  /** Single-permission rules the user does not hold (empty when allowed). */
  readonly missing: readonly PolicyRule[];
  /** kube's Forbidden for the write, when not allowed. */
  readonly error?: StatusError;
}

export interface EscalationDeps {
  /** The whole authorizer chain: asks about `escalate` and `bind`. */
  readonly authorizer: Authorizer;
  /** Whose rules are the user's own (kube reads them from RBAC only). */
  readonly rbac: RbacAuthorizer;
}

export interface RoleWrite {
  readonly user: UserInfo;
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
  /** "" for a ClusterRole. */
  readonly namespace: string;
  readonly rules: readonly PolicyRule[];
  /** The ClusterRole has an aggregationRule: it can gather anything, so it takes full authority. */
  readonly aggregated?: boolean;
}

export interface BindingWrite {
  readonly user: UserInfo;
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  readonly namespace: string;
  readonly roleRef: RoleRef;
}

/** Role/ClusterRole create or update: fine when the user holds every rule, or may `escalate`. */
export function checkRoleEscalation(write: RoleWrite, deps: EscalationDeps): EscalationResult {
  const resource = write.kind === 'Role' ? 'roles' : 'clusterroles';
  if (isPrivileged(write.user)) return { allowed: true, missing: [] };
  const escalate = deps.authorizer.authorize({
    user: write.user,
    isResourceRequest: true,
    verb: 'escalate',
    apiGroup: RBAC_GROUP,
    apiVersion: '*',
    namespace: write.namespace,
    resource,
    name: write.name,
  });
  if (escalate.decision === 'allow') return { allowed: true, missing: [] };
  const held = confirmNoEscalation(write.user, write.namespace, write.rules, deps.rbac, resource, write.name);
  if (!held.allowed || !write.aggregated) return held;
  const full = confirmNoEscalation(write.user, '', FULL_AUTHORITY, deps.rbac, resource, write.name);
  if (full.allowed) return held;
  return {
    allowed: false,
    missing: full.missing,
    error: forbiddenWrite(resource, write.name, 'must have cluster-admin privileges to use the aggregationRule'),
  };
}

const FULL_AUTHORITY: readonly PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

/**
 * Binding create or update: fine for system:masters, when the user may `bind` the referenced
 * role, or when the user holds every rule it grants. `roleRules` are the referenced role's rules, or an error when it is absent.
 */
export function checkBindingEscalation(
  write: BindingWrite,
  roleRules: readonly PolicyRule[] | { readonly error: string },
  deps: EscalationDeps,
): EscalationResult {
  const resource = write.kind === 'RoleBinding' ? 'rolebindings' : 'clusterrolebindings';
  if (isPrivileged(write.user)) return { allowed: true, missing: [] };
  const bind = deps.authorizer.authorize({
    user: write.user,
    isResourceRequest: true,
    verb: 'bind',
    apiGroup: RBAC_GROUP,
    apiVersion: '*',
    namespace: write.kind === 'RoleBinding' ? write.namespace : '',
    resource: write.roleRef.kind === 'Role' ? 'roles' : 'clusterroles',
    name: write.roleRef.name,
  });
  if (bind.decision === 'allow') return { allowed: true, missing: [] };
  if ('error' in roleRules) {
    return { allowed: false, missing: [], error: forbiddenWrite(resource, write.name, roleRules.error) };
  }
  return confirmNoEscalation(write.user, write.namespace, roleRules, deps.rbac, resource, write.name);
}

/** The check itself: the user's RBAC rules in `namespace` must cover `rules`. */
export function confirmNoEscalation(
  user: UserInfo,
  namespace: string,
  rules: readonly PolicyRule[],
  rbac: RbacAuthorizer,
  resource: string,
  name: string,
): EscalationResult {
  const owned = rbac.rulesFor(user, namespace);
  const { covered, missing } = covers(owned.rules, rules);
  if (covered) return { allowed: true, missing: [] };
  const lines = [...new Set(compactRules(missing).map(compactString))].sort();
  const groups = `[${(user.groups ?? []).map((g) => JSON.stringify(g)).join(' ')}]`;
  let message = `user ${JSON.stringify(user.username)} (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  if (owned.errors.length > 0) message += `; resolution errors: [${[...new Set(owned.errors)].join(' ')}]`;
  return { allowed: false, missing, error: forbiddenWrite(resource, name, message) };
}

function forbiddenWrite(resource: string, name: string, why: string): StatusError {
  return statusErrors.forbidden({ group: RBAC_GROUP, resource }, name, why);
}

function isPrivileged(user: UserInfo): boolean {
  return (user.groups ?? []).includes(PRIVILEGED_GROUP);
}
