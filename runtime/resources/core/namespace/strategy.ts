// Namespaces: new ones are Active with the "kubernetes" finalizer (the namespace controller
// removes it once the namespace is empty), and spec.finalizers changes only through /finalize.
import type { ResourceStrategy, RegistryObject } from '../../../registry/index.js';

export const NAMESPACE_FINALIZER = 'kubernetes';

interface NamespaceLike extends RegistryObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}

export function namespaceStrategy<T extends RegistryObject>(base: ResourceStrategy<T>): ResourceStrategy<T> {
  return {
    ...base,
    prepareForCreate(obj) {
      base.prepareForCreate(obj);
      const ns = obj as NamespaceLike;
      const finalizers = ns.spec?.finalizers ?? [];
      ns.spec = { ...(ns.spec ?? {}), finalizers: finalizers.includes(NAMESPACE_FINALIZER) ? finalizers : [...finalizers, NAMESPACE_FINALIZER] };
      ns.status = { phase: 'Active' };
    },
    prepareForUpdate(obj, old) {
      base.prepareForUpdate(obj, old);
      const ns = obj as NamespaceLike;
      const previous = old as NamespaceLike;
      ns.spec = { ...(ns.spec ?? {}), ...(previous.spec?.finalizers ? { finalizers: [...previous.spec.finalizers] } : {}) };
      if (!previous.spec?.finalizers) delete ns.spec.finalizers;
    },
  };
}
