// TEMPORARY SCAFFOLDING: the kinds kubectl 1.32+ sends as protobuf, registered as provisional
// codecs until the generator emits descriptors for every built-in kind (those replace these).
import type { MessageDescriptor } from '../descriptor.js';
import type { GroupVersionKind } from '../gvk.js';
import { registerProtobufMessage } from '../registry.js';
import { SelfSubjectAccessReview, SelfSubjectReview } from './auth.js';
import { ConfigMap, ConfigMapList, Namespace, NamespaceList, Secret, SecretList } from './core.js';
import { Status } from './meta.js';

export * as handwrittenMessages from './messages.js';

export const HANDWRITTEN_KINDS: ReadonlyArray<readonly [GroupVersionKind, MessageDescriptor]> = [
  [{ group: '', version: 'v1', kind: 'Namespace' }, Namespace],
  [{ group: '', version: 'v1', kind: 'NamespaceList' }, NamespaceList],
  [{ group: '', version: 'v1', kind: 'ConfigMap' }, ConfigMap],
  [{ group: '', version: 'v1', kind: 'ConfigMapList' }, ConfigMapList],
  [{ group: '', version: 'v1', kind: 'Secret' }, Secret],
  [{ group: '', version: 'v1', kind: 'SecretList' }, SecretList],
  // Status answers carry apiVersion v1 whatever the group; meta.k8s.io/v1 is its home group.
  [{ group: '', version: 'v1', kind: 'Status' }, Status],
  [{ group: 'meta.k8s.io', version: 'v1', kind: 'Status' }, Status],
  [{ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview' }, SelfSubjectAccessReview],
  [{ group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview' }, SelfSubjectReview],
];

export function registerHandwrittenCodecs(): void {
  for (const [gvk, desc] of HANDWRITTEN_KINDS) registerProtobufMessage(gvk, desc, { provisional: true });
}
