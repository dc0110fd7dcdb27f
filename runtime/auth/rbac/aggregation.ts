// Aggregated ClusterRoles: a role with an aggregationRule carries the union of the rules of
// every other ClusterRole its selectors match, visited by selector then by name, each rule once.
import { labelSelectorOf, type LabelRequirement, type LabelSelector } from '../../selection/index.js';
import type { ClusterRole, LabelSelectorObject, PolicyRule } from './types.js';

/** The rules `role` should carry, or null when it is not aggregated. Throws on an invalid selector. */
export function aggregateClusterRole(role: ClusterRole, allClusterRoles: Iterable<ClusterRole>): PolicyRule[] | null {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!role.aggregationRule) return null;
  const self = role.metadata?.name ?? '';
  const sorted = [...allClusterRoles].sort((a, b) => compare(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  const rules: PolicyRule[] = [];
  for (const selectorObject of selectors ?? []) {
    const selector = selectorFromObject(selectorObject);
    for (const other of sorted) {
      if ((other.metadata?.name ?? '') === self) continue;
      if (!selector.matches(other.metadata?.labels)) continue;
      for (const rule of other.rules ?? []) if (!rules.some((r) => rulesEqual(r, rule))) rules.push(rule);
    }
  }
  return rules;
}

/** metav1.LabelSelector -> a selector; `{}` selects everything, as kube's conversion does. */
export function selectorFromObject(selector: LabelSelectorObject): LabelSelector {
  const requirements: LabelRequirement[] = [];
  for (const key of Object.keys(selector.matchLabels ?? {}).sort()) {
    requirements.push({ key, operator: 'Equals', values: [selector.matchLabels![key]!] });
  }
  for (const expr of selector.matchExpressions ?? []) {
    const values = [...(expr.values ?? [])];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) throw new Error(`for 'in', 'notin' operators, values set can't be empty`);
        requirements.push({ key: expr.key, operator: expr.operator, values });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) throw new Error(`values set must be empty for exists and does not exist`);
        requirements.push({ key: expr.key, operator: expr.operator, values: [] });
        break;
      default:
        throw new Error(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    }
  }
  return labelSelectorOf(requirements);
}

export function rulesEqual(a: PolicyRule, b: PolicyRule): boolean {
  return (
    listEqual(a.verbs, b.verbs) &&
    listEqual(a.apiGroups, b.apiGroups) &&
    listEqual(a.resources, b.resources) &&
    listEqual(a.resourceNames, b.resourceNames) &&
    listEqual(a.nonResourceURLs, b.nonResourceURLs)
  );
}

function listEqual(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
