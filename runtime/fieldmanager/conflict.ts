// Apply conflicts and the 409 Status kube answers them with. The message and causes are wire
// facts: kubectl prints the message verbatim and tools read the causes.
import { statusErrors, type StatusError } from '../errors/index.js';
import type { FieldConflict } from './types.js';

/** Whom a conflict is with. */
export interface ConflictManager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
}

/** A manager as kube prints it: `"mgr"`, `"mgr" with subresource "status"`, `"mgr" using apps/v1`. */
export function describeManager(m: ConflictManager): string {
  let out = JSON.stringify(m.manager);
  if (m.subresource) out += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') out += ` using ${m.apiVersion}`;
  return out;
}

export interface ConflictGroup {
  readonly with: ConflictManager;
  /** Conflicting fields as kube prints paths, e.g. `.spec.replicas`, in set order. */
  readonly fields: readonly string[];
}

export class ApplyConflictError extends Error {
  readonly conflicts: FieldConflict[];
  /** Grouped by manager, groups in the order kube prints them. */
  readonly groups: readonly ConflictGroup[];

  constructor(groups: readonly ConflictGroup[]) {
    const conflicts = groups.flatMap((g) => g.fields.map((field) => ({ manager: g.with.manager, field, description: describeManager(g.with) })));
    super(conflictMessage(groups, conflicts.length));
    this.name = 'ApplyConflictError';
    this.groups = groups;
    this.conflicts = conflicts;
  }
}

function conflictMessage(groups: readonly ConflictGroup[], total: number): string {
  if (total === 1) return `Apply failed with 1 conflict: conflict with ${describeManager(groups[0]!.with)}: ${groups[0]!.fields[0]!}`;
  const lines: string[] = [];
  for (const g of groups) {
    lines.push(`conflicts with ${describeManager(g.with)}:`);
    for (const f of g.fields) lines.push(`- ${f}`);
  }
  return `Apply failed with ${total} conflicts: ${lines.join('\n')}`;
}

/** kube's apply conflict Status: 409, reason Conflict, one FieldManagerConflict cause per field and no object details. */
export function conflictStatus(err: ApplyConflictError, _gr: { group: string; resource: string }, _name: string): StatusError {
  const causes = err.conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.description}`, field: c.field }));
  return statusErrors.failure(409, 'Conflict', err.message, { causes });
}
