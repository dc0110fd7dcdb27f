// Admission: the chain every write passes through between decoding and storage. In-process
// plugins (built-in, or registered by an embedding program) and admission webhooks share it.
export {
  operationOptions,
  groupResourceOf,
  isNamespaceResource,
  type AdmissionAttributes,
  type AdmissionOperation,
  type GroupVersionKind,
  type GroupVersionResource,
  type OperationOptions,
  type OptionsKind,
} from './attributes.js';
export type { AdmissionContext, MutatingHook, ValidatingHook, MutatingPlugin, ValidatingPlugin, Unregister } from './plugin.js';
export { forbidden, webhookDenied, dryRunUnsupported, WebhookCallError, isWebhookCallError, type WebhookStatus } from './errors.js';
export { createAdmission, type Admission, type AdmissionOptions, type AdmitResult, type ValidateResult } from './chain.js';
export {
  StaticWebhookSource,
  StoreWebhookSource,
  ruleMatches,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  type WebhookSource,
  type WebhookConfigurations,
  type StoreWebhookSourceOptions,
  type NamespaceLabelsLookup,
  type Labels,
  type ServiceResolver,
  type ServiceTarget,
  type ServiceAddress,
  endpointsServiceResolver,
  type EndpointsResolverOptions,
  type ObjectLookup,
} from './webhook/index.js';
