export type {
  AuthnRequest,
  AuthnResult,
  RequestAuthenticator,
  TokenAuthenticator,
  PeerCertificateSource,
} from './types.js';
export { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, ANONYMOUS_USER, ALL_SERVICE_ACCOUNTS } from './types.js';
export { x509Authenticator, x509Result } from './x509.js';
export { bearerToken, bearerAuthenticator } from './bearer.js';
export {
  parseTokenFile,
  loadTokenFile,
  tokenFileAuthenticator,
  parseCsv,
  TokenFileError,
  type TokenFileEntry,
  type TokenFileParse,
} from './token-file.js';
export { anonymousAuthenticator } from './anonymous.js';
export { signJwt, decodeJwt, verifyJwtSignature, keyId, algorithmOf, type JwtAlgorithm, type DecodedJwt } from './jwt.js';
export {
  publicKeysFromPem,
  privateKeyFromPem,
  loadPublicKeys,
  loadSigningKey,
  ensureServiceAccountKeyFiles,
  type ServiceAccountKeyFiles,
} from './service-account-keys.js';
export {
  createServiceAccountTokens,
  validateExpiration,
  MIN_EXPIRATION_SECONDS,
  DEFAULT_EXPIRATION_SECONDS,
  type ServiceAccountTokens,
  type ServiceAccountTokenOptions,
  type TokenRequestInput,
  type IssuedToken,
  type BoundObjectRef,
  type BoundObjectKind,
  type ObjectLookup,
} from './service-account.js';
export {
  createAuthentication,
  withAuthenticatedGroup,
  type Authentication,
  type AuthenticationOptions,
  type TokenReviewStatus,
} from './authentication.js';
