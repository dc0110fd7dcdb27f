// Impersonation: every requested part of the identity is authorized with the `impersonate`
// verb against the requester (users, groups and serviceaccounts in the core group; uids and
// userextras/<key> in authentication.k8s.io), then the request runs as the requested user.
import { statusErrors } from '../../errors/index.js';
import type { UserInfo } from '../../registry/index.js';
import { ALL_AUTHENTICATED, ALL_SERVICE_ACCOUNTS, ALL_UNAUTHENTICATED, ANONYMOUS_USER } from '../authn/index.js';
import { forbiddenError, type Authorizer, type ResourceAttributes } from '../authz/index.js';
import { splitServiceAccountUsername } from '../rbac/index.js';
import { readImpersonationHeaders, type HeaderValues } from './headers.js';

export interface ImpersonationResult {
  /** The identity the request runs as: the impersonated user, or the requester unchanged. */
  readonly user: UserInfo;
  readonly impersonated: boolean;
}

/** Throws a StatusError: 400 for malformed headers, 403 when a part is not allowed, 500 without a user (kube's answer). */
export function impersonate(requester: UserInfo, headers: HeaderValues, authorizer: Authorizer): ImpersonationResult {
  const request = readImpersonationHeaders(headers);
  if (!request) return { user: requester, impersonated: false };
  if (request.user === undefined) {
    throw statusErrors.internalError(new Error('requested groups, extra or uid without impersonating a user'));
  }

  const checks: ResourceAttributes[] = [];
  const base = { user: requester, isResourceRequest: true as const, verb: 'impersonate' };
  const sa = splitServiceAccountUsername(request.user);
  if (sa) {
    checks.push({ ...base, apiGroup: '', namespace: sa.namespace, resource: 'serviceaccounts', name: sa.name });
  } else {
    checks.push({ ...base, apiGroup: '', namespace: '', resource: 'users', name: request.user });
  }
  for (const group of request.groups) checks.push({ ...base, apiGroup: '', namespace: '', resource: 'groups', name: group });
  for (const [key, values] of Object.entries(request.extra)) {
    for (const value of values) {
      checks.push({ ...base, apiGroup: 'authentication.k8s.io', namespace: '', resource: 'userextras', subresource: key, name: value });
    }
  }
  if (request.uid !== undefined) {
    checks.push({ ...base, apiGroup: 'authentication.k8s.io', namespace: '', resource: 'uids', name: request.uid });
  }
  for (const attributes of checks) {
    const result = authorizer.authorize(attributes);
    if (result.decision !== 'allow') throw forbiddenError(attributes, result.reason);
  }

  let groups = [...request.groups];
  // A service account's groups are fixed by its name, so they are implied when none are asked for.
  if (sa && groups.length === 0) groups = [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${sa.namespace}`];
  const implied = request.user === ANONYMOUS_USER ? ALL_UNAUTHENTICATED : ALL_AUTHENTICATED;
  if (!groups.includes(implied)) groups.push(implied);

  const user: UserInfo = {
    username: request.user,
    ...(request.uid !== undefined ? { uid: request.uid } : {}),
    groups,
    ...(Object.keys(request.extra).length > 0 ? { extra: request.extra } : {}),
  };
  return { user, impersonated: true };
}
