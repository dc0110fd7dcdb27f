// Impersonation: after authentication, before authorization (kube's filter order), so the
// request is authorized as the impersonated user.
import { impersonate, type Authorizer } from '../../auth/index.js';
import type { UserInfo } from '../../registry/index.js';
import type { FilterInput } from './types.js';

export function impersonateRequest(requester: UserInfo, input: FilterInput, authorizer: Authorizer): UserInfo {
  return impersonate(requester, input.headersDistinct, authorizer).user;
}
