// One informer per resource and view (namespace, selectors), shared by every caller that asks,
// so N controllers watching pods cost one list and one watch.
import type { IndexFunc } from './indexer.js';
import { Informer, type InformerOptions } from './informer.js';
import type { KubeList, KubeObject } from './objects.js';
import { ResourceClient } from './resource-client.js';
import { resourceId, type ResourceRef } from './resource-ref.js';
import type { RestClient } from './rest-client.js';

export type FactoryOptions = Omit<InformerOptions<KubeObject>, 'indexers'>;

/** What makes two informers different: the rest of InformerOptions is the factory's. */
export interface InformerView<T> {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Added to the shared informer; a name already taken by another function is an error. */
  indexers?: Readonly<Record<string, IndexFunc<T>>>;
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, { informer: Informer<KubeObject>; indexers: Map<string, unknown> }>();
  private started = false;

  constructor(
    readonly rest: RestClient,
    private readonly defaults: FactoryOptions = {},
  ) {}

  /** The shared informer for `ref` seen through `view`; created on first request. */
  informerFor<T extends KubeObject, TList extends KubeList<T> = KubeList<T>>(ref: ResourceRef, view: InformerView<T> = {}): Informer<T> {
    const namespace = view.namespace ?? this.defaults.namespace;
    const labelSelector = view.labelSelector ?? this.defaults.labelSelector;
    const fieldSelector = view.fieldSelector ?? this.defaults.fieldSelector;
    const key = [resourceId(ref), namespace ?? '', labelSelector ?? '', fieldSelector ?? ''].join('|');
    let entry = this.informers.get(key);
    if (!entry) {
      const informer = new Informer<T>(new ResourceClient<T, TList>(this.rest, ref), {
        ...this.defaults,
        ...(namespace ? { namespace } : {}),
        ...(labelSelector ? { labelSelector } : {}),
        ...(fieldSelector ? { fieldSelector } : {}),
      });
      // Stored without its type parameter; every caller for this key names the same T.
      entry = { informer: informer as unknown as Informer<KubeObject>, indexers: new Map() };
      this.informers.set(key, entry);
      if (this.started) informer.start();
    }
    const informer = entry.informer as unknown as Informer<T>;
    const added: Record<string, IndexFunc<T>> = {};
    for (const [name, fn] of Object.entries(view.indexers ?? {})) {
      const existing = entry.indexers.get(name);
      if (existing === fn) continue;
      if (existing !== undefined) throw new Error(`index "${name}" of ${resourceId(ref)} is already defined by another function`);
      entry.indexers.set(name, fn);
      added[name] = fn;
    }
    if (Object.keys(added).length > 0) informer.indexer.addIndexers(added);
    return informer;
  }

  /** Starts every informer asked for so far; later ones start as they are created. */
  start(): void {
    this.started = true;
    for (const { informer } of this.informers.values()) informer.start();
  }

  /** Resolves once every started informer has synced. */
  async waitForCacheSync(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.informers.values()].filter((e) => e.informer.started).map((e) => e.informer.waitForCacheSync(signal)));
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.informers.values()].map((e) => e.informer.stop()));
  }

  /** How many distinct informers exist. */
  get size(): number {
    return this.informers.size;
  }
}
