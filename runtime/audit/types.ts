// The shapes the audit module speaks: levels, stages, the request as the filter chain sees it,
// and the audit.k8s.io/v1 Event as it is written to the log.
import type { UserInfo } from '../registry/index.js';

export type { UserInfo };

export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';
export type AuditStage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';

export const AUDIT_LEVELS: readonly AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];
export const AUDIT_STAGES: readonly AuditStage[] = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];

/** Structurally runtime/server's RequestInfo, so the lead passes that record as it is. */
export type AuditRequestInfo =
  | {
      readonly isResourceRequest: true;
      readonly verb: string;
      readonly apiGroup: string;
      readonly apiVersion: string;
      readonly namespace: string;
      readonly resource: string;
      readonly subresource: string;
      readonly name: string;
    }
  | { readonly isResourceRequest: false; readonly verb: string; readonly path: string };

/** A credential a client offered; names as kube's failed-authentication message spells them. */
export type AttemptedAuthMethod = 'basic' | 'bearer' | 'access_token' | 'x509';

export interface AuditRequest {
  /** Also sent back to the client as the Audit-Id header. */
  auditID: string;
  /** Path and query as sent. */
  requestURI: string;
  info: AuditRequestInfo;
  /** null when authentication failed. */
  user: UserInfo | null;
  sourceIPs: string[];
  userAgent?: string;
  receivedAt: Date;
  /** The arrival in epoch microseconds, when known that finely (receivedAt holds milliseconds). */
  receivedAtMicros?: number;
  /**
   * When authentication failed: the credentials that were tried (see attemptedAuthMethods).
   * They name the failure in responseStatus.message when the answer is not a Status.
   */
  attemptedAuth?: readonly AttemptedAuthMethod[];
}

/** authentication.k8s.io/v1 UserInfo as an event holds it: empty fields left out. */
export interface AuditUser {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AuditObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

/** metav1.Status as an event copies it: metadata always, the bounded fields when set. */
export interface AuditResponseStatus {
  metadata: Record<string, never>;
  status?: string;
  message?: string;
  reason?: string;
  details?: unknown;
  code?: number;
}

/** audit.k8s.io/v1 Event; the property order is the order kube writes the fields in. */
export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: AuditLevel;
  auditID: string;
  stage: AuditStage;
  requestURI: string;
  verb: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  responseStatus?: AuditResponseStatus;
  requestObject?: unknown;
  responseObject?: unknown;
  /** RFC 3339 with microseconds, UTC. */
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}
