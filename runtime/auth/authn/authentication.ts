// The request authentication chain: x509, then bearer tokens, then (when enabled) anonymous.
// The first authenticator that succeeds wins; a presented but invalid credential with no
// success is a 401 and never falls through to anonymous. Every authenticated user gains
// system:authenticated. Tokens never reach a log or an error message.
import { statusErrors } from '../../errors/index.js';
import type { UserInfo } from '../../registry/index.js';
import { anonymousAuthenticator } from './anonymous.js';
import { authenticateTokenWith, bearerAuthenticator } from './bearer.js';
import {
  ALL_AUTHENTICATED,
  ALL_UNAUTHENTICATED,
  ANONYMOUS_USER,
  type AuthnRequest,
  type AuthnResult,
  type RequestAuthenticator,
  type TokenAuthenticator,
} from './types.js';
import { x509Authenticator } from './x509.js';

export interface AuthenticationOptions {
  /** Client certificates (the TLS layer verifies them against the client CA). Default true. */
  readonly x509?: boolean;
  /** Token authenticators in order: e.g. the token file, then service-account tokens. */
  readonly tokens?: readonly TokenAuthenticator[];
  /** --anonymous-auth. Default false. */
  readonly anonymous?: boolean;
}

/** TokenReview status, as the API returns it. */
export interface TokenReviewStatus {
  authenticated?: boolean;
  user?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  audiences?: string[];
  error?: string;
}

export interface Authentication {
  /** The outcome with system:authenticated added; `failed` errors are for audit, not clients. */
  authenticate(req: AuthnRequest): Promise<AuthnResult>;
  /** The user, or a 401 Unauthorized StatusError. */
  authenticateOrThrow(req: AuthnRequest): Promise<UserInfo>;
  /** TokenReview: runs the token authenticators on `token` for `audiences`. */
  reviewToken(token: string, audiences?: readonly string[]): Promise<TokenReviewStatus>;
}

export function createAuthentication(options: AuthenticationOptions = {}): Authentication {
  const tokens = options.tokens ?? [];
  const chain: RequestAuthenticator[] = [];
  if (options.x509 !== false) chain.push(x509Authenticator);
  if (tokens.length > 0) chain.push(bearerAuthenticator(tokens));

  async function authenticate(req: AuthnRequest): Promise<AuthnResult> {
    let firstError: string | undefined;
    for (const authenticator of chain) {
      const result = await authenticator.authenticate(req);
      if (result.kind === 'authenticated') return withAuthenticatedGroup(result);
      if (result.kind === 'failed') firstError ??= result.error;
    }
    if (firstError !== undefined) return { kind: 'failed', error: firstError };
    if (options.anonymous) return anonymousAuthenticator.authenticate(req);
    return { kind: 'none' };
  }

  return {
    authenticate,
    async authenticateOrThrow(req: AuthnRequest): Promise<UserInfo> {
      const result = await authenticate(req);
      if (result.kind === 'authenticated') return result.user;
      throw statusErrors.unauthorized();
    },
    async reviewToken(token: string, audiences?: readonly string[]): Promise<TokenReviewStatus> {
      if (tokens.length === 0) return { error: 'no token authenticators are configured' };
      const result = await authenticateTokenWith(tokens, token, audiences);
      if (result.kind !== 'authenticated') {
        return { user: {}, error: result.kind === 'failed' ? result.error : 'invalid bearer token' };
      }
      const { user } = withAuthenticatedGroup(result);
      const status: TokenReviewStatus = {
        authenticated: true,
        user: {
          username: user.username,
          ...(user.uid ? { uid: user.uid } : {}),
          groups: [...(user.groups ?? [])],
          ...(user.extra ? { extra: copyExtra(user.extra) } : {}),
        },
      };
      const matched = result.audiences ?? (audiences && audiences.length > 0 ? [...audiences] : undefined);
      if (matched) status.audiences = [...matched];
      return status;
    },
  };
}

/** kube's AuthenticatedGroupAdder: skip anonymous and users already in either all-group. */
export function withAuthenticatedGroup<R extends { readonly user: UserInfo }>(result: R): R {
  const user = result.user;
  if (user.username === ANONYMOUS_USER) return result;
  const groups = user.groups ?? [];
  if (groups.includes(ALL_AUTHENTICATED) || groups.includes(ALL_UNAUTHENTICATED)) return result;
  return { ...result, user: { ...user, groups: [...groups, ALL_AUTHENTICATED] } };
}

function copyExtra(extra: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(extra)) out[k] = [...v];
  return out;
}
