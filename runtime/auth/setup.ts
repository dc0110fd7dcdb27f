// Builds the authorizer from --authorization-mode, as kube orders it.
import { alwaysAllow, alwaysDeny, unionAuthorizer, type Authorizer } from './authz/index.js';
import { createRbacAuthorizer, type RbacAuthorizer, type RbacSource } from './rbac/index.js';

export type AuthorizationMode = 'RBAC' | 'AlwaysAllow' | 'AlwaysDeny';

export interface AuthorizerSetup {
  /** The union of the modes, in the order given. */
  readonly authorizer: Authorizer;
  /** The RBAC authorizer when RBAC is a mode (rules review and escalation checks need it). */
  readonly rbac?: RbacAuthorizer;
}

export function createAuthorizer(modes: readonly AuthorizationMode[], rbacSource?: RbacSource): AuthorizerSetup {
  let rbac: RbacAuthorizer | undefined;
  const authorizers = modes.map((mode): Authorizer => {
    switch (mode) {
      case 'AlwaysAllow':
        return alwaysAllow;
      case 'AlwaysDeny':
        return alwaysDeny;
      case 'RBAC':
        if (!rbacSource) throw new Error('authorization mode RBAC needs an RBAC source');
        rbac ??= createRbacAuthorizer(rbacSource);
        return rbac;
    }
  });
  if (authorizers.length === 0) throw new Error('at least one authorization mode is required');
  return rbac ? { authorizer: unionAuthorizer(authorizers), rbac } : { authorizer: unionAuthorizer(authorizers) };
}
