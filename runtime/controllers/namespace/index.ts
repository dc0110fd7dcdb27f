// The namespace controller: empties a terminating namespace, then finalizes it.
export { NamespaceController, type NamespaceControllerOptions } from './controller.js';
export { nextConditions, type NamespaceCondition, type CleanupReport } from './conditions.js';
