// TokenReview: runs the server's token authenticators on spec.token for spec.audiences.
import type { Authentication } from '../../auth/index.js';
import type { ApiObject, ResourceHandlers } from '../../endpoints/resource-handlers.js';
import { statusErrors } from '../../errors/index.js';

type TokenReview = ApiObject & { spec?: { token?: string; audiences?: string[] } };

export function tokenReviewHandlers(authentication: Authentication): ResourceHandlers {
  return {
    create: async (obj) => {
      const review = obj as TokenReview;
      const token = review.spec?.token ?? '';
      if (token === '') throw statusErrors.badRequest('token is required for TokenReview in authentication');
      const status = await authentication.reviewToken(token, review.spec?.audiences);
      // The token is a credential: it is not echoed back.
      const { token: _token, ...spec } = review.spec ?? {};
      return { object: { ...review, metadata: review.metadata ?? {}, spec, status } as ApiObject, warnings: [] };
    },
  };
}
