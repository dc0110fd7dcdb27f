export { bootstrapClusterRoles, AGGREGATE_TO_ADMIN, AGGREGATE_TO_EDIT, AGGREGATE_TO_VIEW } from './cluster-roles.js';
export { bootstrapClusterRoleBindings, bootstrapRoles, bootstrapRoleBindings } from './bindings.js';
export {
  AUTOUPDATE_ANNOTATION,
  BOOTSTRAPPING_LABEL,
  BOOTSTRAPPING_VALUE,
  type BootstrapMeta,
} from './metadata.js';
export type {
  BootstrapClusterRole,
  BootstrapRole,
  BootstrapClusterRoleBinding,
  BootstrapRoleBinding,
  MutableRule,
} from './objects.js';
export {
  reconcile,
  reconcileRole,
  reconcileBinding,
  isProtected,
  type ReconcileOperation,
  type RoleReconcileResult,
  type BindingReconcileResult,
} from './reconcile.js';
export { installBootstrapPolicy, aggregateAll } from './install.js';
