// What admission sees of one request: kube's admission.Attributes, as plain data. The endpoint
// builds it once per write; plugins and webhooks read it and never change it (mutation goes
// through the object the chain hands from one plugin to the next).
import type { RegistryObject, UserInfo } from '../registry/index.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/**
 * The operation's options as AdmissionReview carries them: a meta.k8s.io/v1 CreateOptions,
 * UpdateOptions, DeleteOptions or PatchOptions object (a PATCH is admitted as UPDATE, or CREATE
 * when it creates, with PatchOptions), or the connect options of a CONNECT.
 */
export interface OperationOptions {
  readonly apiVersion: string;
  readonly kind: string;
  readonly [field: string]: unknown;
}

export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'DeleteOptions' | 'PatchOptions';

/** A meta.k8s.io/v1 options object of `kind` with the given fields (dryRun, fieldManager, ...). */
export function operationOptions(kind: OptionsKind, fields: Readonly<Record<string, unknown>> = {}): OperationOptions {
  return { ...fields, kind, apiVersion: 'meta.k8s.io/v1' };
}

export interface AdmissionAttributes<T extends RegistryObject = RegistryObject> {
  readonly operation: AdmissionOperation;
  /** The kind of `object` as stored and served at `resource`'s version. */
  readonly kind: GroupVersionKind;
  readonly resource: GroupVersionResource;
  /** "" or unset for the main resource; "status", "scale", ... otherwise. */
  readonly subresource?: string;
  /** What the client addressed, when it differs from kind/resource (kube's matchPolicy Equivalent); default: the same. */
  readonly requestKind?: GroupVersionKind;
  readonly requestResource?: GroupVersionResource;
  readonly requestSubResource?: string;
  /** May be unset on CREATE with generateName (the name is chosen after admission). */
  readonly name?: string;
  /** "" or unset for cluster-scoped resources. For a Namespace itself, kube sets its own name here. */
  readonly namespace?: string;
  /** The new object (CREATE, UPDATE; the options object of a CONNECT); null on DELETE. */
  readonly object?: T | null;
  /** The stored object (UPDATE, DELETE); null on CREATE. */
  readonly oldObject?: T | null;
  readonly options?: OperationOptions | null;
  readonly dryRun?: boolean;
  readonly userInfo: UserInfo;
}

/** The name in kube's messages: "pods", "deployments.apps". */
export function groupResourceOf(attrs: Pick<AdmissionAttributes, 'resource'>): string {
  const { group, resource } = attrs.resource;
  return group === '' ? resource : `${resource}.${group}`;
}

/** A Namespace object itself (which kube treats as cluster-scoped yet namespace-selected by its own labels). */
export function isNamespaceResource(attrs: Pick<AdmissionAttributes, 'resource'>): boolean {
  return attrs.resource.group === '' && attrs.resource.resource === 'namespaces';
}
