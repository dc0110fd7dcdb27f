// Rule evaluation in kube's order: first matching rule wins, no match is level None. Rules are
// compiled once into sets so that evaluating a request allocates nothing.
import type { AuditPolicy, AuditPolicyRule } from './policy.js';
import type { AuditLevel, AuditRequestInfo, AuditStage, UserInfo } from './types.js';

export interface RuleDecision {
  readonly level: AuditLevel;
  readonly omitStages: ReadonlySet<AuditStage>;
  readonly omitManagedFields: boolean;
}

interface CompiledGroupResources {
  readonly group: string;
  readonly resources: readonly string[];
  readonly names: ReadonlySet<string> | null;
}

interface CompiledRule {
  readonly decision: RuleDecision;
  readonly users: ReadonlySet<string> | null;
  readonly groups: ReadonlySet<string> | null;
  readonly verbs: ReadonlySet<string> | null;
  /** Set when the rule names namespaces or resources: it matches resource requests only. */
  readonly resourceRule: boolean;
  readonly namespaces: ReadonlySet<string> | null;
  readonly resources: readonly CompiledGroupResources[] | null;
  readonly nonResourceURLs: readonly string[] | null;
}

const setOf = (list: readonly string[] | undefined): ReadonlySet<string> | null => (list && list.length > 0 ? new Set(list) : null);

function compileRule(rule: AuditPolicyRule, policy: AuditPolicy): CompiledRule {
  const resources = rule.resources && rule.resources.length > 0 ? rule.resources : null;
  return {
    decision: {
      level: rule.level,
      omitStages: new Set([...(policy.omitStages ?? []), ...(rule.omitStages ?? [])]),
      omitManagedFields: rule.omitManagedFields ?? policy.omitManagedFields ?? false,
    },
    users: setOf(rule.users),
    groups: setOf(rule.userGroups),
    verbs: setOf(rule.verbs),
    resourceRule: (rule.namespaces?.length ?? 0) > 0 || resources !== null,
    namespaces: setOf(rule.namespaces),
    resources: resources?.map((gr) => ({ group: gr.group, resources: gr.resources ?? [], names: setOf(gr.resourceNames) })) ?? null,
    nonResourceURLs: rule.nonResourceURLs && rule.nonResourceURLs.length > 0 ? rule.nonResourceURLs : null,
  };
}

function pathMatches(path: string, spec: string): boolean {
  if (spec === '*' || spec === path) return true;
  if (!spec.endsWith('*')) return false;
  let end = spec.length;
  while (end > 0 && spec.charCodeAt(end - 1) === 42 /* * */) end--;
  return path.startsWith(spec.slice(0, end));
}

function resourceMatches(res: string, resource: string, subresource: string): boolean {
  if (res === '*') return true;
  if (subresource === '') {
    if (res === resource) return true;
  } else if (res.length === resource.length + 1 + subresource.length && res.startsWith(resource) && res.endsWith(subresource) && res.charCodeAt(resource.length) === 47) {
    return true;
  }
  // "*/status": that subresource of every resource.
  if (subresource !== '' && res.startsWith('*/') && res.slice(2) === subresource) return true;
  // "pods/*": kube's check compares only the resource part, so "pods" itself matches too.
  return res.endsWith('/*') && res.length === resource.length + 2 && res.startsWith(resource);
}

function matchesResource(rule: CompiledRule, info: AuditRequestInfo): boolean {
  if (!info.isResourceRequest) return false;
  if (rule.namespaces && !rule.namespaces.has(info.namespace)) return false;
  if (!rule.resources) return true;
  for (const gr of rule.resources) {
    if (gr.group !== info.apiGroup) continue;
    if (gr.resources.length === 0) return true;
    if (gr.names && !gr.names.has(info.name)) continue;
    for (const res of gr.resources) {
      if (resourceMatches(res, info.resource, info.subresource)) return true;
    }
  }
  return false;
}

function matchesGroups(groups: ReadonlySet<string>, user: UserInfo): boolean {
  const mine = user.groups;
  if (!mine) return false;
  for (const g of mine) if (groups.has(g)) return true;
  return false;
}

function ruleMatches(rule: CompiledRule, info: AuditRequestInfo, user: UserInfo | null): boolean {
  if (rule.users && (user === null || !rule.users.has(user.username))) return false;
  if (rule.groups && (user === null || !matchesGroups(rule.groups, user))) return false;
  if (rule.verbs && !rule.verbs.has(info.verb)) return false;
  if (rule.resourceRule) return matchesResource(rule, info);
  if (rule.nonResourceURLs) {
    if (info.isResourceRequest) return false;
    for (const spec of rule.nonResourceURLs) if (pathMatches(info.path, spec)) return true;
    return false;
  }
  return true;
}

export interface PolicyChecker {
  /** The first matching rule's decision; NONE_DECISION when no rule matches. */
  evaluate(info: AuditRequestInfo, user: UserInfo | null): RuleDecision;
}

export const NONE_DECISION: RuleDecision = { level: 'None', omitStages: new Set(), omitManagedFields: false };

export function compilePolicy(policy: AuditPolicy): PolicyChecker {
  const rules = policy.rules.map((r) => compileRule(r, policy));
  return {
    evaluate(info, user) {
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        if (ruleMatches(rule, info, user)) return rule.decision;
      }
      return NONE_DECISION;
    },
  };
}
