// authentication.k8s.io: SelfSubjectReview and TokenReview (served without storage), and the
// serviceaccounts/token subresource that issues TokenRequests.
import type { Authentication } from '../../auth/index.js';
import type { ResourceHandlers } from '../../endpoints/resource-handlers.js';
import { selfSubjectReviewHandlers } from './self-subject-review.js';
import { tokenReviewHandlers } from './token-review.js';

export { selfSubjectReviewHandlers } from './self-subject-review.js';
export { tokenReviewHandlers } from './token-review.js';
export { tokenRequestHandlers, type TokenRequestDeps } from './token-request.js';

export function authenticationReviewHandlers(authentication: Authentication): Map<string, ResourceHandlers> {
  return new Map([
    ['authentication.k8s.io/selfsubjectreviews', selfSubjectReviewHandlers()],
    ['authentication.k8s.io/tokenreviews', tokenReviewHandlers(authentication)],
  ]);
}
