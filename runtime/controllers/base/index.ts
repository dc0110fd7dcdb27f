// What the built-in controllers share: a keyed work queue with backoff, and informers over
// every installed resource's store.
export { WorkQueue, type WorkQueueOptions, type ProcessResult, type ProcessKey } from './work-queue.js';
export { ResourceInformer, type InformerEventType, type InformerHandler, type InformerOptions } from './resource-informer.js';
export {
  InformerHub,
  type ControlledResource,
  type ResourceSource,
  type StoredResource,
  type HubHandler,
  type InformerHubOptions,
} from './informer-hub.js';
export { hasReason, retryOnConflict } from './errors.js';
