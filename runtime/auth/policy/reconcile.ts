// kube's start-up reconciliation of the bootstrap policy, in its additive form: a missing
// object is created; an existing one gains the rules, selectors, subjects, labels and
// annotations it lacks and keeps everything a user added; an object annotated
// autoupdate "false" is left alone; a binding whose roleRef differs is recreated.
import { covers, type ClusterRole, type PolicyRule, type RoleBinding, type Subject } from '../rbac/index.js';
import type { LabelSelectorObject, RbacObjectMeta } from '../rbac/index.js';
import { AUTOUPDATE_ANNOTATION } from './metadata.js';

export type ReconcileOperation = 'none' | 'create' | 'update' | 'recreate' | 'skip';

export interface RoleReconcileResult<T> {
  readonly operation: ReconcileOperation;
  /** What to write (the wanted object for create; the merged one for update); the existing one otherwise. */
  readonly object: T;
  readonly missingRules: readonly PolicyRule[];
  readonly missingSelectors: readonly LabelSelectorObject[];
}

export interface BindingReconcileResult<T> {
  readonly operation: ReconcileOperation;
  readonly object: T;
  readonly missingSubjects: readonly Subject[];
}

type Meta = { readonly metadata?: RbacObjectMeta };

export function isProtected(obj: Meta): boolean {
  return obj.metadata?.annotations?.[AUTOUPDATE_ANNOTATION] === 'false';
}

/** Roles and ClusterRoles. */
export function reconcileRole(existing: ClusterRole | undefined | null, wanted: ClusterRole): RoleReconcileResult<ClusterRole> {
  if (!existing) return { operation: 'create', object: wanted, missingRules: wanted.rules ?? [], missingSelectors: [] };
  if (isProtected(existing)) return { operation: 'skip', object: existing, missingRules: [], missingSelectors: [] };

  // Add wanted rules the existing ones do not cover, whole (kube appends the rule, not its pieces).
  const missingRules = (wanted.rules ?? []).filter((r) => !covers(existing.rules ?? [], [r]).covered);
  const existingSelectors = existing.aggregationRule?.clusterRoleSelectors ?? [];
  const missingSelectors = (wanted.aggregationRule?.clusterRoleSelectors ?? []).filter(
    (s) => !existingSelectors.some((e) => selectorsEqual(e, s)),
  );
  const metadata = mergeMeta(existing.metadata, wanted.metadata);
  const metaChanged = metadata !== existing.metadata;
  const dropAggregation = !wanted.aggregationRule && !!existing.aggregationRule;
  if (missingRules.length === 0 && missingSelectors.length === 0 && !metaChanged && !dropAggregation) {
    return { operation: 'none', object: existing, missingRules: [], missingSelectors: [] };
  }
  const merged: ClusterRole = {
    ...existing,
    metadata,
    rules: [...(existing.rules ?? []), ...missingRules],
  };
  if (dropAggregation) {
    delete (merged as { aggregationRule?: unknown }).aggregationRule;
  } else if (missingSelectors.length > 0) {
    (merged as { aggregationRule?: unknown }).aggregationRule = {
      ...existing.aggregationRule,
      clusterRoleSelectors: [...existingSelectors, ...missingSelectors],
    };
  }
  return { operation: 'update', object: merged, missingRules, missingSelectors };
}

/** RoleBindings and ClusterRoleBindings. */
export function reconcileBinding(existing: RoleBinding | undefined | null, wanted: RoleBinding): BindingReconcileResult<RoleBinding> {
  if (!existing) return { operation: 'create', object: wanted, missingSubjects: wanted.subjects ?? [] };
  if (isProtected(existing)) return { operation: 'skip', object: existing, missingSubjects: [] };
  const existingSubjects = existing.subjects ?? [];
  const missingSubjects = (wanted.subjects ?? []).filter((s) => !existingSubjects.some((e) => subjectsEqual(e, s)));
  const metadata = mergeMeta(existing.metadata, wanted.metadata);
  const roleRefChanged =
    existing.roleRef.kind !== wanted.roleRef.kind ||
    existing.roleRef.name !== wanted.roleRef.name ||
    (existing.roleRef.apiGroup ?? '') !== (wanted.roleRef.apiGroup ?? '');
  if (!roleRefChanged && missingSubjects.length === 0 && metadata === existing.metadata) {
    return { operation: 'none', object: existing, missingSubjects: [] };
  }
  const merged: RoleBinding = {
    ...existing,
    metadata,
    roleRef: roleRefChanged ? wanted.roleRef : existing.roleRef,
    subjects: [...existingSubjects, ...missingSubjects],
  };
  // roleRef is immutable: a changed one means delete and create again.
  return { operation: roleRefChanged ? 'recreate' : 'update', object: merged, missingSubjects };
}

/** Either kind, told apart by roleRef. */
export function reconcile(existing: RoleBinding | undefined | null, wanted: RoleBinding): BindingReconcileResult<RoleBinding>;
export function reconcile(existing: ClusterRole | undefined | null, wanted: ClusterRole): RoleReconcileResult<ClusterRole>;
export function reconcile(
  existing: ClusterRole | RoleBinding | undefined | null,
  wanted: ClusterRole | RoleBinding,
): RoleReconcileResult<ClusterRole> | BindingReconcileResult<RoleBinding> {
  if ('roleRef' in wanted) return reconcileBinding(existing as RoleBinding | undefined | null, wanted);
  return reconcileRole(existing as ClusterRole | undefined | null, wanted);
}

/** Existing labels and annotations win; wanted ones are added. Returns `existing` when unchanged. */
function mergeMeta(existing: RbacObjectMeta | undefined, wanted: RbacObjectMeta | undefined): RbacObjectMeta | undefined {
  const labels = addMissing(existing?.labels, wanted?.labels);
  const annotations = addMissing(existing?.annotations, wanted?.annotations);
  if (labels === existing?.labels && annotations === existing?.annotations) return existing;
  return { ...existing, labels: labels ?? {}, annotations: annotations ?? {} };
}

function addMissing(
  existing: { readonly [k: string]: string } | undefined,
  wanted: { readonly [k: string]: string } | undefined,
): { readonly [k: string]: string } | undefined {
  const add = Object.keys(wanted ?? {}).filter((k) => !existing || !(k in existing));
  if (add.length === 0) return existing;
  const out: Record<string, string> = { ...existing };
  for (const k of add) out[k] = wanted![k]!;
  return out;
}

function subjectsEqual(a: Subject, b: Subject): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '') && (a.apiGroup ?? '') === (b.apiGroup ?? '');
}

function selectorsEqual(a: LabelSelectorObject, b: LabelSelectorObject): boolean {
  return JSON.stringify(canonicalSelector(a)) === JSON.stringify(canonicalSelector(b));
}

function canonicalSelector(s: LabelSelectorObject): unknown {
  const labels = s.matchLabels ?? {};
  return {
    l: Object.keys(labels).sort().map((k) => [k, labels[k]]),
    e: (s.matchExpressions ?? []).map((e) => [e.key, e.operator, [...(e.values ?? [])]]),
  };
}
