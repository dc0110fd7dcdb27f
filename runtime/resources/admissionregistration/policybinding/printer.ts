// ValidatingAdmissionPolicyBinding and MutatingAdmissionPolicyBinding columns.
import type { Printer } from '../../../table/index.js';
import { at, items, record, text, type Fields } from '../../common/fields.js';

/**
 * PARAMREF: `namespace/name`, `*\/name` when no namespace is given (the param may be
 * cluster-scoped or in the request's namespace), the selector, or `<unset>`.
 */
export const paramRef: Printer = (binding) => {
  const ref = record(at(binding, 'spec', 'paramRef'));
  if (ref === undefined) return '<unset>';
  const name = text(ref, 'name');
  if (name !== '') {
    const namespace = text(ref, 'namespace');
    return namespace === '' ? `*/${name}` : `${namespace}/${name}`;
  }
  const selector = record(ref['selector']);
  return selector === undefined ? '<unset>' : labelSelectorText(selector);
};

/**
 * kube prints the selector with its Go type's generated String(), so that exact text is
 * what clients see: `&LabelSelector{MatchLabels:map[string]string{k: v,},MatchExpressions:[]LabelSelectorRequirement{…},}`.
 */
function labelSelectorText(selector: Fields): string {
  const labels = record(selector['matchLabels']) ?? {};
  const labelText = Object.keys(labels)
    .sort()
    .map((k) => `${k}: ${text(labels, k)},`)
    .join('');
  const expressions = items(selector, 'matchExpressions')
    .map((e) => {
      const values = items(e, 'values').filter((v): v is string => typeof v === 'string');
      return `LabelSelectorRequirement{Key:${text(e, 'key')},Operator:${text(e, 'operator')},Values:[${values.join(' ')}],},`;
    })
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labelText}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}
