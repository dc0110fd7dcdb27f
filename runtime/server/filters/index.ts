export { filterChain, type FilterChainOptions, type RequestFilters, type AuthorizationOutcome } from './chain.js';
export type { FilterInput } from './types.js';
export { authenticateRequest } from './authentication.js';
export { impersonateRequest } from './impersonation.js';
export { isInflightExempt, isLongRunning, isMutating } from './long-running.js';
export { InflightLimiter, type InflightKind, type InflightLimits } from './max-in-flight.js';
export { requestDeadlineSeconds, withDeadline, DEADLINE_EXCEEDED_MESSAGE } from './deadline.js';
