// The namespaces every cluster has, made once before anything else starts (security's own
// bootstrap writes into kube-system); from then on the bootstrap controller keeps them, and the
// `kubernetes` Service and Endpoints, which need the listening port.
import { isStatusError } from '../../errors/index.js';
import { SYSTEM_NAMESPACES } from '../../controllers/index.js';
import type { ResourceInstaller } from './install-resources.js';

export { SYSTEM_NAMESPACES };

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
