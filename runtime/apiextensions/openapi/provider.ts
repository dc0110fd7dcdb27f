// A provider of custom resource documents over a live list of CRDs (an informer's cache, a
// lister): fragments are rebuilt only for CRDs that changed, so asking on every request is cheap.
import type { CustomResourceDefinitionLike } from './crd.js';
import { customResourceOpenApi, type CustomResourceOpenApi } from './custom-resource-openapi.js';

export type CustomResourceOpenApiProvider = () => readonly CustomResourceOpenApi[];

type WithResourceVersion = CustomResourceDefinitionLike & { readonly metadata?: { readonly name?: string; readonly uid?: string; readonly resourceVersion?: string } };

export function customResourceOpenApiProvider(crds: () => Iterable<CustomResourceDefinitionLike>): CustomResourceOpenApiProvider {
  // Informer caches hand out the same object until it changes; a stored object's uid and
  // resourceVersion identify its content when a fresh copy is handed out instead.
  const byObject = new WeakMap<object, CustomResourceOpenApi>();
  let byVersion = new Map<string, CustomResourceOpenApi>();
  return () => {
    const next = new Map<string, CustomResourceOpenApi>();
    const out: CustomResourceOpenApi[] = [];
    for (const crd of crds()) {
      const meta = (crd as WithResourceVersion).metadata;
      const key = meta?.uid && meta.resourceVersion ? `${meta.uid}/${meta.resourceVersion}` : undefined;
      let built = byObject.get(crd) ?? (key ? byVersion.get(key) : undefined);
      if (!built) built = customResourceOpenApi(crd);
      byObject.set(crd, built);
      if (key) next.set(key, built);
      out.push(built);
    }
    byVersion = next;
    return out;
  };
}
