// The few object shapes the client runtime reads. Generated types carry much more; they only
// need to be assignable to these (structural typing), so nothing here names a real kind.
import type { StatusDetails } from '../errors/index.js';

export type { StatusCause, StatusDetails } from '../errors/index.js';

export interface ObjectMetaLike {
  name?: string;
  namespace?: string;
  resourceVersion?: string;
  uid?: string;
  labels?: { [key: string]: string };
}

/** Anything with kube's object metadata. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface KubeList<T> {
  apiVersion?: string;
  kind?: string;
  metadata?: ListMeta;
  items: T[];
}

/** metav1.Status as a client receives it from any server (reason and apiVersion unconstrained). */
export interface Status {
  kind: 'Status';
  apiVersion: string;
  metadata: ListMeta;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

/** `namespace/name`, or `name` for an object without a namespace (client-go's meta key). */
export function objectKey(obj: KubeObject): string {
  const name = obj.metadata?.name ?? '';
  const namespace = obj.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}
