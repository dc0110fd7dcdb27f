// TEMPORARY SCAFFOLDING: hand-written descriptors that the generated ones (from the specs'
// x-capstan-protobuf-* extensions) replace. They use exactly the interface the generator
// emits; test/protobuf/handwritten-vs-specs.test.ts checks every tag against the specs.
import type { MessageDescriptor } from '../descriptor.js';

export const OwnerReference: MessageDescriptor = {
  name: 'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference',
  fields: [
    { json: 'kind', tag: 1, type: 'string' },
    { json: 'name', tag: 3, type: 'string' },
    { json: 'uid', tag: 4, type: 'string' },
    { json: 'apiVersion', tag: 5, type: 'string' },
    { json: 'controller', tag: 6, type: 'bool', explicitPresence: true },
    { json: 'blockOwnerDeletion', tag: 7, type: 'bool', explicitPresence: true },
  ],
};

export const ManagedFieldsEntry: MessageDescriptor = {
  name: 'io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry',
  fields: [
    { json: 'manager', tag: 1, type: 'string' },
    { json: 'operation', tag: 2, type: 'string' },
    { json: 'apiVersion', tag: 3, type: 'string' },
    { json: 'time', tag: 4, type: 'time' },
    { json: 'fieldsType', tag: 6, type: 'string' },
    { json: 'fieldsV1', tag: 7, type: 'fields-v1' },
    { json: 'subresource', tag: 8, type: 'string' },
  ],
};

export const ObjectMeta: MessageDescriptor = {
  name: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  fields: [
    { json: 'name', tag: 1, type: 'string' },
    { json: 'generateName', tag: 2, type: 'string' },
    { json: 'namespace', tag: 3, type: 'string' },
    { json: 'selfLink', tag: 4, type: 'string' },
    { json: 'uid', tag: 5, type: 'string' },
    { json: 'resourceVersion', tag: 6, type: 'string' },
    { json: 'generation', tag: 7, type: 'int64' },
    { json: 'creationTimestamp', tag: 8, type: 'time' },
    { json: 'deletionTimestamp', tag: 9, type: 'time' },
    { json: 'deletionGracePeriodSeconds', tag: 10, type: 'int64', explicitPresence: true },
    { json: 'labels', tag: 11, type: 'string', map: true },
    { json: 'annotations', tag: 12, type: 'string', map: true },
    { json: 'ownerReferences', tag: 13, type: 'message', repeated: true, message: () => OwnerReference },
    { json: 'finalizers', tag: 14, type: 'string', repeated: true },
    { json: 'managedFields', tag: 17, type: 'message', repeated: true, message: () => ManagedFieldsEntry },
  ],
};

export const ShardInfo: MessageDescriptor = {
  name: 'io.k8s.apimachinery.pkg.apis.meta.v1.ShardInfo',
  fields: [{ json: 'selector', tag: 1, type: 'string' }],
};

export const ListMeta: MessageDescriptor = {
  name: 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
  fields: [
    { json: 'selfLink', tag: 1, type: 'string' },
    { json: 'resourceVersion', tag: 2, type: 'string' },
    { json: 'continue', tag: 3, type: 'string' },
    { json: 'remainingItemCount', tag: 4, type: 'int64', explicitPresence: true },
    { json: 'shardInfo', tag: 5, type: 'message', message: () => ShardInfo },
  ],
};

export const StatusCause: MessageDescriptor = {
  name: 'io.k8s.apimachinery.pkg.apis.meta.v1.StatusCause',
  fields: [
    { json: 'reason', tag: 1, type: 'string' },
    { json: 'message', tag: 2, type: 'string' },
    { json: 'field', tag: 3, type: 'string' },
  ],
};

export const StatusDetails: MessageDescriptor = {
  name: 'io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails',
  fields: [
    { json: 'name', tag: 1, type: 'string' },
    { json: 'group', tag: 2, type: 'string' },
    { json: 'kind', tag: 3, type: 'string' },
    { json: 'causes', tag: 4, type: 'message', repeated: true, message: () => StatusCause },
    { json: 'retryAfterSeconds', tag: 5, type: 'int32' },
    { json: 'uid', tag: 6, type: 'string' },
  ],
};

export const Status: MessageDescriptor = {
  name: 'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  fields: [
    { json: 'metadata', tag: 1, type: 'message', message: () => ListMeta },
    { json: 'status', tag: 2, type: 'string' },
    { json: 'message', tag: 3, type: 'string' },
    { json: 'reason', tag: 4, type: 'string' },
    { json: 'details', tag: 5, type: 'message', message: () => StatusDetails },
    { json: 'code', tag: 6, type: 'int32' },
  ],
};

/** `<Kind>List {1 metadata ListMeta, 2 repeated items}`. */
export function listOf(item: MessageDescriptor, name: string): MessageDescriptor {
  return {
    name,
    fields: [
      { json: 'metadata', tag: 1, type: 'message', message: () => ListMeta },
      { json: 'items', tag: 2, type: 'message', repeated: true, message: () => item },
    ],
  };
}
