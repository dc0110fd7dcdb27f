// What an authenticator reads from a request and what it answers.
import type { UserInfo } from '../../registry/index.js';

/** The parts of a TLS socket the x509 authenticator reads (node's TLSSocket has them). */
export interface PeerCertificateSource {
  readonly authorized?: boolean;
  readonly authorizationError?: Error | string | null;
  getPeerCertificate?(detailed?: boolean): { readonly subject?: { readonly CN?: string | string[]; readonly O?: string | string[] } } | null | object;
}

/** The request as authentication sees it. */
export interface AuthnRequest {
  readonly socket?: PeerCertificateSource | null;
  header(name: string): string | undefined;
}

/**
 * kube's three outcomes: a user; no credential of this kind (the next authenticator tries);
 * a credential that was presented and is invalid (401, no fall-through to anonymous).
 */
export type AuthnResult =
  | { readonly kind: 'authenticated'; readonly user: UserInfo; readonly audiences?: readonly string[] }
  | { readonly kind: 'none' }
  | { readonly kind: 'failed'; readonly error: string };

export interface RequestAuthenticator {
  authenticate(req: AuthnRequest): Promise<AuthnResult>;
}

export interface TokenAuthenticator {
  /** `audiences`: what the caller accepts (TokenReview spec.audiences); default the API's. */
  authenticateToken(token: string, audiences?: readonly string[]): Promise<AuthnResult>;
}

export const NONE: AuthnResult = { kind: 'none' };

export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS_USER = 'system:anonymous';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';
