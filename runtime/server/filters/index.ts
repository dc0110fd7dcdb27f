export { filterChain, type FilterChainOptions, type RequestGate } from './chain.js';
export type { FilterInput } from './types.js';
export { authenticateRequest } from './authentication.js';
export { impersonateRequest } from './impersonation.js';
export { authorizeRequest } from './authorization.js';
