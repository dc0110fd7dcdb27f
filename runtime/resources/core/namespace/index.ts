// Namespace behaviour the schema cannot say: finalization, Terminating, immortal namespaces.
export { NAMESPACE_FINALIZER, IMMORTAL_NAMESPACES, namespaceStrategy, namespaceFinalizeStrategy } from './strategy.js';
export { namespaceHandlers } from './handlers.js';
