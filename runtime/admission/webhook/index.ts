// Admission webhooks: configurations from a source, matched against a request, called over HTTPS.
export { StaticWebhookSource, StoreWebhookSource, type WebhookSource, type WebhookConfigurations, type StoreWebhookSourceOptions } from './source.js';
export { hookCache, DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, type Hook, type CompiledHooks } from './hooks.js';
export { ruleMatches, anyRuleMatches, isExemptFromWebhooks } from './rules.js';
export { compileSelector, objectSelectorMatches, namespaceSelectorMatches, type NamespaceLabelsLookup, type Labels } from './selectors.js';
export { MAX_RESPONSE_BYTES, type ServiceResolver, type ServiceTarget, type ServiceAddress } from './client.js';
export { runMutatingWebhooks, runValidatingWebhooks, Reinvocation, type WebhookSink } from './dispatch.js';
export type { CallDeps } from './call.js';
export { endpointsServiceResolver, type EndpointsResolverOptions, type ObjectLookup } from './service-resolver.js';
