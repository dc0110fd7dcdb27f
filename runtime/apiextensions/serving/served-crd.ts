// What one CRD serves: a watch cache over its one storage prefix, and per served version a
// registry store, handlers and table in the live registry. Re-applied on every CRD change, so a
// new version, column or schema is served without a restart; removed when the CRD goes.
import type { ControlledResource } from '../../controllers/index.js';
import type { ServedResources } from '../../endpoints/served-resources.js';
import type { ApiObject } from '../../endpoints/resource-handlers.js';
import { createRegistryStore, type NamespaceInfo, type RegistryStore } from '../../registry/index.js';
import { createWatchCache, type WatchCache } from '../../storage/cacher/index.js';
import { resourcePrefix, type Storage } from '../../storage/index.js';
import { tableConvertor } from '../../table/index.js';
import { compileSchema, type JSONSchemaProps } from '../schema/index.js';
import { isConditionTrue, storageVersionOf, type CustomResourceDefinition } from '../crd.js';
import { crdVersionDescriptor } from './descriptor.js';
import { versionHandlers } from './handlers.js';
import { versionResource } from './strategy.js';

export interface ServingContext {
  readonly backend: Storage;
  readonly keyPrefix: string;
  readonly served: ServedResources;
  readonly namespaceLookup?: (namespace: string) => Promise<NamespaceInfo | null>;
}

interface VersionEntry {
  readonly generated: ControlledResource['generated'];
  readonly store: RegistryStore<ApiObject>;
}

/** One CRD's custom resources as the controllers and the storage metrics see them. */
export type ServedCustomResource = ControlledResource & { readonly cache: WatchCache<ApiObject> | null };

export class ServedCrd {
  private cache: WatchCache<ApiObject> | null = null;
  private versions = new Map<string, VersionEntry>();
  private signature = '';
  private terminating = false;
  private storageVersion = '';
  readonly group: string;
  readonly plural: string;

  constructor(
    private readonly ctx: ServingContext,
    crd: CustomResourceDefinition,
  ) {
    this.group = crd.spec.group;
    this.plural = crd.status?.acceptedNames?.plural || crd.spec.names.plural;
  }

  /** Serves what `crd` says now; unchanged serving inputs change nothing. */
  async apply(crd: CustomResourceDefinition): Promise<void> {
    this.terminating = isConditionTrue(crd, 'Terminating') || crd.metadata?.deletionTimestamp !== undefined;
    const signature = JSON.stringify([crd.spec, crd.status?.acceptedNames]);
    if (signature === this.signature) return;
    const storage = storageVersionOf(crd);
    if (storage === undefined) return;
    this.cache ??= await createWatchCache<ApiObject>({
      backend: this.ctx.backend,
      prefix: resourcePrefix({ prefix: this.ctx.keyPrefix, group: this.group, resource: this.plural }),
    });
    const storageApiVersion = `${crd.spec.group}/${storage}`;
    const next = new Map<string, VersionEntry>();
    for (const version of crd.spec.versions) {
      if (!version.served) continue;
      const descriptor = crdVersionDescriptor(crd, version);
      const compiled = compileSchema(version.schema?.openAPIV3Schema as JSONSchemaProps | undefined);
      const { generated, strategy } = versionResource(descriptor, compiled, version, storageApiVersion);
      const store = createRegistryStore<ApiObject>({
        resource: generated,
        strategy,
        storage: this.cache,
        keyPrefix: this.ctx.keyPrefix,
        ...(descriptor.scope === 'Namespaced' && this.ctx.namespaceLookup ? { namespaceLookup: this.ctx.namespaceLookup } : {}),
      });
      const apiVersion = `${crd.spec.group}/${version.name}`;
      const handlers = versionHandlers(store, apiVersion, () => this.terminating);
      next.set(version.name, { generated, store });
      this.ctx.served.add({ descriptor, handlers, generated, table: tableConvertor(descriptor), custom: true });
    }
    for (const name of this.versions.keys()) if (!next.has(name)) this.ctx.served.remove(this.group, name, this.plural);
    this.versions = next;
    this.signature = signature;
    this.storageVersion = storage;
  }

  /** The store objects are deleted through (any served version reaches the same objects). */
  store(): RegistryStore<ApiObject> | null {
    return (this.versions.get(this.storageVersion) ?? [...this.versions.values()][0])?.store ?? null;
  }

  /** One entry for controllers (GC, namespace deletion): the objects are the same in every version. */
  controlled(): ServedCustomResource | null {
    const v = this.versions.get(this.storageVersion) ?? [...this.versions.values()][0];
    return v ? { generated: v.generated, store: v.store, cache: this.cache } : null;
  }

  async remove(): Promise<void> {
    for (const name of this.versions.keys()) this.ctx.served.remove(this.group, name, this.plural);
    this.versions.clear();
    this.signature = '';
    const cache = this.cache;
    this.cache = null;
    await cache?.close();
  }
}
