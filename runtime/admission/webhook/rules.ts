// Does a webhook rule cover a request? kube's rule matcher: every listed dimension must match;
// "*" matches any value. A resource entry is "resource" or "resource/subresource", either side
// may be "*", and a bare entry ("pods", "*") never covers a subresource.
import type { RuleWithOperations } from '../../../generated/admissionregistration.k8s.io/v1/index.js';
import { isNamespaceResource, type AdmissionAttributes } from '../attributes.js';

type RuleAttributes = Pick<AdmissionAttributes, 'operation' | 'resource' | 'subresource' | 'namespace'>;

const listed = (values: readonly string[] | undefined, value: string): boolean =>
  values !== undefined && values.some((v) => v === '*' || v === value);

function scopeMatches(scope: RuleWithOperations['scope'], attrs: RuleAttributes): boolean {
  // A Namespace is cluster-scoped even though kube gives its request a namespace (its own name).
  const clusterScoped = isNamespaceResource(attrs) || !attrs.namespace;
  switch (scope) {
    case undefined:
    case '*':
      return true;
    case 'Cluster':
      return clusterScoped;
    case 'Namespaced':
      return !clusterScoped;
    default:
      return false;
  }
}

function resourceMatches(resources: readonly string[] | undefined, attrs: RuleAttributes): boolean {
  const subresource = attrs.subresource ?? '';
  for (const entry of resources ?? []) {
    const slash = entry.indexOf('/');
    const res = slash < 0 ? entry : entry.slice(0, slash);
    const sub = slash < 0 ? '' : entry.slice(slash + 1);
    if ((res === '*' || res === attrs.resource.resource) && (sub === '*' || sub === subresource)) return true;
  }
  return false;
}

export function ruleMatches(rule: RuleWithOperations, attrs: RuleAttributes): boolean {
  return (
    scopeMatches(rule.scope, attrs) &&
    listed(rule.operations, attrs.operation) &&
    listed(rule.apiGroups, attrs.resource.group) &&
    listed(rule.apiVersions, attrs.resource.version) &&
    resourceMatches(rule.resources, attrs)
  );
}

/** A webhook with no rules is called for nothing. */
export const anyRuleMatches = (rules: readonly RuleWithOperations[] | undefined, attrs: RuleAttributes): boolean =>
  (rules ?? []).some((rule) => ruleMatches(rule, attrs));

/**
 * Webhooks are never called for the objects that configure admission itself: a broken webhook
 * could otherwise make itself impossible to remove.
 */
const EXEMPT = new Set([
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'mutatingadmissionpolicies',
  'mutatingadmissionpolicybindings',
]);

export const isExemptFromWebhooks = (attrs: Pick<AdmissionAttributes, 'resource'>): boolean =>
  attrs.resource.group === 'admissionregistration.k8s.io' && EXEMPT.has(attrs.resource.resource);
