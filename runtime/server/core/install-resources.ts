// Turns generated resources into served ones: a watch cache per resource over the shared
// backend, the generic registry store with the resource's strategy, and its table convertor.
import type { GeneratedResource } from '../../api/index.js';
import { tableConvertor, type PrinterRegistry, type TableConvertor } from '../../table/index.js';
import { createRegistryStore, type NamespaceInfo, type RegistryStore } from '../../registry/index.js';
import { builtinPrinters, namespaceHandlers, tableStyleFor } from '../../resources/index.js';
import { createWatchCache, type WatchCache } from '../../storage/cacher/index.js';
import { isStorageError, resourcePrefix, type Storage } from '../../storage/index.js';
import { storeHandlers, type ApiObject, type ResourceHandlers } from '../../endpoints/resource-handlers.js';
import type { ServedResources } from '../../endpoints/served-resources.js';
import { strategyFor } from '../../resources/strategies.js';

export interface InstalledResource {
  readonly generated: GeneratedResource;
  readonly store: RegistryStore<ApiObject> | null;
  readonly cache: WatchCache<ApiObject> | null;
  readonly table: TableConvertor;
}

export interface InstallOptions {
  readonly backend: Storage;
  readonly keyPrefix: string;
  readonly served: ServedResources;
  readonly printers?: PrinterRegistry;
  /** Handlers of resources with no storage (access reviews, token reviews), by group/plural. */
  readonly virtualHandlers?: ReadonlyMap<string, ResourceHandlers>;
  /** Adds to a stored resource's handlers (escalation checks, the token subresource). */
  readonly wrapHandlers?: (generated: GeneratedResource, store: RegistryStore<ApiObject>, handlers: ResourceHandlers) => ResourceHandlers;
}

const BUILTIN_EMPTY_OBJECT = Object.freeze({ spec: Object.freeze({}), status: Object.freeze({}) });
const isStored = (g: GeneratedResource) => g.descriptor.verbs.includes('get') || g.descriptor.verbs.includes('list');
export const groupResourceKey = (group: string, plural: string) => `${group}/${plural}`;

export class ResourceInstaller {
  private readonly installed = new Map<string, InstalledResource>();
  private namespaces: RegistryStore<ApiObject> | null = null;

  constructor(private readonly opts: InstallOptions) {}

  /** Looks a namespace up for kube's NamespaceLifecycle rules. */
  readonly namespaceLookup = async (name: string): Promise<NamespaceInfo | null> => {
    if (!this.namespaces) return null;
    try {
      const ns = await this.namespaces.get(name, { resourceVersion: '0' });
      const phase = (ns as { status?: { phase?: string } }).status?.phase;
      return phase === undefined ? {} : { phase };
    } catch (err) {
      if (isStorageError(err, 'NotFound') || (err as { reason?: string }).reason === 'NotFound') return null;
      throw err;
    }
  };

  async install(generated: GeneratedResource): Promise<InstalledResource> {
    const d = generated.descriptor;
    const table = tableConvertor(d, {
      printers: this.opts.printers ?? builtinPrinters,
      ...(tableStyleFor(d) ? { style: tableStyleFor(d)! } : {}),
    });
    let store: RegistryStore<ApiObject> | null = null;
    let cache: WatchCache<ApiObject> | null = null;
    let handlers: ResourceHandlers | undefined;
    if (isStored(generated)) {
      cache = await createWatchCache<ApiObject>({
        backend: this.opts.backend,
        prefix: resourcePrefix({ prefix: this.opts.keyPrefix, group: d.group, resource: d.plural }),
      });
      const namespaced = d.scope === 'Namespaced';
      store = createRegistryStore<ApiObject>({
        // Built-in kinds are Go structs whose spec and status exist even when empty.
        emptyObject: BUILTIN_EMPTY_OBJECT,
        resource: generated,
        strategy: strategyFor<ApiObject>(generated),
        storage: cache,
        keyPrefix: this.opts.keyPrefix,
        ...(namespaced ? { namespaceLookup: this.namespaceLookup } : {}),
      });
      const isNamespaces = d.group === '' && d.plural === 'namespaces';
      if (isNamespaces) this.namespaces = store;
      handlers = isNamespaces ? namespaceHandlers(store) : storeHandlers(store);
      if (this.opts.wrapHandlers) handlers = this.opts.wrapHandlers(generated, store, handlers);
    } else {
      handlers = this.opts.virtualHandlers?.get(groupResourceKey(d.group, d.plural));
    }
    const entry: InstalledResource = { generated, store, cache, table };
    this.installed.set(groupResourceKey(d.group, `${d.version}/${d.plural}`), entry);
    if (handlers) this.opts.served.add({ descriptor: d, handlers, generated, table });
    return entry;
  }

  get(group: string, version: string, plural: string): InstalledResource | undefined {
    return this.installed.get(groupResourceKey(group, `${version}/${plural}`));
  }

  all(): InstalledResource[] {
    return [...this.installed.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((r) => r.cache?.close()));
  }
}
