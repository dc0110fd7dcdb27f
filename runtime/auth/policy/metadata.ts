// Labels and annotations every bootstrap object carries (wire facts: kube reconciles only
// objects whose autoupdate annotation is not "false").
export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.k8s.io/autoupdate';
export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
export const BOOTSTRAPPING_VALUE = 'rbac-defaults';
export const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export const READ = ['get', 'list', 'watch'];
export const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
export const READ_WRITE = [...READ, ...WRITE];

export interface BootstrapMeta {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function bootstrapMeta(name: string, labels: Record<string, string> = {}, namespace?: string): BootstrapMeta {
  const meta: BootstrapMeta = {
    name,
    labels: { ...labels, [BOOTSTRAPPING_LABEL]: BOOTSTRAPPING_VALUE },
    annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
  };
  if (namespace !== undefined) meta.namespace = namespace;
  return meta;
}
