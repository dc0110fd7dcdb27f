// A reflector feeding an indexer, and handlers told of every change. `synced` resolves once
// the first complete list is in the cache (and its onAdd calls were made), so a controller
// can await it before trusting a lister.
import { Indexer, type IndexFunc } from './indexer.js';
import type { KubeObject } from './objects.js';
import { objectKey } from './objects.js';
import { Reflector, type ListerWatcher, type ObjectEvent, type ReflectorOptions, type ReflectorStore } from './reflector.js';

export interface DeleteInfo {
  /**
   * True when the delete was only noticed by a re-list (the watch missed it): the object
   * passed is the last state this cache knew, not the state it was deleted in.
   */
  finalStateUnknown: boolean;
}

export interface EventHandlers<T> {
  onAdd?(obj: Readonly<T>): void;
  /** Also called by resyncs, with `oldObj === newObj`. */
  onUpdate?(oldObj: Readonly<T>, newObj: Readonly<T>): void;
  onDelete?(obj: Readonly<T>, info: DeleteInfo): void;
}

export interface InformerOptions<T> extends ReflectorOptions {
  /** Re-deliver onUpdate for every cached object this often. 0 or absent: never. */
  resyncPeriodMs?: number;
  indexers?: Readonly<Record<string, IndexFunc<T>>>;
}

export class InformerStoppedError extends Error {
  override name = 'InformerStoppedError';
  constructor() {
    super('the informer stopped before its cache synced');
  }
}

export class Informer<T extends KubeObject> {
  readonly indexer: Indexer<T>;
  /** Resolves once the first list is in the cache; rejects if stopped before that. */
  readonly synced: Promise<void>;
  private readonly reflector: Reflector<T>;
  private readonly handlers = new Set<EventHandlers<T>>();
  private resolveSynced!: () => void;
  private rejectSynced!: (err: Error) => void;
  private hasSyncedFlag = false;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(
    source: ListerWatcher<T>,
    private readonly options: InformerOptions<T> = {},
  ) {
    this.indexer = new Indexer<T>(options.indexers ?? {});
    this.synced = new Promise<void>((resolve, reject) => {
      this.resolveSynced = resolve;
      this.rejectSynced = reject;
    });
    // Nobody may be awaiting synced when a stop rejects it; that is not a crash.
    this.synced.catch(() => undefined);
    const store: ReflectorStore<T> = {
      replace: (items, resourceVersion) => this.replace(items, resourceVersion),
      apply: (event) => this.apply(event),
    };
    this.reflector = new Reflector<T>(source, store, options);
  }

  get hasSynced(): boolean {
    return this.hasSyncedFlag;
  }

  get lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  get lastError(): unknown {
    return this.reflector.lastError;
  }

  get started(): boolean {
    return this.controller !== undefined;
  }

  /**
   * Registers handlers; returns a function that unregisters them. Handlers added after objects
   * are cached first get an onAdd for each of them, as if they had been there from the start.
   */
  addEventHandler(handlers: EventHandlers<T>): () => void {
    const own = { ...handlers };
    this.handlers.add(own);
    for (const obj of this.indexer.list()) this.call(own, 'onAdd', obj);
    return () => {
      this.handlers.delete(own);
    };
  }

  /** Starts listing and watching; a second call does nothing. */
  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.running = this.reflector.run(controller.signal);
  }

  /** Resolves once synced; rejects if the informer stops first or `signal` aborts. */
  async waitForCacheSync(signal?: AbortSignal): Promise<void> {
    if (!signal) return this.synced;
    signal.throwIfAborted();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.synced, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
  }

  /** Stops watching and resyncing; resolves when the reflector has let go. */
  async stop(): Promise<void> {
    if (!this.hasSyncedFlag) this.rejectSynced(new InformerStoppedError());
    clearInterval(this.resyncTimer);
    this.resyncTimer = undefined;
    if (!this.controller) return;
    this.controller.abort(new Error('informer stopped'));
    await this.running;
  }

  /**
   * A complete list replaces the cache. Objects whose resourceVersion did not change raise no
   * event (a re-list after a 410 would otherwise report every object as updated); resyncs are
   * the way to revisit everything.
   */
  private replace(items: T[], _resourceVersion: string): void {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.indexer.upsert(obj);
      if (old === undefined) this.emit('onAdd', obj);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.emit('onUpdate', old, obj);
    }
    for (const key of this.indexer.keys()) {
      if (seen.has(key)) continue;
      const old = this.indexer.removeKey(key)!;
      this.emit('onDelete', old, { finalStateUnknown: true });
    }
    if (!this.hasSyncedFlag) {
      this.hasSyncedFlag = true;
      this.resolveSynced();
      this.startResync();
    }
  }

  private apply(event: ObjectEvent<T>): void {
    if (event.type === 'DELETED') {
      const old = this.indexer.remove(event.object);
      if (old !== undefined) this.emit('onDelete', event.object, { finalStateUnknown: false });
      return;
    }
    const old = this.indexer.upsert(event.object);
    if (old === undefined) this.emit('onAdd', event.object);
    else this.emit('onUpdate', old, event.object);
  }

  private startResync(): void {
    const period = this.options.resyncPeriodMs ?? 0;
    if (period <= 0 || this.controller?.signal.aborted) return;
    this.resyncTimer = setInterval(() => {
      for (const obj of this.indexer.list()) this.emit('onUpdate', obj, obj);
    }, period);
    this.resyncTimer.unref();
  }

  private emit(kind: 'onAdd', obj: T): void;
  private emit(kind: 'onUpdate', oldObj: T, newObj: T): void;
  private emit(kind: 'onDelete', obj: T, info: DeleteInfo): void;
  private emit(kind: keyof EventHandlers<T>, a: T, b?: T | DeleteInfo): void {
    for (const handlers of this.handlers) this.call(handlers, kind, a, b);
  }

  private call(handlers: EventHandlers<T>, kind: keyof EventHandlers<T>, a: T, b?: T | DeleteInfo): void {
    try {
      if (kind === 'onAdd') handlers.onAdd?.(a);
      else if (kind === 'onUpdate') handlers.onUpdate?.(a, b as T);
      else handlers.onDelete?.(a, b as DeleteInfo);
    } catch (err) {
      // One handler's bug must not stop the cache or the other handlers.
      this.options.onError?.(err);
    }
  }
}

