// Field metadata shaped like the generated descriptors, for a Deployment-like kind and a
// custom resource, plus helpers shared by the field manager tests.
import type { FieldMeta } from '../../runtime/api/index.js';
import type { FieldManagerContext, ManagedFieldsEntry } from '../../runtime/fieldmanager/index.js';

export const deploymentFields: Record<string, FieldMeta> = {
  'metadata.finalizers': { listType: 'set', patchStrategy: 'merge' },
  'metadata.ownerReferences': { listType: 'map', listMapKeys: ['uid'], patchStrategy: 'merge', patchMergeKey: 'uid' },
  'metadata.ownerReferences[]': { mapType: 'atomic' },
  'spec.selector': { mapType: 'atomic' },
  'spec.template.spec.containers': { patchStrategy: 'merge', patchMergeKey: 'name' },
  'spec.template.spec.containers[].args': { listType: 'atomic' },
  'spec.template.spec.containers[].ports': { listType: 'map', listMapKeys: ['containerPort', 'protocol'], patchStrategy: 'merge', patchMergeKey: 'containerPort' },
  'spec.template.spec.containers[].ports[].protocol': { default: 'TCP' },
  'spec.template.spec.tolerations': {},
  'spec.template.spec.nodeSelector': { mapType: 'atomic' },
  'spec.tags': { patchStrategy: 'merge' },
  'spec.matrix{}': {},
};

export const widgetFields: Record<string, FieldMeta> = {
  'spec.free': { preserveUnknownFields: true },
  'spec.items': { listType: 'map', listMapKeys: ['name'] },
};

export const NOW = '2026-11-22T10:00:00Z';
export const LATER = '2026-11-22T11:00:00Z';

export function ctx(overrides: Partial<FieldManagerContext> = {}): FieldManagerContext {
  return { fields: deploymentFields, apiVersion: 'apps/v1', now: NOW, ...overrides };
}

export function deployment(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...extra }, spec };
}

/** The object as stored: `obj` carrying `managedFields`. */
export function withManaged(obj: object, managedFields: ManagedFieldsEntry[]): Record<string, unknown> {
  const o = obj as Record<string, unknown>;
  return { ...o, metadata: { ...(o['metadata'] as object), managedFields } };
}

/** `manager/operation[/subresource]` -> FieldsV1 JSON, for compact assertions. */
export function summary(entries: ManagedFieldsEntry[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) out[[e.manager, e.operation, e.subresource].filter(Boolean).join('/')] = JSON.stringify(e.fieldsV1);
  return out;
}
