// Loads the bootstrap policy into an RbacStore with aggregated roles already filled in: what
// a fresh server holds once reconciliation and the aggregation controller have run. Used by
// tests, benchmarks and in-process servers without persisted RBAC objects.
import { aggregateClusterRole, rulesEqual, type ClusterRole, type RbacStore } from '../rbac/index.js';
import { bootstrapClusterRoleBindings, bootstrapRoleBindings, bootstrapRoles } from './bindings.js';
import { bootstrapClusterRoles } from './cluster-roles.js';

export function installBootstrapPolicy(store: RbacStore): void {
  const roles: ClusterRole[] = bootstrapClusterRoles();
  for (const role of aggregateAll(roles)) store.putClusterRole(role);
  for (const binding of bootstrapClusterRoleBindings()) store.putClusterRoleBinding(binding);
  for (const role of bootstrapRoles()) store.putRole(role);
  for (const binding of bootstrapRoleBindings()) store.putRoleBinding(binding);
}

/**
 * Aggregates until nothing changes: view feeds edit, which feeds admin, so one pass in
 * name order is not enough (the controller converges the same way, one event at a time).
 */
export function aggregateAll(roles: readonly ClusterRole[]): ClusterRole[] {
  let current = [...roles];
  for (let pass = 0; pass < current.length + 1; pass++) {
    let changed = false;
    current = current.map((role) => {
      const rules = aggregateClusterRole(role, current);
      if (rules === null) return role;
      const old = role.rules ?? [];
      if (rules.length === old.length && rules.every((r, i) => rulesEqual(r, old[i]!))) return role;
      changed = true;
      return { ...role, rules };
    });
    if (!changed) break;
  }
  return current;
}
