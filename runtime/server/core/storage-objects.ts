// Stored objects per resource for apiserver_storage_objects, read from each resource's watch
// cache when /metrics is scraped (kube counts on a timer; the cache already knows the figure).
import type { StoredObjectCount } from '../../metrics/index.js';
import type { InstalledResource } from './install-resources.js';

/** What is counted of a resource: its descriptor and its watch cache. */
export type CountedResource = Pick<InstalledResource, 'generated'> & { readonly cache: Pick<NonNullable<InstalledResource['cache']>, 'status'> | null };

/** kube's GroupResource string: the plural alone for the core group, plural.group otherwise. */
export function groupResourceLabel(group: string, plural: string): string {
  return group === '' ? plural : `${plural}.${group}`;
}

/**
 * A reader of the object counts of every stored resource the installer holds. Versions of one
 * resource share a storage prefix, so each group/resource is counted once.
 */
export function storageObjectCounts(installer: { all(): readonly CountedResource[] }): () => StoredObjectCount[] {
  return () => {
    const seen = new Set<string>();
    const out: StoredObjectCount[] = [];
    for (const installed of installer.all()) {
      if (!installed.cache) continue;
      const { group, plural } = installed.generated.descriptor;
      const resource = groupResourceLabel(group, plural);
      if (seen.has(resource)) continue;
      seen.add(resource);
      out.push({ resource, group, count: installed.cache.status().objects });
    }
    return out;
  };
}
