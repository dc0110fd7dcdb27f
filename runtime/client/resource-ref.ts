// The subset of a generated resource descriptor the client needs. Kept as its own small
// interface so the runtime does not depend on codegen; a ResourceDescriptor satisfies it.

export interface ResourceRef {
  /** '' for the core group (served under /api). */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly kind?: string;
  readonly listKind?: string;
}

export function isNamespaced(ref: ResourceRef): boolean {
  return ref.scope === 'Namespaced';
}

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(ref: Pick<ResourceRef, 'group' | 'version'>): string {
  return ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${encodeURIComponent(ref.version)}`;
}

export function apiVersionOf(ref: Pick<ResourceRef, 'group' | 'version'>): string {
  return ref.group === '' ? ref.version : `${ref.group}/${ref.version}`;
}

/**
 * The URL path of a collection, an item or an item's subresource. A namespace is put in the
 * path only for namespaced resources; a namespaced collection without one spans all namespaces.
 */
export function resourcePath(ref: ResourceRef, namespace: string | undefined, name?: string, subresource?: string): string {
  let path = groupVersionPath(ref);
  if (isNamespaced(ref) && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${ref.plural}`;
  if (name !== undefined) {
    if (name === '') throw new TypeError(`a ${ref.plural} name must not be empty`);
    path += `/${encodeURIComponent(name)}`;
    if (subresource) path += `/${subresource}`;
  }
  return path;
}

/** `group/version/plural`, the key the informer factory shares informers by. */
export function resourceId(ref: ResourceRef): string {
  return `${ref.group}/${ref.version}/${ref.plural}`;
}
