// The create-only authorization reviews: Self-, Local- and SubjectAccessReview ask the
// authorizer about one request; SelfSubjectRulesReview lists what the caller may do in a
// namespace. Each answers 201 with the spec echoed and the status filled, as kube does.
import { rulesReview, type Attributes, type Authorizer, type RbacAuthorizer, type SubjectRulesReviewStatus } from '../../auth/index.js';
import type { ResourceHandlers, ApiObject } from '../../endpoints/resource-handlers.js';
import { statusErrors } from '../../errors/index.js';
import type { CreateOptions, UserInfo } from '../../registry/index.js';
import { AUTHORIZATION_GROUP, attributesFromSpec, subjectFromSpec, type ReviewSpec } from './spec-attributes.js';

export interface AccessReviewDeps {
  readonly authorizer: Authorizer;
  /** Present when RBAC is an authorization mode: rules reviews read it. */
  readonly rbac?: RbacAuthorizer;
  /** AlwaysAllow among the modes: a rules review without RBAC answers everything. */
  readonly alwaysAllow: boolean;
}

type Review = ApiObject & { spec?: ReviewSpec };

function requester(opts: CreateOptions<ApiObject>): UserInfo {
  if (!opts.user) throw statusErrors.badRequest('no user present on request');
  return opts.user;
}

function answer(review: Review, attributes: Attributes, authorizer: Authorizer): { object: ApiObject; warnings: string[] } {
  const result = authorizer.authorize(attributes);
  const status: Record<string, unknown> = { allowed: result.decision === 'allow' };
  if (result.decision === 'deny') status['denied'] = true;
  if (result.reason) status['reason'] = result.reason;
  if (result.evaluationError) status['evaluationError'] = result.evaluationError;
  return { object: { ...review, metadata: review.metadata ?? {}, status } as ApiObject, warnings: [] };
}

export function selfSubjectAccessReviewHandlers(deps: AccessReviewDeps): ResourceHandlers {
  return {
    create: async (obj, opts) => {
      const review = obj as Review;
      return answer(review, attributesFromSpec('SelfSubjectAccessReview', review.spec, requester(opts)), deps.authorizer);
    },
  };
}

export function subjectAccessReviewHandlers(deps: AccessReviewDeps): ResourceHandlers {
  return {
    create: async (obj) => {
      const review = obj as Review;
      const subject = subjectFromSpec('SubjectAccessReview', review.spec);
      return answer(review, attributesFromSpec('SubjectAccessReview', review.spec, subject), deps.authorizer);
    },
  };
}

export function localSubjectAccessReviewHandlers(deps: AccessReviewDeps): ResourceHandlers {
  return {
    create: async (obj, opts) => {
      const review = obj as Review;
      const namespace = opts.namespace ?? '';
      const asked = review.spec?.resourceAttributes?.namespace ?? '';
      if (review.spec?.nonResourceAttributes) {
        throw statusErrors.invalid({ group: AUTHORIZATION_GROUP, kind: 'LocalSubjectAccessReview' }, '', [
          { type: 'FieldValueInvalid', field: 'spec.nonResourceAttributes', badValue: review.spec.nonResourceAttributes, detail: 'disallowed on this kind of request' },
        ]);
      }
      if (asked !== namespace) {
        throw statusErrors.badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
      }
      const subject = subjectFromSpec('LocalSubjectAccessReview', review.spec);
      return answer(review, attributesFromSpec('LocalSubjectAccessReview', review.spec, subject), deps.authorizer);
    },
  };
}

export function selfSubjectRulesReviewHandlers(deps: AccessReviewDeps): ResourceHandlers {
  return {
    create: async (obj, opts) => {
      const review = obj as ApiObject & { spec?: { namespace?: string } };
      const user = requester(opts);
      const namespace = review.spec?.namespace ?? '';
      let status: SubjectRulesReviewStatus;
      if (deps.rbac) status = rulesReview(deps.rbac, user, namespace);
      else status = { resourceRules: [], nonResourceRules: [], incomplete: !deps.alwaysAllow };
      if (deps.alwaysAllow) {
        status = {
          ...status,
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, ...status.resourceRules],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }, ...status.nonResourceRules],
        };
      }
      return { object: { ...review, metadata: review.metadata ?? {}, spec: review.spec ?? {}, status } as ApiObject, warnings: [] };
    },
  };
}

export function accessReviewHandlers(deps: AccessReviewDeps): Map<string, ResourceHandlers> {
  return new Map([
    [`${AUTHORIZATION_GROUP}/selfsubjectaccessreviews`, selfSubjectAccessReviewHandlers(deps)],
    [`${AUTHORIZATION_GROUP}/subjectaccessreviews`, subjectAccessReviewHandlers(deps)],
    [`${AUTHORIZATION_GROUP}/localsubjectaccessreviews`, localSubjectAccessReviewHandlers(deps)],
    [`${AUTHORIZATION_GROUP}/selfsubjectrulesreviews`, selfSubjectRulesReviewHandlers(deps)],
  ]);
}
