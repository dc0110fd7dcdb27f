// Namespaces: new ones are Active with the "kubernetes" finalizer (the namespace controller
// removes it once the namespace is empty), and spec.finalizers changes only through /finalize.
// DELETE keeps a namespace while spec.finalizers holds anything: it turns Terminating, and the
// finalize update that empties the last finalizer deletes it.
import {
  cloneObject,
  defineStatusStrategy,
  metaOf,
  validateFinalizers,
  type DeletionStrategy,
  type RegistryObject,
  type ResourceStrategy,
  type SubresourceStrategy,
} from '../../../registry/index.js';

export const NAMESPACE_FINALIZER = 'kubernetes';

/** kube's NamespaceLifecycle keeps these forever (kube-node-lease is not among them). */
export const IMMORTAL_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public'];

interface NamespaceLike extends RegistryObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}

const specFinalizers = (obj: RegistryObject): readonly string[] => (obj as NamespaceLike).spec?.finalizers ?? [];

const namespaceDeletion: DeletionStrategy<RegistryObject> = {
  pendingFinalizers: specFinalizers,
  prepareForDeletion(obj) {
    const ns = obj as NamespaceLike;
    ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
    // kube's namespace DELETE sets only the timestamp: a namespace shows no grace period.
    delete metaOf(obj).deletionGracePeriodSeconds;
  },
  conflictWhilePending: () =>
    'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
};

export function namespaceStrategy<T extends RegistryObject>(base: ResourceStrategy<T>): ResourceStrategy<T> {
  return {
    ...base,
    deletion: namespaceDeletion as DeletionStrategy<T>,
    forbidDelete: (obj) => (IMMORTAL_NAMESPACES.includes(obj.metadata?.name ?? '') ? 'this namespace may not be deleted' : null),
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

/** PUT .../finalize: only spec.finalizers comes from the body; the rest is the stored namespace. */
export function namespaceFinalizeStrategy<T extends RegistryObject>(): SubresourceStrategy<T> {
  return defineStatusStrategy<T>({
    prepareForUpdate(obj, old) {
      const target = obj as Record<string, unknown>;
      const finalizers = specFinalizers(obj);
      for (const key of Object.keys(target)) delete target[key];
      Object.assign(target, cloneObject(old));
      const ns = obj as NamespaceLike;
      ns.spec = { ...(ns.spec ?? {}), finalizers: [...finalizers] };
    },
    validateUpdate: (obj) => validateFinalizers(specFinalizers(obj), 'spec.finalizers'),
  });
}
