// The fixed modes and their union (--authorization-mode=RBAC,AlwaysAllow,...).
import type { Attributes, AuthorizationResult, Authorizer } from './attributes.js';

export const alwaysAllow: Authorizer = {
  authorize: () => ({ decision: 'allow', reason: '' }),
};

// kube's AlwaysDeny answers NoOpinion (so a later mode may still allow) with this reason.
export const alwaysDeny: Authorizer = {
  authorize: () => ({ decision: 'no-opinion', reason: 'Everything is forbidden.' }),
};

/** The first Allow or Deny wins; reasons of modes without an opinion are kept, newline-joined. */
export function unionAuthorizer(authorizers: readonly Authorizer[]): Authorizer {
  if (authorizers.length === 1) return authorizers[0]!;
  return {
    authorize(attributes: Attributes): AuthorizationResult {
      const reasons: string[] = [];
      const errors: string[] = [];
      for (const authorizer of authorizers) {
        const result = authorizer.authorize(attributes);
        if (result.decision !== 'no-opinion') return result;
        if (result.reason) reasons.push(result.reason);
        if (result.evaluationError) errors.push(result.evaluationError);
      }
      const out: AuthorizationResult = { decision: 'no-opinion', reason: reasons.join('\n') };
      return errors.length > 0 ? { ...out, evaluationError: errors.join('\n') } : out;
    },
  };
}
