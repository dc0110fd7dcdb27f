// Whether a binding's subject names a user, by kube's rules: a ServiceAccount subject without a
// namespace takes its binding's namespace, and names the user system:serviceaccount:<ns>:<name>.
import type { UserInfo } from '../../registry/index.js';
import type { Subject } from './types.js';

export const SERVICE_ACCOUNT_USER_PREFIX = 'system:serviceaccount:';

export function subjectAppliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return (user.groups ?? []).includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      if (!namespace) return false;
      return user.username === serviceAccountUsername(namespace, subject.name);
    }
    default:
      return false;
  }
}

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:${name}`;
}

/** Namespace and name of a service account user name, or null when it is not one. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | null {
  if (!username.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return null;
  const parts = username.slice(SERVICE_ACCOUNT_USER_PREFIX.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  return { namespace: parts[0], name: parts[1] };
}

/**
 * The index keys a subject is filed under, and the keys a user looks up: a service account is
 * filed under its user name so one lookup serves both kinds.
 */
export function subjectKey(subject: Subject, bindingNamespace: string): string | null {
  switch (subject.kind) {
    case 'User':
      return `u:${subject.name}`;
    case 'Group':
      return `g:${subject.name}`;
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace ? `u:${serviceAccountUsername(namespace, subject.name)}` : null;
    }
    default:
      return null;
  }
}

export function userKeys(user: UserInfo): string[] {
  const keys = [`u:${user.username}`];
  for (const g of user.groups ?? []) keys.push(`g:${g}`);
  return keys;
}

/** kube's description of a subject inside an RBAC reason: `ServiceAccount "name/ns"`, `User "bob"`. */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `${subject.kind} ${JSON.stringify(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  }
  return `${subject.kind} ${JSON.stringify(subject.name)}`;
}
