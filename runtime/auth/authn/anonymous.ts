// The anonymous user, for requests that carry no credential at all (--anonymous-auth).
import type { AuthnResult, RequestAuthenticator } from './types.js';
import { ALL_UNAUTHENTICATED, ANONYMOUS_USER } from './types.js';

export const anonymousAuthenticator: RequestAuthenticator = {
  async authenticate(): Promise<AuthnResult> {
    return { kind: 'authenticated', user: { username: ANONYMOUS_USER, groups: [ALL_UNAUTHENTICATED] } };
  },
};
