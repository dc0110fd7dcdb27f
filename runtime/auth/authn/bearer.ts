// The bearer token of a request: `Authorization: Bearer <token>`, as kube reads it.
import type { AuthnRequest, AuthnResult, RequestAuthenticator, TokenAuthenticator } from './types.js';
import { NONE } from './types.js';

/** The token, or null when the request carries none (an empty token counts as none, as in kube). */
export function bearerToken(req: AuthnRequest): string | null {
  const header = req.header('authorization');
  if (!header) return null;
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0 || trimmed.slice(0, space).toLowerCase() !== 'bearer') return null;
  const token = trimmed.slice(space + 1).trim();
  return token.length > 0 ? token : null;
}

/**
 * Token authenticators tried in order; the first that knows the token wins. A token nobody
 * accepts is a failed credential: kube answers 401 and does not fall through to anonymous.
 */
export function bearerAuthenticator(tokens: readonly TokenAuthenticator[]): RequestAuthenticator {
  return {
    async authenticate(req: AuthnRequest): Promise<AuthnResult> {
      const token = bearerToken(req);
      if (token === null) return NONE;
      return authenticateTokenWith(tokens, token);
    },
  };
}

/** kube's text for a token no authenticator accepts. */
export const INVALID_BEARER_TOKEN = 'invalid bearer token';

export async function authenticateTokenWith(
  tokens: readonly TokenAuthenticator[],
  token: string,
  audiences?: readonly string[],
): Promise<AuthnResult> {
  const errors: string[] = [];
  for (const authenticator of tokens) {
    const result = await authenticator.authenticateToken(token, audiences);
    if (result.kind === 'authenticated') return result;
    if (result.kind === 'failed') errors.push(result.error);
  }
  return { kind: 'failed', error: errors.length > 0 ? `[${INVALID_BEARER_TOKEN}, ${errors.join(', ')}]` : INVALID_BEARER_TOKEN };
}
