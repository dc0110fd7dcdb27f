export { prepareSecurity, clientCaBundle, BOOTSTRAP_ROLES_CHECK, type Security, type SecurityConfig } from './setup.js';
export { reconcileBootstrapPolicy } from './bootstrap-policy.js';
export { feedRbacStore, type RbacFeed, type RbacStores } from './rbac-feed.js';
