// ValidatingAdmissionPolicy and MutatingAdmissionPolicy columns.
import type { Printer } from '../../../table/index.js';
import { at, record, text } from '../../common/fields.js';

/** PARAMKIND: `apiVersion/kind` of spec.paramKind, or `<unset>`. */
export const paramKind: Printer = (policy) => {
  const kind = at(policy, 'spec', 'paramKind');
  if (record(kind) === undefined) return '<unset>';
  return `${text(kind, 'apiVersion')}/${text(kind, 'kind')}`;
};
