// Authentication: the union of the configured authenticators. A credential that was presented
// and is invalid is a 401; no credential at all is the anonymous user when anonymous is on.
import { statusErrors } from '../../errors/index.js';
import type { Authentication } from '../../auth/index.js';
import type { UserInfo } from '../../registry/index.js';
import type { FilterInput } from './types.js';

export async function authenticateRequest(authentication: Authentication, input: FilterInput): Promise<UserInfo> {
  const result = await authentication.authenticate(input);
  // The failure detail stays on the server: it can name the reason a token was refused.
  if (result.kind !== 'authenticated') throw statusErrors.unauthorized();
  return result.user;
}
