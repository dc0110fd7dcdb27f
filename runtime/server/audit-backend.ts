// --audit-policy-file + --audit-log-path -> the Auditor the request lifecycle drives. As in
// kube, auditing needs both a policy and a backend: either alone audits nothing.
import { createAuditor, loadAuditPolicy, openAuditLog, type Auditor } from '../audit/index.js';
import type { ServerOptions } from './options.js';

export async function openAuditor(options: ServerOptions, onError: (err: unknown) => void): Promise<Auditor | null> {
  if (!options.auditPolicyFile || !options.auditLogPath) return null;
  const policy = await loadAuditPolicy(options.auditPolicyFile);
  const sink = await openAuditLog({
    path: options.auditLogPath,
    ...(options.auditLogMaxSize !== undefined ? { maxSizeMB: options.auditLogMaxSize } : {}),
    ...(options.auditLogMaxBackup !== undefined ? { maxBackups: options.auditLogMaxBackup } : {}),
    ...(options.auditLogMaxAge !== undefined ? { maxAgeDays: options.auditLogMaxAge } : {}),
    onError,
  });
  return createAuditor(policy, sink);
}
