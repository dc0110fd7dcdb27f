// An in-memory RbacSource that indexes bindings by subject, so authorizing a request looks at
// the few bindings naming that user and its groups instead of every binding in the cluster.
// The lead feeds it from the RBAC watch caches (put on ADDED/MODIFIED, remove on DELETED).
import type { UserInfo } from '../../registry/index.js';
import { subjectKey, userKeys } from './subjects.js';
import type { ClusterRole, ClusterRoleBinding, RbacSource, Role, RoleBinding } from './types.js';

class BindingIndex<B extends RoleBinding> {
  private readonly byName = new Map<string, B>();
  private readonly bySubject = new Map<string, Set<string>>();

  constructor(private readonly namespace: string) {}

  get size(): number {
    return this.byName.size;
  }

  put(name: string, binding: B): void {
    this.remove(name);
    this.byName.set(name, binding);
    for (const subject of binding.subjects ?? []) {
      const key = subjectKey(subject, this.namespace);
      if (key === null) continue;
      let names = this.bySubject.get(key);
      if (!names) this.bySubject.set(key, (names = new Set()));
      names.add(name);
    }
  }

  remove(name: string): void {
    const old = this.byName.get(name);
    if (!old) return;
    this.byName.delete(name);
    for (const subject of old.subjects ?? []) {
      const key = subjectKey(subject, this.namespace);
      if (key === null) continue;
      const names = this.bySubject.get(key);
      names?.delete(name);
      if (names && names.size === 0) this.bySubject.delete(key);
    }
  }

  all(): Iterable<B> {
    return this.byName.values();
  }

  for(user: UserInfo): B[] {
    const out: B[] = [];
    let seen: Set<string> | undefined;
    for (const key of userKeys(user)) {
      const names = this.bySubject.get(key);
      if (!names) continue;
      for (const name of names) {
        // A binding naming both the user and one of its groups is returned once.
        if (out.length > 0) {
          seen ??= new Set(out.map((b) => b.metadata?.name ?? ''));
          if (seen.has(name)) continue;
          seen.add(name);
        }
        out.push(this.byName.get(name)!);
      }
    }
    return out;
  }
}

export class RbacStore implements RbacSource {
  private readonly roles = new Map<string, Map<string, Role>>();
  private readonly clusterRoles = new Map<string, ClusterRole>();
  private readonly roleBindings = new Map<string, BindingIndex<RoleBinding>>();
  private readonly clusterRoleBindings = new BindingIndex<ClusterRoleBinding>('');

  putRole(role: Role): void {
    const { namespace, name } = identity(role);
    let byName = this.roles.get(namespace);
    if (!byName) this.roles.set(namespace, (byName = new Map()));
    byName.set(name, role);
  }

  removeRole(namespace: string, name: string): void {
    const byName = this.roles.get(namespace);
    byName?.delete(name);
    if (byName && byName.size === 0) this.roles.delete(namespace);
  }

  putClusterRole(role: ClusterRole): void {
    this.clusterRoles.set(identity(role).name, role);
  }

  removeClusterRole(name: string): void {
    this.clusterRoles.delete(name);
  }

  putRoleBinding(binding: RoleBinding): void {
    const { namespace, name } = identity(binding);
    let index = this.roleBindings.get(namespace);
    if (!index) this.roleBindings.set(namespace, (index = new BindingIndex(namespace)));
    index.put(name, binding);
  }

  removeRoleBinding(namespace: string, name: string): void {
    const index = this.roleBindings.get(namespace);
    index?.remove(name);
    if (index && index.size === 0) this.roleBindings.delete(namespace);
  }

  putClusterRoleBinding(binding: ClusterRoleBinding): void {
    this.clusterRoleBindings.put(identity(binding).name, binding);
  }

  removeClusterRoleBinding(name: string): void {
    this.clusterRoleBindings.remove(name);
  }

  getRole(namespace: string, name: string): Role | undefined {
    return this.roles.get(namespace)?.get(name);
  }

  getClusterRole(name: string): ClusterRole | undefined {
    return this.clusterRoles.get(name);
  }

  listClusterRoles(): Iterable<ClusterRole> {
    return this.clusterRoles.values();
  }

  listRoleBindings(namespace: string): Iterable<RoleBinding> {
    return this.roleBindings.get(namespace)?.all() ?? [];
  }

  listClusterRoleBindings(): Iterable<ClusterRoleBinding> {
    return this.clusterRoleBindings.all();
  }

  roleBindingsFor(namespace: string, user: UserInfo): Iterable<RoleBinding> {
    return this.roleBindings.get(namespace)?.for(user) ?? [];
  }

  clusterRoleBindingsFor(user: UserInfo): Iterable<ClusterRoleBinding> {
    return this.clusterRoleBindings.for(user);
  }
}

function identity(obj: { readonly metadata?: { readonly name?: string; readonly namespace?: string } }): {
  namespace: string;
  name: string;
} {
  return { namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '' };
}
