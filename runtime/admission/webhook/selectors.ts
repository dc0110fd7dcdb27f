// namespaceSelector and objectSelector. metav1.LabelSelector (matchLabels + matchExpressions)
// becomes the selection module's selector; an empty or absent selector selects everything.
import type { LabelSelector as MetaLabelSelector } from '../../../generated/meta/v1/types.js';
import { StatusError, statusErrors } from '../../errors/index.js';
import type { RegistryObject } from '../../registry/index.js';
import { labelSelectorOf, type LabelRequirement, type LabelSelector } from '../../selection/index.js';
import { isNamespaceResource, type AdmissionAttributes } from '../attributes.js';

export type Labels = { readonly [key: string]: string };

/** The labels of a namespace, or null when there is no such namespace. */
export type NamespaceLabelsLookup = (namespace: string) => Promise<Labels | null> | Labels | null;

const OPERATORS: Readonly<Record<string, LabelRequirement['operator']>> = {
  In: 'In',
  NotIn: 'NotIn',
  Exists: 'Exists',
  DoesNotExist: 'DoesNotExist',
};

/** null for a selector that selects everything; throws on an operator kube would refuse. */
export function compileSelector(selector: MetaLabelSelector | undefined): LabelSelector | null {
  if (selector === undefined || selector === null) return null;
  const requirements: LabelRequirement[] = [];
  for (const key of Object.keys(selector.matchLabels ?? {}).sort()) {
    requirements.push({ key, operator: 'Equals', values: [selector.matchLabels![key]!] });
  }
  for (const expr of selector.matchExpressions ?? []) {
    const operator = OPERATORS[expr.operator];
    if (operator === undefined) throw new Error(`"${expr.operator}" is not a valid label selector operator`);
    requirements.push({ key: expr.key, operator, values: [...(expr.values ?? [])] });
  }
  return requirements.length === 0 ? null : labelSelectorOf(requirements);
}

const labelsOf = (obj: RegistryObject | null | undefined): Labels | undefined => obj?.metadata?.labels;

/** Either the new or the old object's labels match (a DELETE has only the old one). */
export function objectSelectorMatches(selector: LabelSelector | null, attrs: AdmissionAttributes): boolean {
  if (selector === null) return true;
  const matches = (obj: RegistryObject | null | undefined) => obj != null && selector.matches(labelsOf(obj) ?? {});
  return matches(attrs.object) || matches(attrs.oldObject);
}

/**
 * Requests for cluster-scoped objects always pass. A Namespace being created or updated is
 * judged by its own new labels; other requests by the labels of their namespace as stored,
 * and a namespace that does not exist answers 404 as kube does.
 */
export async function namespaceSelectorMatches(
  selector: LabelSelector | null,
  attrs: AdmissionAttributes,
  lookup: NamespaceLabelsLookup | undefined,
): Promise<boolean> {
  const isNamespace = isNamespaceResource(attrs);
  const namespace = attrs.namespace || (isNamespace ? (attrs.name ?? '') : '');
  if (!namespace && !isNamespace) return true;
  if (selector === null) return true;
  if (isNamespace && !attrs.subresource && (attrs.operation === 'CREATE' || attrs.operation === 'UPDATE')) {
    return selector.matches(labelsOf(attrs.object) ?? {});
  }
  if (lookup === undefined) {
    throw statusErrors.internalError('namespaceSelector needs namespace labels, and no lookup was configured');
  }
  let labels: Labels | null;
  try {
    labels = await lookup(namespace);
  } catch (err) {
    throw err instanceof StatusError ? err : statusErrors.internalError(err);
  }
  if (labels === null) throw statusErrors.notFound({ group: '', resource: 'namespaces' }, namespace);
  return selector.matches(labels);
}
