// Capstan's security module: authentication (x509, token file, service-account tokens,
// anonymous), authorization modes (RBAC, AlwaysAllow, AlwaysDeny), impersonation, the RBAC
// bootstrap policy and its reconciliation. The lead wires these into the filter chain.
export * from './authn/index.js';
export * from './authz/index.js';
export * from './rbac/index.js';
export * from './policy/index.js';
export * from './impersonation/index.js';
export { createAuthorizer, type AuthorizationMode, type AuthorizerSetup } from './setup.js';
