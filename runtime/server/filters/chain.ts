// The request filters in kube's order — authentication -> (audit) -> impersonation ->
// (max-in-flight) -> authorization — as separate steps, because the request lifecycle runs
// audit and the in-flight limit between them.
import { forbiddenError, attributesFor, type Authentication, type AuthorizationResult, type Authorizer } from '../../auth/index.js';
import type { StatusError } from '../../errors/index.js';
import type { UserInfo } from '../../registry/index.js';
import type { RequestInfo } from '../request-info.js';
import { authenticateRequest } from './authentication.js';
import { impersonateRequest } from './impersonation.js';
import type { FilterInput } from './types.js';

export interface FilterChainOptions {
  readonly authentication: Authentication;
  readonly authorizer: Authorizer;
}

export interface AuthorizationOutcome extends AuthorizationResult {
  /** The 403 to answer when the decision is not allow. */
  readonly refusal: StatusError | null;
}

export interface RequestFilters {
  /** The requester; a 401 StatusError when a credential is invalid or anonymous is off. */
  authenticate(input: FilterInput): Promise<UserInfo>;
  /** The user the request runs as (the requester unless impersonating); a 403 when refused. */
  impersonate(requester: UserInfo, input: FilterInput): UserInfo;
  authorize(user: UserInfo, info: RequestInfo): AuthorizationOutcome;
}

export function filterChain(opts: FilterChainOptions): RequestFilters {
  return {
    authenticate: (input) => authenticateRequest(opts.authentication, input),
    impersonate: (requester, input) => impersonateRequest(requester, input, opts.authorizer),
    authorize(user, info) {
      const attributes = attributesFor(user, info);
      const result = opts.authorizer.authorize(attributes);
      return { ...result, refusal: result.decision === 'allow' ? null : forbiddenError(attributes, result.reason) };
    },
  };
}
