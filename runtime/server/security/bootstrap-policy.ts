// The bootstrap RBAC policy, written through the registry stores at every start and reconciled
// the way kube's rbac/bootstrap-roles post-start hook does: missing objects are created,
// existing ones gain what they lack, objects annotated autoupdate=false are left alone.
import {
  aggregateAll,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  bootstrapRoleBindings,
  bootstrapRoles,
  reconcile,
  type ClusterRole,
  type RoleBinding,
} from '../../auth/index.js';
import { isStatusError } from '../../errors/index.js';
import { isStorageError } from '../../storage/index.js';
import type { RegistryObject, RegistryStore } from '../../registry/index.js';
import type { RbacStores } from './rbac-feed.js';

const ATTEMPTS = 5;

export async function reconcileBootstrapPolicy(stores: RbacStores): Promise<void> {
  // Aggregated roles are written with their rules already gathered, so the policy is usable
  // the moment the server is ready; the aggregation controller keeps them current afterwards.
  for (const role of aggregateAll(bootstrapClusterRoles())) await ensure(stores.clusterRoles, role as unknown as RegistryObject);
  for (const binding of bootstrapClusterRoleBindings()) await ensure(stores.clusterRoleBindings, binding as unknown as RegistryObject);
  for (const role of bootstrapRoles()) await ensure(stores.roles, role as unknown as RegistryObject);
  for (const binding of bootstrapRoleBindings()) await ensure(stores.roleBindings, binding as unknown as RegistryObject);
}

async function ensure(store: RegistryStore<RegistryObject>, wanted: RegistryObject): Promise<void> {
  const name = wanted.metadata?.name ?? '';
  const namespace = wanted.metadata?.namespace;
  const ctx = namespace ? { namespace } : {};
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = await getOrNull(store, name, ctx);
      const result =
        'roleRef' in wanted
          ? reconcile(existing as unknown as RoleBinding | null, wanted as unknown as RoleBinding)
          : reconcile(existing as unknown as ClusterRole | null, wanted as unknown as ClusterRole);
      const object = result.object as unknown as RegistryObject;
      switch (result.operation) {
        case 'create':
          await store.create(object, ctx);
          return;
        case 'update':
          await store.update(name, object, ctx);
          return;
        case 'recreate':
          await store.delete(name, ctx);
          await store.create(stripServerFields(object), ctx);
          return;
        default:
          return;
      }
    } catch (err) {
      const retry = isStatusError(err) && (err.reason === 'Conflict' || err.reason === 'AlreadyExists' || err.reason === 'NotFound');
      if (!retry || attempt >= ATTEMPTS) throw err;
    }
  }
}

async function getOrNull(store: RegistryStore<RegistryObject>, name: string, ctx: { namespace?: string }): Promise<RegistryObject | null> {
  try {
    return await store.get(name, ctx);
  } catch (err) {
    if ((err as { reason?: unknown }).reason === 'NotFound' || isStorageError(err, 'NotFound')) return null;
    throw err;
  }
}

function stripServerFields(obj: RegistryObject): RegistryObject {
  const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, managedFields: _mf, ...metadata } = obj.metadata ?? {};
  return { ...obj, metadata };
}
