// Keeps the authorizer's RbacStore equal to the stored RBAC objects: one in-process informer
// per RBAC resource over its registry store (served from the watch cache), applied as events.
import { ResourceInformer, type InformerEventType } from '../../controllers/base/index.js';
import type { ClusterRole, RbacStore, Role, RoleBinding } from '../../auth/index.js';
import type { RegistryObject, RegistryStore } from '../../registry/index.js';

export interface RbacStores {
  readonly roles: RegistryStore<RegistryObject>;
  readonly roleBindings: RegistryStore<RegistryObject>;
  readonly clusterRoles: RegistryStore<RegistryObject>;
  readonly clusterRoleBindings: RegistryStore<RegistryObject>;
}

export interface RbacFeed {
  /** Resolves once every RBAC object stored at start has reached the RbacStore. */
  synced(): Promise<void>;
  stop(): Promise<void>;
}

type Apply = (type: InformerEventType, obj: RegistryObject) => void;

export function feedRbacStore(stores: RbacStores, rbac: RbacStore, onError: (err: unknown) => void): RbacFeed {
  const ns = (o: RegistryObject) => o.metadata?.namespace ?? '';
  const name = (o: RegistryObject) => o.metadata?.name ?? '';
  const appliers: Array<[RegistryStore<RegistryObject>, Apply]> = [
    [stores.roles, (t, o) => (t === 'DELETED' ? rbac.removeRole(ns(o), name(o)) : rbac.putRole(o as unknown as Role))],
    [stores.roleBindings, (t, o) => (t === 'DELETED' ? rbac.removeRoleBinding(ns(o), name(o)) : rbac.putRoleBinding(o as unknown as RoleBinding))],
    [stores.clusterRoles, (t, o) => (t === 'DELETED' ? rbac.removeClusterRole(name(o)) : rbac.putClusterRole(o as unknown as ClusterRole))],
    [
      stores.clusterRoleBindings,
      (t, o) => (t === 'DELETED' ? rbac.removeClusterRoleBinding(name(o)) : rbac.putClusterRoleBinding(o as unknown as RoleBinding)),
    ],
  ];
  const informers = appliers.map(
    ([store, apply]) =>
      new ResourceInformer({
        store,
        onError,
        onEvent: (type, obj) => {
          try {
            apply(type, obj);
          } catch (err) {
            onError(err);
          }
        },
      }),
  );
  return {
    synced: async () => {
      await Promise.all(informers.map((i) => i.synced()));
    },
    stop: async () => {
      await Promise.all(informers.map((i) => i.stop()));
    },
  };
}
