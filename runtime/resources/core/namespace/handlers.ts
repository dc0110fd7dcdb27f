// The REST handlers of namespaces: the generic store's, plus PUT .../finalize.
import { storeHandlers, type ApiObject, type ResourceHandlers } from '../../../endpoints/resource-handlers.js';
import type { RegistryStore } from '../../../registry/index.js';
import { namespaceFinalizeStrategy } from './strategy.js';

export function namespaceHandlers(store: RegistryStore<ApiObject>): ResourceHandlers {
  const base = storeHandlers(store);
  const finalize = namespaceFinalizeStrategy<ApiObject>();
  return {
    ...base,
    subresources: {
      ...(base.subresources ?? {}),
      finalize: { update: (name, obj, opts) => store.updateWithStrategy(name, obj, finalize, opts, 'finalize') },
    },
  };
}
