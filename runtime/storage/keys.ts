// Storage keys, laid out as kube-apiserver does: <prefix>/<group>/<resource>/<namespace>/<name>,
// where the core group ("") has no group segment and cluster-scoped objects no namespace.

export const DEFAULT_KEY_PREFIX = '/registry';

export interface ResourceKeyParts {
  /** Defaults to /registry. */
  prefix?: string;
  group: string;
  resource: string;
}

/** The key prefix of every object of a resource, ending in "/". */
export function resourcePrefix(parts: ResourceKeyParts): string {
  const prefix = (parts.prefix ?? DEFAULT_KEY_PREFIX).replace(/\/+$/, '');
  const group = parts.group === '' ? '' : `/${parts.group}`;
  return `${prefix}${group}/${parts.resource}/`;
}

/** The key prefix of a resource's objects in one namespace, ending in "/". */
export function namespacePrefix(parts: ResourceKeyParts, namespace: string): string {
  return `${resourcePrefix(parts)}${namespace}/`;
}

/** The key of one object; pass namespace only for namespaced resources. */
export function objectKey(parts: ResourceKeyParts, name: string, namespace?: string): string {
  return namespace === undefined ? `${resourcePrefix(parts)}${name}` : `${namespacePrefix(parts, namespace)}${name}`;
}

/** The first key after every key that starts with prefix (the end of a range read). */
export function prefixEnd(prefix: string): string {
  // Keys are compared as UTF-16 code units here and as bytes in etcd; for the ASCII keys kube
  // names allow the two orders agree.
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
