// The filter chain in kube's order: authentication -> impersonation -> authorization (audit
// and max-in-flight have no implementation yet). It answers the user the request runs as, or
// throws the refusal as a StatusError.
import type { Authentication, Authorizer } from '../../auth/index.js';
import type { UserInfo } from '../../registry/index.js';
import { authenticateRequest } from './authentication.js';
import { authorizeRequest } from './authorization.js';
import { impersonateRequest } from './impersonation.js';
import type { FilterInput } from './types.js';

export interface FilterChainOptions {
  readonly authentication: Authentication;
  readonly authorizer: Authorizer;
}

export type RequestGate = (input: FilterInput) => Promise<UserInfo>;

export function filterChain(opts: FilterChainOptions): RequestGate {
  return async (input) => {
    const requester = await authenticateRequest(opts.authentication, input);
    const user = impersonateRequest(requester, input, opts.authorizer);
    authorizeRequest(user, input.info, opts.authorizer);
    return user;
  };
}
