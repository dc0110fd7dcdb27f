// TEMPORARY SCAFFOLDING (see meta.ts): core/v1 Namespace, ConfigMap, Secret.
import type { MessageDescriptor } from '../descriptor.js';
import { listOf, ObjectMeta } from './meta.js';

export const NamespaceSpec: MessageDescriptor = {
  name: 'io.k8s.api.core.v1.NamespaceSpec',
  fields: [{ json: 'finalizers', tag: 1, type: 'string', repeated: true }],
};

export const NamespaceCondition: MessageDescriptor = {
  name: 'io.k8s.api.core.v1.NamespaceCondition',
  fields: [
    { json: 'type', tag: 1, type: 'string' },
    { json: 'status', tag: 2, type: 'string' },
    { json: 'lastTransitionTime', tag: 4, type: 'time' },
    { json: 'reason', tag: 5, type: 'string' },
    { json: 'message', tag: 6, type: 'string' },
  ],
};

export const NamespaceStatus: MessageDescriptor = {
  name: 'io.k8s.api.core.v1.NamespaceStatus',
  fields: [
    { json: 'phase', tag: 1, type: 'string' },
    { json: 'conditions', tag: 2, type: 'message', repeated: true, message: () => NamespaceCondition },
  ],
};

export const Namespace: MessageDescriptor = {
  name: 'io.k8s.api.core.v1.Namespace',
  fields: [
    { json: 'metadata', tag: 1, type: 'message', message: () => ObjectMeta },
    { json: 'spec', tag: 2, type: 'message', message: () => NamespaceSpec },
    { json: 'status', tag: 3, type: 'message', message: () => NamespaceStatus },
  ],
};

export const ConfigMap: MessageDescriptor = {
  name: 'io.k8s.api.core.v1.ConfigMap',
  fields: [
    { json: 'metadata', tag: 1, type: 'message', message: () => ObjectMeta },
    { json: 'data', tag: 2, type: 'string', map: true },
    { json: 'binaryData', tag: 3, type: 'bytes', map: true },
    { json: 'immutable', tag: 4, type: 'bool', explicitPresence: true },
  ],
};

export const Secret: MessageDescriptor = {
  name: 'io.k8s.api.core.v1.Secret',
  fields: [
    { json: 'metadata', tag: 1, type: 'message', message: () => ObjectMeta },
    { json: 'data', tag: 2, type: 'bytes', map: true },
    { json: 'type', tag: 3, type: 'string' },
    { json: 'stringData', tag: 4, type: 'string', map: true },
    { json: 'immutable', tag: 5, type: 'bool', explicitPresence: true },
  ],
};

export const NamespaceList = listOf(Namespace, 'io.k8s.api.core.v1.NamespaceList');
export const ConfigMapList = listOf(ConfigMap, 'io.k8s.api.core.v1.ConfigMapList');
export const SecretList = listOf(Secret, 'io.k8s.api.core.v1.SecretList');
