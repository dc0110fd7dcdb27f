// The CustomResourceDefinition as the serving side reads it, and what every part of it asks
// of one: its storage version, its served versions, its conditions.
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionCondition,
  CustomResourceDefinitionNames,
  CustomResourceDefinitionVersion,
} from '../../generated/apiextensions.k8s.io/v1/types.js';

export type { CustomResourceDefinition, CustomResourceDefinitionCondition, CustomResourceDefinitionNames, CustomResourceDefinitionVersion };

/** kube's finalizer that holds a CRD until its custom resources are gone. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

export type ConditionType = 'NamesAccepted' | 'Established' | 'Terminating' | 'NonStructuralSchema' | 'KubernetesAPIApprovalPolicyConformant';

export function storageVersionOf(crd: CustomResourceDefinition): string | undefined {
  return crd.spec.versions.find((v) => v.storage)?.name;
}

export function findCondition(crd: CustomResourceDefinition, type: ConditionType): CustomResourceDefinitionCondition | undefined {
  return crd.status?.conditions?.find((c) => c.type === type);
}

export function isConditionTrue(crd: CustomResourceDefinition, type: ConditionType): boolean {
  return findCondition(crd, type)?.status === 'True';
}

/**
 * Sets one condition in place, as kube's SetCRDCondition: a new type is appended, and the
 * transition time only moves when the status changes.
 */
export function setCondition(crd: CustomResourceDefinition, next: CustomResourceDefinitionCondition, now: Date): void {
  const status = (crd.status ??= {});
  const conditions = (status.conditions ??= []);
  const i = conditions.findIndex((c) => c.type === next.type);
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const old = i < 0 ? undefined : conditions[i]!;
  const lastTransitionTime = old && old.status === next.status && old.lastTransitionTime ? old.lastTransitionTime : stamp;
  // Field order as kube serializes a condition.
  const cond: CustomResourceDefinitionCondition = {
    type: next.type,
    status: next.status,
    lastTransitionTime,
    ...(next.reason !== undefined ? { reason: next.reason } : {}),
    ...(next.message !== undefined ? { message: next.message } : {}),
  };
  if (i < 0) conditions.push(cond);
  else conditions[i] = cond;
}

export const crdNameOf = (crd: CustomResourceDefinition): string => crd.metadata?.name ?? '';
