// The status conditions kube's namespace controller keeps on a terminating namespace. Types,
// reasons and message formats are wire facts clients and people read (kubectl describe ns).

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** What one cleanup pass found. */
export interface CleanupReport {
  /** Errors deleting content, one per resource that failed. */
  readonly deleteErrors: readonly string[];
  /** Objects left, by "<plural>.<group>" (kube's GroupResource string, so core ones end in "."). */
  readonly remaining: ReadonlyMap<string, number>;
  /** Objects left holding each finalizer. */
  readonly finalizers: ReadonlyMap<string, number>;
}

const TYPES = {
  discovery: 'NamespaceDeletionDiscoveryFailure',
  parsing: 'NamespaceDeletionGroupVersionParsingFailure',
  content: 'NamespaceDeletionContentFailure',
  remaining: 'NamespaceContentRemaining',
  finalizers: 'NamespaceFinalizersRemaining',
} as const;

const sortedCounts = (counts: ReadonlyMap<string, number>, format: (name: string, n: number) => string): string =>
  [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, n]) => format(name, n))
    .join(', ');

/** The conditions for a report, before timestamps: [type, status, reason, message]. */
function describe(report: CleanupReport): Array<Omit<NamespaceCondition, 'lastTransitionTime'>> {
  const ok = (type: string, reason: string, message: string) => ({ type, status: 'False' as const, reason, message });
  const bad = (type: string, reason: string, message: string) => ({ type, status: 'True' as const, reason, message });
  return [
    // Everything is discovered in-process from the installed resources: these cannot fail here.
    ok(TYPES.discovery, 'ResourcesDiscovered', 'All resources successfully discovered'),
    ok(TYPES.parsing, 'ParsedGroupVersions', 'All legacy kube types successfully parsed'),
    report.deleteErrors.length > 0
      ? bad(
          TYPES.content,
          'ContentDeletionFailed',
          `Failed to delete all resource types, ${report.deleteErrors.length} remaining: ${report.deleteErrors.join(', ')}`,
        )
      : ok(TYPES.content, 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'),
    report.remaining.size > 0
      ? bad(TYPES.remaining, 'SomeResourcesRemain', `Some resources are remaining: ${sortedCounts(report.remaining, (r, n) => `${r} has ${n} resource instances`)}`)
      : ok(TYPES.remaining, 'ContentRemoved', 'All content successfully removed'),
    report.finalizers.size > 0
      ? bad(
          TYPES.finalizers,
          'SomeFinalizersRemain',
          `Some content in the namespace has finalizers remaining: ${sortedCounts(report.finalizers, (f, n) => `${f} in ${n} resource instances`)}`,
        )
      : ok(TYPES.finalizers, 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'),
  ];
}

/**
 * The namespace's conditions after a pass: those of the deletion types replaced (keeping their
 * lastTransitionTime when nothing about them changed), any others kept as they were.
 */
export function nextConditions(current: readonly NamespaceCondition[], report: CleanupReport, now: string): NamespaceCondition[] {
  const ours = new Set<string>(Object.values(TYPES));
  const next: NamespaceCondition[] = current.filter((c) => !ours.has(c.type));
  for (const c of describe(report)) {
    const prev = current.find((p) => p.type === c.type);
    const same = prev !== undefined && prev.status === c.status && prev.reason === c.reason && prev.message === c.message;
    next.push({ ...c, lastTransitionTime: same ? prev.lastTransitionTime : now });
  }
  return next;
}
