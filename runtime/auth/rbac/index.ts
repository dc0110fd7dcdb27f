export type {
  PolicyRule,
  Role,
  ClusterRole,
  RoleBinding,
  ClusterRoleBinding,
  RoleRef,
  Subject,
  RbacSource,
  RbacObjectMeta,
  LabelSelectorObject,
  LabelSelectorRequirementObject,
} from './types.js';
export { RbacStore } from './store.js';
export { createRbacAuthorizer, aggregateErrors, type RbacAuthorizer, type RulesOfUser } from './authorizer.js';
export { ruleAllows } from './rule-match.js';
export {
  subjectAppliesTo,
  serviceAccountUsername,
  splitServiceAccountUsername,
  SERVICE_ACCOUNT_USER_PREFIX,
} from './subjects.js';
export { rulesReview, type SubjectRulesReviewStatus, type ResourceRule, type NonResourceRule } from './rules-review.js';
export { covers, ruleCovers, breakdownRule, compactRules, compactString } from './covers.js';
export {
  checkRoleEscalation,
  checkBindingEscalation,
  confirmNoEscalation,
  type EscalationResult,
  type EscalationDeps,
  type RoleWrite,
  type BindingWrite,
} from './escalation.js';
export { aggregateClusterRole, selectorFromObject, rulesEqual } from './aggregation.js';
