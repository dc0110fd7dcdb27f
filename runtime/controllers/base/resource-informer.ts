// An in-process informer over one resource's registry store: the current objects (sent as
// initial events through the watch cache), then every change, kept in a local map controllers
// read. A watch that ends or fails is restarted with backoff; the restart's initial state
// replaces the map, and objects that vanished meanwhile are reported as deleted.
import type { RegistryStore, RegistryObject } from '../../registry/index.js';
import type { Watcher } from '../../storage/index.js';

export type InformerEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type InformerHandler = (type: InformerEventType, obj: RegistryObject, old: RegistryObject | undefined) => void;

export interface InformerOptions {
  readonly store: RegistryStore<RegistryObject>;
  readonly onEvent: InformerHandler;
  readonly onError?: (err: unknown) => void;
}

const objectKeyOf = (obj: RegistryObject): string => `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;

export class ResourceInformer {
  private readonly objects = new Map<string, RegistryObject>();
  private watcher: Watcher<RegistryObject> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private syncedOnce = false;
  private readonly syncWaiters: Array<() => void> = [];
  private readonly loop: Promise<void>;

  constructor(private readonly opts: InformerOptions) {
    this.loop = this.run();
  }

  get store(): RegistryStore<RegistryObject> {
    return this.opts.store;
  }

  /** Resolves once the first full state has been delivered (or the informer stopped). */
  synced(): Promise<void> {
    if (this.syncedOnce || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** Whether the first full state has been delivered. */
  hasSynced(): boolean {
    return this.syncedOnce;
  }

  get(namespace: string | undefined, name: string): RegistryObject | undefined {
    return this.objects.get(`${namespace ?? ''}/${name}`);
  }

  list(namespace?: string): RegistryObject[] {
    const all = [...this.objects.values()];
    return namespace === undefined ? all : all.filter((o) => (o.metadata?.namespace ?? '') === namespace);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.stop();
    this.wake?.();
    this.markSynced();
    await this.loop;
  }

  private markSynced(): void {
    this.syncedOnce = true;
    for (const w of this.syncWaiters.splice(0)) w();
  }

  private async run(): Promise<void> {
    let delay = 10;
    while (!this.stopped) {
      try {
        if (await this.watchOnce()) delay = 10;
      } catch (err) {
        this.opts.onError?.(err);
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => resolve(), delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
      delay = Math.min(delay * 2, 2_000);
    }
  }

  /** One watch from the current state; true when it delivered that state. */
  private async watchOnce(): Promise<boolean> {
    const watcher = this.opts.store.watch({ sendInitialEvents: true, allowBookmarks: true });
    this.watcher = watcher;
    if (this.stopped) watcher.stop();
    let initial: Map<string, RegistryObject> | null = new Map();
    let delivered = false;
    try {
      for await (const event of watcher) {
        if (event.type === 'ERROR') throw event.error;
        if (event.type === 'BOOKMARK') {
          if (event.initialEventsEnd && initial !== null) {
            this.replace(initial);
            initial = null;
            delivered = true;
            this.markSynced();
          }
          continue;
        }
        if (initial !== null && event.type === 'ADDED') {
          initial.set(objectKeyOf(event.object), event.object);
          continue;
        }
        this.apply(event.type, event.object);
      }
    } finally {
      watcher.stop();
      if (this.watcher === watcher) this.watcher = null;
    }
    return delivered;
  }

  private replace(state: Map<string, RegistryObject>): void {
    for (const [key, old] of [...this.objects]) {
      if (!state.has(key)) {
        this.objects.delete(key);
        this.emit('DELETED', old, old);
      }
    }
    for (const [key, obj] of state) {
      const old = this.objects.get(key);
      this.objects.set(key, obj);
      if (old === undefined) this.emit('ADDED', obj, undefined);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.emit('MODIFIED', obj, old);
    }
  }

  private apply(type: InformerEventType, obj: RegistryObject): void {
    const key = objectKeyOf(obj);
    const old = this.objects.get(key);
    if (type === 'DELETED') {
      this.objects.delete(key);
      this.emit('DELETED', obj, old);
      return;
    }
    this.objects.set(key, obj);
    this.emit(old === undefined ? 'ADDED' : 'MODIFIED', obj, old);
  }

  private emit(type: InformerEventType, obj: RegistryObject, old: RegistryObject | undefined): void {
    try {
      this.opts.onEvent(type, obj, old);
    } catch (err) {
      this.opts.onError?.(err);
    }
  }
}
