// The REST handlers of one served version: the store's, with reads presented at the version
// asked for (the view sets apiVersion on what it encodes, but PATCH works on what get returns),
// and creates refused while the CRD terminates, as kube answers them.
import { statusErrors } from '../../errors/index.js';
import type { RegistryObject, RegistryStore } from '../../registry/index.js';
import { storeHandlers, type ApiObject, type ResourceHandlers } from '../../endpoints/resource-handlers.js';

export function versionHandlers(store: RegistryStore<ApiObject>, apiVersion: string, terminating: () => boolean): ResourceHandlers {
  const base = storeHandlers(store);
  const atVersion = (obj: RegistryObject): ApiObject => (obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion });
  const d = store.resource.descriptor;
  const status = base.subresources?.['status'];
  return {
    ...base,
    get: async (name, opts) => atVersion(await store.get(name, opts)),
    create: (obj, opts) => {
      if (terminating()) {
        throw statusErrors.failure(405, 'MethodNotAllowed', 'create not allowed while custom resource definition is terminating', {
          group: d.group,
          kind: d.plural,
        });
      }
      return store.create(obj, opts);
    },
    subresources: {
      ...base.subresources,
      ...(status ? { status: { ...status, get: async (name, opts) => atVersion(await store.get(name, opts)) } } : {}),
    },
  };
}
