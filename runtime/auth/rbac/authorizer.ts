// The RBAC authorizer: a request is allowed when some binding naming the user grants a rule
// that matches it; otherwise RBAC has no opinion (it never denies outright, as in kube).
import type { UserInfo } from '../../registry/index.js';
import type { Attributes, AuthorizationResult, Authorizer } from '../authz/index.js';
import { ruleAllows } from './rule-match.js';
import { describeSubject, subjectAppliesTo } from './subjects.js';
import type { PolicyRule, RbacSource, RoleBinding, RoleRef, Subject } from './types.js';

export interface RulesOfUser {
  readonly rules: PolicyRule[];
  readonly errors: string[];
}

export interface RbacAuthorizer extends Authorizer {
  /** Every rule granted to the user in `namespace` ("" for cluster bindings only). */
  rulesFor(user: UserInfo, namespace: string): RulesOfUser;
}

/** A binding that applies to a user, with the subject that matched and where it lives. */
interface AppliedBinding {
  readonly binding: RoleBinding;
  readonly subject: Subject;
  /** "" for a ClusterRoleBinding. */
  readonly namespace: string;
}

type RoleRules = { readonly rules: readonly PolicyRule[] } | { readonly error: string };

export function createRbacAuthorizer(source: RbacSource): RbacAuthorizer {
  function rulesOf(ref: RoleRef, namespace: string): RoleRules {
    if (ref.kind === 'ClusterRole') {
      const role = source.getClusterRole(ref.name);
      return role ? { rules: role.rules ?? [] } : { error: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
    }
    if (ref.kind === 'Role' && namespace) {
      const role = source.getRole(namespace, ref.name);
      return role ? { rules: role.rules ?? [] } : { error: `role.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
    }
    return { error: `unsupported role reference kind: ${JSON.stringify(ref.kind)}` };
  }

  /** Calls `visit` for each applying binding until it answers true; cluster bindings first, as kube. */
  function visit(user: UserInfo, namespace: string, fn: (applied: AppliedBinding, rules: RoleRules) => boolean): void {
    const cluster = source.clusterRoleBindingsFor ? source.clusterRoleBindingsFor(user) : source.listClusterRoleBindings();
    for (const binding of cluster) {
      const subject = applyingSubject(user, binding, '');
      if (subject && fn({ binding, subject, namespace: '' }, rulesOf(binding.roleRef, ''))) return;
    }
    if (!namespace) return;
    const local = source.roleBindingsFor ? source.roleBindingsFor(namespace, user) : source.listRoleBindings(namespace);
    for (const binding of local) {
      const subject = applyingSubject(user, binding, namespace);
      if (subject && fn({ binding, subject, namespace }, rulesOf(binding.roleRef, namespace))) return;
    }
  }

  return {
    authorize(attributes: Attributes): AuthorizationResult {
      const namespace = attributes.isResourceRequest ? attributes.namespace : '';
      let allowedBy: AppliedBinding | undefined;
      let errors: string[] | undefined;
      visit(attributes.user, namespace, (applied, rules) => {
        if ('error' in rules) {
          (errors ??= []).push(rules.error);
          return false;
        }
        for (const rule of rules.rules) {
          if (ruleAllows(attributes, rule)) {
            allowedBy = applied;
            return true;
          }
        }
        return false;
      });
      if (allowedBy) return { decision: 'allow', reason: `RBAC: allowed by ${describeBinding(allowedBy)}` };
      if (!errors) return { decision: 'no-opinion', reason: '' };
      const message = aggregateErrors(errors);
      return { decision: 'no-opinion', reason: `RBAC: ${message}`, evaluationError: message };
    },

    rulesFor(user: UserInfo, namespace: string): RulesOfUser {
      const rules: PolicyRule[] = [];
      const errors: string[] = [];
      visit(user, namespace, (_applied, found) => {
        if ('error' in found) errors.push(found.error);
        else rules.push(...found.rules);
        return false;
      });
      return { rules, errors };
    },
  };
}

function applyingSubject(user: UserInfo, binding: RoleBinding, namespace: string): Subject | undefined {
  for (const subject of binding.subjects ?? []) if (subjectAppliesTo(user, subject, namespace)) return subject;
  return undefined;
}

/** `ClusterRoleBinding "x" of ClusterRole "y" to User "bob"`, `RoleBinding "x/ns" of Role "y" to ...`. */
function describeBinding({ binding, subject, namespace }: AppliedBinding): string {
  const name = binding.metadata?.name ?? '';
  const ref = `${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)}`;
  const who = describeSubject(subject, namespace);
  return namespace
    ? `RoleBinding ${JSON.stringify(`${name}/${namespace}`)} of ${ref} to ${who}`
    : `ClusterRoleBinding ${JSON.stringify(name)} of ${ref} to ${who}`;
}

/** Go's aggregate error text: one message alone, several as `[a, b]`, duplicates once. */
export function aggregateErrors(errors: readonly string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}
