// The records field management trades in: one managedFields entry, and what a caller tells
// the field manager about the request it serves.
import type { FieldMeta } from '../api/index.js';

/** metav1.ManagedFieldsEntry as it appears in `metadata.managedFields`, keys in kube's order. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface FieldManagerContext {
  /** The resource descriptor's field metadata (keys as in ResourceDescriptor.fields). */
  fields: Readonly<Record<string, FieldMeta>>;
  /** group/version of the request, e.g. `v1`, `apps/v1`. */
  apiVersion: string;
  /** RFC 3339 with seconds, e.g. `2026-11-22T10:00:00Z`. */
  now: string;
  /** '' / undefined for the main resource; `status`, `scale` for subresources. */
  subresource?: string;
  /**
   * What a create is compared against (default `{}`). kube compares with the kind's empty Go
   * value, in which non-pointer structs such as a Deployment's `spec` already exist, so those
   * get no `"."` marker; pass e.g. `{ spec: {}, status: {} }` to reproduce that.
   */
  emptyObject?: object;
}

export interface ApplyContext extends FieldManagerContext {
  force: boolean;
}

export interface ApplyResult {
  object: object;
  managedFields: ManagedFieldsEntry[];
}

export interface FieldConflict {
  manager: string;
  /** The conflicting field as kube prints it, e.g. `.spec.replicas`. */
  field: string;
  /** The manager as kube's messages name it, e.g. `"mgr"` or `"mgr" using apps/v1`. */
  description: string;
}
