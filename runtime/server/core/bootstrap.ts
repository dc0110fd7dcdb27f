// The namespaces every cluster has (kube-apiserver's bootstrap controller makes them): the
// default namespace most clients write into, and the system ones.
import { isStatusError } from '../../errors/index.js';
import type { ResourceInstaller } from './install-resources.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function bootstrapNamespaces(installer: ResourceInstaller): Promise<void> {
  const store = installer.get('', 'v1', 'namespaces')?.store;
  if (!store) return;
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, {});
    } catch (err) {
      if (!(isStatusError(err) && err.reason === 'AlreadyExists')) throw err;
    }
  }
}
