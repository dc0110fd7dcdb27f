// authorization.k8s.io: the access reviews, served without storage.
export {
  accessReviewHandlers,
  selfSubjectAccessReviewHandlers,
  subjectAccessReviewHandlers,
  localSubjectAccessReviewHandlers,
  selfSubjectRulesReviewHandlers,
  type AccessReviewDeps,
} from './access-reviews.js';
export { attributesFromSpec, subjectFromSpec, type ReviewSpec } from './spec-attributes.js';
