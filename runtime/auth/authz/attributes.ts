// What an authorizer is asked, and what it answers: kube's authorizer.Attributes and
// Decision. The lead builds Attributes from the request info once per request.
import type { UserInfo } from '../../registry/index.js';

export interface ResourceAttributes {
  readonly user: UserInfo;
  readonly isResourceRequest: true;
  readonly verb: string;
  readonly apiGroup: string;
  readonly apiVersion?: string;
  /** "" for cluster-scoped requests and lists across all namespaces. */
  readonly namespace: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly name?: string;
}

export interface NonResourceAttributes {
  readonly user: UserInfo;
  readonly isResourceRequest: false;
  /** The lower-case HTTP method (get, post, ...). */
  readonly verb: string;
  readonly path: string;
}

export type Attributes = ResourceAttributes | NonResourceAttributes;

/** kube's three answers: only Allow or Deny end a union; NoOpinion passes to the next mode. */
export type Decision = 'allow' | 'deny' | 'no-opinion';

export interface AuthorizationResult {
  readonly decision: Decision;
  /** Why (audit annotation `authorization.k8s.io/reason`, SubjectAccessReview status.reason). */
  readonly reason: string;
  /** Errors met while evaluating (SubjectAccessReview status.evaluationError). */
  readonly evaluationError?: string;
}

export interface Authorizer {
  authorize(attributes: Attributes): AuthorizationResult;
}
