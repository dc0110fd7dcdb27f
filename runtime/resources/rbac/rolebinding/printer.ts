// RoleBinding and ClusterRoleBinding columns.
import type { Printer } from '../../../table/index.js';
import { items, text } from '../../common/fields.js';

/** ROLE: `Kind/name` of the referenced role. */
export const roleRef: Printer = (binding) => `${text(binding, 'roleRef', 'kind')}/${text(binding, 'roleRef', 'name')}`;

function subjectsOfKind(kind: string, format: (subject: unknown) => string): Printer {
  return (binding) =>
    items(binding, 'subjects')
      .filter((subject) => text(subject, 'kind') === kind)
      .map(format)
      .join(', ');
}

/** USERS (wide): names of User subjects, `, `-separated. */
export const subjectsUsers = subjectsOfKind('User', (s) => text(s, 'name'));
/** GROUPS (wide): names of Group subjects. */
export const subjectsGroups = subjectsOfKind('Group', (s) => text(s, 'name'));
/** SERVICEACCOUNTS (wide): `namespace/name` of ServiceAccount subjects. */
export const subjectsServiceAccounts = subjectsOfKind('ServiceAccount', (s) => `${text(s, 'namespace')}/${text(s, 'name')}`);
