// CustomResourceDefinition objects: their strategy and validation.
export { customResourceDefinitionStrategy, CUSTOM_RESOURCE_CLEANUP_FINALIZER } from './strategy.js';
export { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './validation.js';
