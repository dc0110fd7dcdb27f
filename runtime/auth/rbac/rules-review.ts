// SelfSubjectRulesReview's status (`kubectl auth can-i --list`): the user's rules in a
// namespace, split into resource and non-resource rules as kube reports them.
import type { UserInfo } from '../../registry/index.js';
import { aggregateErrors, type RbacAuthorizer } from './authorizer.js';

export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface SubjectRulesReviewStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

export function rulesReview(authorizer: RbacAuthorizer, user: UserInfo, namespace: string): SubjectRulesReviewStatus {
  const { rules, errors } = authorizer.rulesFor(user, namespace);
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  for (const rule of rules) {
    if (rule.resources && rule.resources.length > 0) {
      const out: ResourceRule = { verbs: [...rule.verbs] };
      if (rule.apiGroups?.length) out.apiGroups = [...rule.apiGroups];
      out.resources = [...rule.resources];
      if (rule.resourceNames?.length) out.resourceNames = [...rule.resourceNames];
      resourceRules.push(out);
    }
    if (rule.nonResourceURLs && rule.nonResourceURLs.length > 0) {
      nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...rule.nonResourceURLs] });
    }
  }
  const status: SubjectRulesReviewStatus = { resourceRules, nonResourceRules, incomplete: errors.length > 0 };
  if (errors.length > 0) status.evaluationError = aggregateErrors(errors);
  return status;
}
