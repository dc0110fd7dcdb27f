// One informer per installed, stored resource, shared by every controller. Resources installed
// later (custom resources) are picked up by a periodic rescan of the installer; informers of
// resources that went away are stopped.
import type { GeneratedResource } from '../../api/index.js';
import type { RegistryStore, RegistryObject } from '../../registry/index.js';
import { ResourceInformer, type InformerEventType } from './resource-informer.js';

/** What controllers need of an installed resource (ResourceInstaller's InstalledResource has it). */
export interface ControlledResource {
  readonly generated: GeneratedResource;
  readonly store: RegistryStore<RegistryObject> | null;
}

/** The installed resources (ResourceInstaller satisfies this). */
export interface ResourceSource {
  all(): readonly ControlledResource[];
}

export interface StoredResource {
  readonly generated: GeneratedResource;
  readonly store: RegistryStore<RegistryObject>;
  readonly informer: ResourceInformer;
}

export type HubHandler = (resource: StoredResource, type: InformerEventType, obj: RegistryObject, old: RegistryObject | undefined) => void;

export interface InformerHubOptions {
  readonly rescanMs?: number;
  readonly onError?: (err: unknown) => void;
}

export class InformerHub {
  private readonly resources = new Map<RegistryStore<RegistryObject>, StoredResource>();
  private readonly handlers = new Set<HubHandler>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private markStarted: () => void = () => undefined;
  private readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(
    private readonly source: ResourceSource,
    private readonly opts: InformerHubOptions = {},
  ) {}

  /** Starts the informers; handlers subscribed before this see every object from the start. */
  start(): void {
    if (this.timer !== null || this.stopped) return;
    this.rescan();
    this.markStarted();
    this.timer = setInterval(() => this.rescan(), this.opts.rescanMs ?? 1_000);
    this.timer.unref();
  }

  subscribe(handler: HubHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  all(): StoredResource[] {
    return [...this.resources.values()];
  }

  /** Resolves once started and every informer then present has delivered its first state (or on stop). */
  async synced(): Promise<void> {
    await this.started;
    await Promise.all(this.all().map((r) => r.informer.synced()));
  }

  /**
   * Whether started and every informer now present has delivered its first state; a resource
   * installed later (a new custom resource) makes this false until its informer catches up.
   */
  hasSynced(): boolean {
    return this.timer !== null && !this.stopped && this.all().every((r) => r.informer.hasSynced());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.markStarted();
    if (this.timer !== null) clearInterval(this.timer);
    const all = this.all();
    this.resources.clear();
    await Promise.all(all.map((r) => r.informer.stop()));
  }

  private rescan(): void {
    if (this.stopped) return;
    const present = new Set<RegistryStore<RegistryObject>>();
    for (const r of this.source.all()) {
      const store = r.store;
      if (store === null || !r.generated.descriptor.verbs.includes('watch')) continue;
      present.add(store);
      if (this.resources.has(store)) continue;
      const entry: { generated: GeneratedResource; store: RegistryStore<RegistryObject>; informer?: ResourceInformer } = { generated: r.generated, store };
      const informer = new ResourceInformer({
        store,
        onEvent: (type, obj, old) => {
          for (const h of this.handlers) h(entry as StoredResource, type, obj, old);
        },
        ...(this.opts.onError ? { onError: this.opts.onError } : {}),
      });
      entry.informer = informer;
      this.resources.set(store, entry as StoredResource);
    }
    for (const [store, r] of [...this.resources]) {
      if (present.has(store)) continue;
      this.resources.delete(store);
      void r.informer.stop();
    }
  }
}
