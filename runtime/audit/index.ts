// kube-apiserver's auditing: the audit.k8s.io/v1 Policy (parsing, validation, rule matching),
// the per-request record that writes an Event at each stage, and the log backend with
// lumberjack-style rotation. The HTTP request path (runtime/server) drives the Auditor.
export {
  AUDIT_LEVELS,
  AUDIT_STAGES,
  type AttemptedAuthMethod,
  type AuditEvent,
  type AuditLevel,
  type AuditObjectRef,
  type AuditRequest,
  type AuditRequestInfo,
  type AuditResponseStatus,
  type AuditStage,
  type AuditUser,
  type UserInfo,
} from './types.js';
export {
  loadAuditPolicy,
  parseAuditPolicy,
  validateAuditPolicy,
  type AuditGroupResources,
  type AuditPolicy,
  type AuditPolicyRule,
} from './policy.js';
export { compilePolicy, type PolicyChecker, type RuleDecision } from './policy-match.js';
export {
  attemptedAuthMethods,
  authenticationFailedMessage,
  createAuditor,
  type Auditor,
  type AuditorOptions,
  type AuditRecord,
} from './auditor.js';
export { MemoryAuditSink, type AuditSink } from './sink.js';
export { openAuditLog, openFileLog, type AuditLogOptions, type FileLogLimits } from './log-sink.js';
export { backupPath, maxSizeBytes, DEFAULT_MAX_SIZE_MB, MEGABYTE } from './rotation.js';
export { encodeEvent, formatMicros } from './encode.js';
