// CustomResourceDefinitions: names defaulted as kube does, status.storedVersions kept (the
// storage version is added on create and on every update), kube's validation, and deletion
// held by the cleanup finalizer: the first DELETE adds it and marks the CRD Terminating; the
// CRD controller deletes the custom resources and removes it.
import { fieldErrors } from '../../../api/index.js';
import { metaOf, type DeletionStrategy, type RegistryObject, type ResourceStrategy } from '../../../registry/index.js';
import type { CustomResourceDefinition } from '../../../../generated/apiextensions.k8s.io/v1/types.js';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './validation.js';

export const CUSTOM_RESOURCE_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

const asCrd = (obj: RegistryObject): CustomResourceDefinition => obj as unknown as CustomResourceDefinition;

function defaultNames(crd: CustomResourceDefinition): void {
  const names = crd.spec?.names;
  if (!names) return;
  if (!names.singular && names.kind) names.singular = names.kind.toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
}

function addStorageVersion(crd: CustomResourceDefinition): void {
  const storage = (crd.spec?.versions ?? []).find((v) => v.storage)?.name;
  if (storage === undefined) return;
  const status = (crd.status ??= { acceptedNames: { plural: '', kind: '' } });
  const stored = (status.storedVersions ??= []);
  if (!stored.includes(storage)) stored.push(storage);
}

const isEstablished = (crd: CustomResourceDefinition) => (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');

const crdDeletion: DeletionStrategy<RegistryObject> = {
  // Before the first DELETE the finalizer is still to be added: that keeps the CRD, as kube's
  // CRD storage does by adding it on delete rather than on create.
  pendingFinalizers: (obj) =>
    obj.metadata?.deletionTimestamp === undefined && !(obj.metadata?.finalizers ?? []).includes(CUSTOM_RESOURCE_CLEANUP_FINALIZER)
      ? [CUSTOM_RESOURCE_CLEANUP_FINALIZER]
      : [],
  prepareForDeletion(obj) {
    const meta = metaOf(obj);
    if (!(meta.finalizers ?? []).includes(CUSTOM_RESOURCE_CLEANUP_FINALIZER)) meta.finalizers = [...(meta.finalizers ?? []), CUSTOM_RESOURCE_CLEANUP_FINALIZER];
    // kube's CRD DELETE sets only the timestamp.
    delete meta.deletionGracePeriodSeconds;
    const crd = asCrd(obj);
    const status = (crd.status ??= { acceptedNames: { plural: '', kind: '' } });
    const conditions = (status.conditions ??= []);
    const cond = {
      type: 'Terminating',
      status: 'True',
      lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      reason: 'InstanceDeletionPending',
      message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
    };
    const i = conditions.findIndex((c) => c.type === 'Terminating');
    if (i < 0) conditions.push(cond);
  },
  conflictWhilePending: () => null,
};

export function customResourceDefinitionStrategy<T extends RegistryObject>(base: ResourceStrategy<T>): ResourceStrategy<T> {
  const baseStatus = base.status;
  return {
    ...base,
    deletion: crdDeletion as DeletionStrategy<T>,
    prepareForCreate(obj) {
      base.prepareForCreate(obj);
      const crd = asCrd(obj);
      defaultNames(crd);
      crd.status = { acceptedNames: { plural: '', kind: '' } };
      addStorageVersion(crd);
    },
    prepareForUpdate(obj, old) {
      base.prepareForUpdate(obj, old);
      defaultNames(asCrd(obj));
      addStorageVersion(asCrd(obj));
    },
    validate: (obj) => [...base.validate(obj), ...validateCustomResourceDefinition(asCrd(obj))],
    validateUpdate: (obj, old) => [
      ...base.validateUpdate(obj, old),
      ...validateCustomResourceDefinitionUpdate(asCrd(obj), asCrd(old), isEstablished(asCrd(old))),
    ],
    status: baseStatus
      ? {
          ...baseStatus,
          validateUpdate: (obj, old) => {
            const errs = baseStatus.validateUpdate(obj, old);
            const stored = asCrd(obj).status?.storedVersions ?? [];
            const storage = (asCrd(obj).spec?.versions ?? []).find((v) => v.storage)?.name;
            if (storage !== undefined && !stored.includes(storage)) {
              errs.push(fieldErrors.invalid('status.storedVersions', stored, `must have the storage version ${storage}`));
            }
            return errs;
          },
        }
      : null,
  };
}
