// Whether one set of rules grants everything another does (kube's escalation and reconcile
// arithmetic): the servant rules are broken into single-permission rules and each must be
// covered by some owner rule.
import type { PolicyRule } from './types.js';

const ALL = '*';

/** One rule per (group, resource, verb, name) or (url, verb). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        if (rule.resourceNames && rule.resourceNames.length > 0) {
          for (const name of rule.resourceNames) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        } else {
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return out;
}

export function ruleCovers(owner: PolicyRule, servant: PolicyRule): boolean {
  return (
    hasAll(owner.verbs, servant.verbs) &&
    hasAll(owner.apiGroups ?? [], servant.apiGroups ?? []) &&
    resourcesCover(owner.resources ?? [], servant.resources ?? []) &&
    urlsCover(owner.nonResourceURLs ?? [], servant.nonResourceURLs ?? []) &&
    namesCover(owner.resourceNames ?? [], servant.resourceNames ?? [])
  );
}

/** Whether `owner` covers all of `servant`, and the single-permission rules it misses. */
export function covers(owner: readonly PolicyRule[], servant: readonly PolicyRule[]): { covered: boolean; missing: PolicyRule[] } {
  const missing: PolicyRule[] = [];
  for (const rule of servant) {
    for (const piece of breakdownRule(rule)) {
      if (!owner.some((o) => ruleCovers(o, piece))) missing.push(piece);
    }
  }
  return { covered: missing.length === 0, missing };
}

function hasAll(owner: readonly string[], servant: readonly string[]): boolean {
  if (owner.includes(ALL)) return true;
  return servant.every((s) => owner.includes(s));
}

function resourcesCover(owner: readonly string[], servant: readonly string[]): boolean {
  if (owner.includes(ALL)) return true;
  return servant.every((s) => {
    if (owner.includes(s)) return true;
    const slash = s.indexOf('/');
    return slash >= 0 && owner.includes(`*/${s.slice(slash + 1)}`);
  });
}

function urlsCover(owner: readonly string[], servant: readonly string[]): boolean {
  return servant.every((s) =>
    owner.some((o) => o === ALL || o === s || (o.endsWith(ALL) && s.startsWith(o.slice(0, -1)))),
  );
}

// An owner rule without names covers every name; with names, only those.
function namesCover(owner: readonly string[], servant: readonly string[]): boolean {
  if (owner.length === 0) return true;
  if (servant.length === 0) return false;
  return servant.every((s) => owner.includes(s));
}

/**
 * Merges single-permission rules that differ only in verb (kube's CompactRules), keeping
 * first-seen order, so a message lists `Verbs:["get" "list"]` once per resource.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, { apiGroups: string[]; resources: string[]; verbs: string[] }>();
  for (const rule of rules) {
    const isSimple =
      rule.apiGroups?.length === 1 &&
      rule.resources?.length === 1 &&
      !rule.resourceNames?.length &&
      !rule.nonResourceURLs?.length;
    if (!isSimple) {
      out.push(rule);
      continue;
    }
    const key = `${rule.apiGroups![0]}\u0000${rule.resources![0]}`;
    const existing = simple.get(key);
    if (existing) {
      for (const v of rule.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else {
      const merged = { apiGroups: [...rule.apiGroups!], resources: [...rule.resources!], verbs: [...rule.verbs] };
      simple.set(key, merged);
      out.push(merged);
    }
  }
  return out;
}

/** kube's compact rule text: `{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  const field = (name: string, values: readonly string[] | undefined): void => {
    if (values && values.length > 0) parts.push(`${name}:[${values.map((v) => JSON.stringify(v)).join(' ')}]`);
  };
  field('APIGroups', rule.apiGroups);
  field('Resources', rule.resources);
  field('ResourceNames', rule.resourceNames);
  field('NonResourceURLs', rule.nonResourceURLs);
  field('Verbs', rule.verbs);
  return `{${parts.join(', ')}}`;
}
