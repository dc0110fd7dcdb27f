export type {
  Attributes,
  ResourceAttributes,
  NonResourceAttributes,
  Decision,
  AuthorizationResult,
  Authorizer,
} from './attributes.js';
export { alwaysAllow, alwaysDeny, unionAuthorizer } from './modes.js';
export { forbiddenMessage, forbiddenError, goQuote } from './messages.js';
export { attributesFor, type RequestInfoLike } from './from-request.js';
