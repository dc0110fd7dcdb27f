// Escalation prevention on writes of roles and bindings, as validating admission on the
// create and update handlers (patch and apply reach update, so they are covered too): the
// fully formed object is checked against what the writing user holds.
import {
  checkBindingEscalation,
  checkRoleEscalation,
  type Authorizer,
  type PolicyRule,
  type RbacAuthorizer,
  type RbacSource,
  type RoleRef,
} from '../../auth/index.js';
import type { ApiObject, ResourceHandlers } from '../../endpoints/resource-handlers.js';
import type { AdmissionValidate, RequestContext } from '../../registry/index.js';

export interface EscalationGuardDeps {
  readonly authorizer: Authorizer;
  readonly rbac: RbacAuthorizer;
  readonly source: RbacSource;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const GUARDED = new Set(['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']);

export function isEscalationGuarded(group: string, plural: string): boolean {
  return group === RBAC_GROUP && GUARDED.has(plural);
}

type Guarded = ApiObject & { rules?: PolicyRule[]; aggregationRule?: unknown; roleRef?: RoleRef };

function checker(plural: string, deps: EscalationGuardDeps, ctx: RequestContext): AdmissionValidate<ApiObject> {
  return (input) => {
    const user = ctx.user;
    // In-process writes (bootstrap, controllers) carry no user and are the server's own.
    if (!user) return;
    const obj = input as Guarded;
    const name = obj.metadata?.name ?? '';
    const namespace = obj.metadata?.namespace ?? ctx.namespace ?? '';
    if (plural === 'roles' || plural === 'clusterroles') {
      const result = checkRoleEscalation(
        {
          user,
          kind: plural === 'roles' ? 'Role' : 'ClusterRole',
          name,
          namespace: plural === 'roles' ? namespace : '',
          rules: obj.rules ?? [],
          aggregated: plural === 'clusterroles' && obj.aggregationRule !== undefined && obj.aggregationRule !== null,
        },
        deps,
      );
      if (!result.allowed && result.error) throw result.error;
      return;
    }
    const roleRef = obj.roleRef ?? { kind: '', name: '' };
    const result = checkBindingEscalation(
      { user, kind: plural === 'rolebindings' ? 'RoleBinding' : 'ClusterRoleBinding', name, namespace: plural === 'rolebindings' ? namespace : '', roleRef },
      referencedRules(roleRef, namespace, deps.source),
      deps,
    );
    if (!result.allowed && result.error) throw result.error;
  };
}

function referencedRules(ref: RoleRef, namespace: string, source: RbacSource): readonly PolicyRule[] | { readonly error: string } {
  if (ref.kind === 'Role') {
    const role = source.getRole(namespace, ref.name);
    return role ? (role.rules ?? []) : { error: `role.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
  }
  const role = source.getClusterRole(ref.name);
  return role ? (role.rules ?? []) : { error: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
}

function both(a: AdmissionValidate<ApiObject> | undefined, b: AdmissionValidate<ApiObject>): AdmissionValidate<ApiObject> {
  if (!a) return b;
  return async (obj, old) => {
    await b(obj, old);
    await a(obj, old);
  };
}

/** The handlers of an RBAC resource with the escalation check added to create and update. */
export function guardEscalation(plural: string, handlers: ResourceHandlers, deps: EscalationGuardDeps): ResourceHandlers {
  const { create, update } = handlers;
  return {
    ...handlers,
    ...(create ? { create: (obj, opts) => create(obj, { ...opts, validate: both(opts.validate, checker(plural, deps, opts)) }) } : {}),
    ...(update ? { update: (name, obj, opts) => update(name, obj, { ...opts, validate: both(opts.validate, checker(plural, deps, opts)) }) } : {}),
  };
}
