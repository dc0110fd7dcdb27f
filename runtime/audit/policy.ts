// audit.k8s.io/v1 Policy: its shape, parsing and kube's validation. Unknown fields are ignored,
// as kube's lenient decoder does; a wrong type or an invalid value names the field.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { isDNS1123Subdomain } from '../registry/index.js';
import { AUDIT_LEVELS, AUDIT_STAGES, type AuditLevel, type AuditStage } from './types.js';

export interface AuditGroupResources {
  /** "" is the core group. */
  group: string;
  // "pods", "pods/log", "*", "*/status", "pods/*"; empty matches every resource of the group.
  resources?: string[];
  resourceNames?: string[];
}

export interface AuditPolicyRule {
  level: AuditLevel;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  resources?: AuditGroupResources[];
  /** "" matches cluster-scoped requests and lists across namespaces. */
  namespaces?: string[];
  /** A trailing "*" is a prefix match; "*" alone matches every path. */
  nonResourceURLs?: string[];
  omitStages?: AuditStage[];
  /** Overrides the policy's omitManagedFields when set. */
  omitManagedFields?: boolean;
}

export interface AuditPolicy {
  apiVersion: 'audit.k8s.io/v1';
  kind: 'Policy';
  rules: AuditPolicyRule[];
  /** Stages no rule writes; merged with each rule's own. */
  omitStages?: AuditStage[];
  omitManagedFields?: boolean;
}

const API_VERSION = 'audit.k8s.io/v1';

class PolicyDecodeError extends Error {}

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Go's %q-like rendering of a value in a field error.
function quote(v: Json): string {
  return JSON.stringify(v) ?? String(v);
}

function stringList(v: Json, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
    throw new PolicyDecodeError(`${field}: must be a list of strings`);
  }
  return v as string[];
}

function boolField(v: Json, field: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new PolicyDecodeError(`${field}: must be a boolean`);
  return v;
}

function stringField(v: Json, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new PolicyDecodeError(`${field}: must be a string`);
  return v;
}

function decodeGroupResources(v: Json, field: string): AuditGroupResources {
  if (!isObject(v)) throw new PolicyDecodeError(`${field}: must be an object`);
  const out: AuditGroupResources = { group: stringField(v.group, `${field}.group`) ?? '' };
  const resources = stringList(v.resources, `${field}.resources`);
  if (resources) out.resources = resources;
  const names = stringList(v.resourceNames, `${field}.resourceNames`);
  if (names) out.resourceNames = names;
  return out;
}

function decodeRule(v: Json, field: string): AuditPolicyRule {
  if (!isObject(v)) throw new PolicyDecodeError(`${field}: must be an object`);
  // The level is checked by validation (so that "" and an unknown level read like kube's).
  const rule = { level: (stringField(v.level, `${field}.level`) ?? '') as AuditLevel } as AuditPolicyRule;
  for (const key of ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs'] as const) {
    const list = stringList(v[key], `${field}.${key}`);
    if (list) rule[key] = list;
  }
  if (v.resources !== undefined && v.resources !== null) {
    if (!Array.isArray(v.resources)) throw new PolicyDecodeError(`${field}.resources: must be a list`);
    rule.resources = v.resources.map((gr, i) => decodeGroupResources(gr, `${field}.resources[${i}]`));
  }
  const stages = stringList(v.omitStages, `${field}.omitStages`);
  if (stages) rule.omitStages = stages as AuditStage[];
  const omf = boolField(v.omitManagedFields, `${field}.omitManagedFields`);
  if (omf !== undefined) rule.omitManagedFields = omf;
  return rule;
}

function decodePolicy(doc: Json): AuditPolicy {
  if (!isObject(doc)) throw new PolicyDecodeError('the policy must be an object');
  const apiVersion = doc.apiVersion;
  const kind = doc.kind;
  if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
    throw new PolicyDecodeError(`apiVersion and kind must be set (apiVersion: ${API_VERSION}, kind: Policy)`);
  }
  // kube has read only v1 since 1.24 (v1alpha1 and v1beta1 were removed).
  if (apiVersion !== API_VERSION || kind !== 'Policy') {
    throw new PolicyDecodeError(`no kind ${quote(kind)} is registered for version ${quote(apiVersion)}`);
  }
  const policy: AuditPolicy = { apiVersion: API_VERSION, kind: 'Policy', rules: [] };
  if (doc.rules !== undefined && doc.rules !== null) {
    if (!Array.isArray(doc.rules)) throw new PolicyDecodeError('rules: must be a list');
    policy.rules = doc.rules.map((r, i) => decodeRule(r, `rules[${i}]`));
  }
  const stages = stringList(doc.omitStages, 'omitStages');
  if (stages) policy.omitStages = stages as AuditStage[];
  const omf = boolField(doc.omitManagedFields, 'omitManagedFields');
  if (omf !== undefined) policy.omitManagedFields = omf;
  return policy;
}

function validateOmitStages(stages: readonly string[] | undefined, field: string, errs: string[]): void {
  stages?.forEach((stage, i) => {
    if (!(AUDIT_STAGES as readonly string[]).includes(stage)) {
      errs.push(`${field}[${i}]: Invalid value: ${quote(stage)}: allowed stages are ${AUDIT_STAGES.join(',')}`);
    }
  });
}

/** kube's field errors for a decoded policy, in its order. */
export function validateAuditPolicy(policy: AuditPolicy): string[] {
  const errs: string[] = [];
  policy.rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    if ((rule.level as string) === '') errs.push(`${at}.level: Required value`);
    else if (!AUDIT_LEVELS.includes(rule.level)) {
      errs.push(`${at}.level: Unsupported value: ${quote(rule.level)}: supported values: ${AUDIT_LEVELS.map(quote).join(', ')}`);
    }
    rule.nonResourceURLs?.forEach((url, j) => {
      if (url === '*') return;
      if (!url.startsWith('/')) errs.push(`${at}.nonResourceURLs[${j}]: Invalid value: ${quote(url)}: non-resource URL rules must begin with a '/' character`);
      if (url !== '' && url.slice(0, -1).includes('*')) {
        errs.push(`${at}.nonResourceURLs[${j}]: Invalid value: ${quote(url)}: non-resource URL wildcards '*' must be the final character of the rule`);
      }
    });
    rule.resources?.forEach((gr, j) => {
      if (gr.group !== '') {
        const msgs = isDNS1123Subdomain(gr.group);
        if (msgs.length > 0) errs.push(`${at}.resources[${j}].group: Invalid value: ${quote(gr.group)}: ${msgs.join(',')}`);
      }
      if ((gr.resourceNames?.length ?? 0) > 0 && (gr.resources?.length ?? 0) === 0) {
        errs.push(`${at}.resources[${j}].resourceNames: Invalid value: ${quote(gr.resourceNames)}: using resourceNames requires at least one resource`);
      }
    });
    validateOmitStages(rule.omitStages, `${at}.omitStages`, errs);
    if ((rule.nonResourceURLs?.length ?? 0) > 0 && ((rule.resources?.length ?? 0) > 0 || (rule.namespaces?.length ?? 0) > 0)) {
      errs.push(`${at}.nonResourceURLs: Invalid value: ${quote(rule.nonResourceURLs)}: rules cannot apply to both regular resources and non-resource URLs`);
    }
  });
  validateOmitStages(policy.omitStages, 'omitStages', errs);
  return errs;
}

/**
 * Parses an audit.k8s.io/v1 Policy (YAML or JSON). Throws an Error whose message names the
 * file (`source`) and the bad field.
 */
export function parseAuditPolicy(text: string, source: string): AuditPolicy {
  const where = `: from file ${source}`;
  let policy: AuditPolicy;
  try {
    policy = decodePolicy(parseYaml(text) as Json);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`failed decoding: ${message}${where}`);
  }
  const errs = validateAuditPolicy(policy);
  if (errs.length === 1) throw new Error(`${errs[0]}${where}`);
  if (errs.length > 1) throw new Error(`[${errs.join(', ')}]${where}`);
  if (policy.rules.length === 0) throw new Error(`loaded illegal policy with 0 rules${where}`);
  return policy;
}

export async function loadAuditPolicy(path: string): Promise<AuditPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`failed to read file path ${quote(path)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseAuditPolicy(text, path);
}
