// The bootstrap controller kube-apiserver runs inside itself: the system namespaces exist, and
// the `kubernetes` Service and Endpoints in `default` point at this server. Anything missing is
// created, a Service or Endpoints someone changed is put back. Watch events (through the shared
// informers) make that prompt; a periodic pass catches whatever an event did not.
import type { RegistryObject, RegistryStore } from '../../registry/index.js';
import { hasReason, WorkQueue, type InformerHub, type ProcessResult } from '../base/index.js';
import {
  DEFAULT_NAMESPACE,
  desiredEndpoints,
  desiredService,
  KUBERNETES_SERVICE_NAME,
  repairedEndpoints,
  repairedService,
  SYSTEM_NAMESPACES,
  type ApiServerEndpoint,
  type EndpointsObject,
  type ServiceObject,
} from './objects.js';

export interface BootstrapControllerOptions {
  readonly hub: InformerHub;
  readonly namespaces: RegistryStore<RegistryObject>;
  /** Absent when the server does not serve services / endpoints: only namespaces are kept. */
  readonly services: RegistryStore<RegistryObject> | null;
  readonly endpoints: RegistryStore<RegistryObject> | null;
  readonly endpoint: ApiServerEndpoint;
  readonly systemNamespaces?: readonly string[];
  /** How often everything is checked regardless of events; default 10 s, kube's interval. */
  readonly resyncMs?: number;
  /** A wait for something that has to go first (a namespace still terminating); default 250 ms. */
  readonly waitMs?: number;
  readonly onError?: (err: unknown) => void;
}

/** Not right yet, and nothing to schedule: an event or the periodic pass brings the key back. */
const NOT_YET: ProcessResult = {};

const SERVICE_KEY = 'service';
const ENDPOINTS_KEY = 'endpoints';
const namespaceKey = (name: string): string => `namespace/${name}`;

// Two servers that publish different Endpoints (replicas with different addresses sharing one
// etcd) would rewrite each other's on every event. Past this many writes of one object in the
// window, events stop triggering repairs and only the periodic pass does.
const WRITE_BUDGET = 5;
const WRITE_WINDOW_MS = 10_000;

export class BootstrapController {
  private readonly queue = new WorkQueue<string>();
  private readonly keys: readonly string[];
  private readonly systemNamespaces: ReadonlySet<string>;
  private readonly unreconciled: Set<string>;
  private readonly unattempted: Set<string>;
  private readonly attemptWaiters: Array<() => void> = [];
  private readonly writes = new Map<string, number[]>();
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly opts: BootstrapControllerOptions) {
    const namespaces = opts.systemNamespaces ?? SYSTEM_NAMESPACES;
    this.systemNamespaces = new Set(namespaces);
    this.keys = [
      ...namespaces.map(namespaceKey),
      ...(opts.services ? [SERVICE_KEY] : []),
      ...(opts.endpoints ? [ENDPOINTS_KEY] : []),
    ];
    this.unreconciled = new Set(this.keys);
    this.unattempted = new Set(this.keys);
    this.unsubscribe = opts.hub.subscribe((resource, type, obj) => this.onEvent(resource.store, type, obj));
  }

  start(): void {
    if (this.running !== null || this.stopped) return;
    this.running = this.queue.run(1, (key) => this.sync(key), (_key, err) => this.opts.onError?.(err));
    this.enqueueAll();
    this.timer = setInterval(() => this.enqueueAll(), this.opts.resyncMs ?? 10_000);
    this.timer.unref();
  }

  /** Whether every object has been made right at least once (kube's bootstrap-controller hook). */
  hasReconciled(): boolean {
    return this.unreconciled.size === 0;
  }

  /** Resolves once every object has been looked at once, whether or not that succeeded (or on stop). */
  firstPass(): Promise<void> {
    if (this.unattempted.size === 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.attemptWaiters.push(resolve));
  }

  /** Stops; resolves once a write in flight has finished, after which nothing more is written. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    if (this.timer !== null) clearInterval(this.timer);
    this.queue.stop();
    for (const w of this.attemptWaiters.splice(0)) w();
    await this.running;
  }

  private enqueueAll(): void {
    for (const key of this.keys) this.queue.add(key);
  }

  private onEvent(store: RegistryStore<RegistryObject>, type: string, obj: RegistryObject): void {
    const name = obj.metadata?.name ?? '';
    const namespace = obj.metadata?.namespace ?? '';
    if (store === this.opts.namespaces) {
      // A namespace being deleted is left to finish; its DELETED event brings it back.
      if (type === 'DELETED' && this.systemNamespaces.has(name)) this.queue.add(namespaceKey(name));
      return;
    }
    if (namespace !== DEFAULT_NAMESPACE || name !== KUBERNETES_SERVICE_NAME) return;
    const key = store === this.opts.services ? SERVICE_KEY : store === this.opts.endpoints ? ENDPOINTS_KEY : null;
    if (key !== null && !this.overBudget(key)) this.queue.add(key);
  }

  private async sync(key: string): Promise<ProcessResult | void> {
    try {
      const result = await this.reconcile(key);
      if (result === undefined) this.unreconciled.delete(key);
      return result;
    } finally {
      this.attempted(key);
    }
  }

  private reconcile(key: string): Promise<ProcessResult | undefined> {
    if (key === SERVICE_KEY) return this.syncService();
    if (key === ENDPOINTS_KEY) return this.syncEndpoints();
    return this.syncNamespace(key.slice(namespaceKey('').length));
  }

  private attempted(key: string): void {
    if (!this.unattempted.delete(key) || this.unattempted.size > 0) return;
    for (const w of this.attemptWaiters.splice(0)) w();
  }

  private async syncNamespace(name: string): Promise<undefined> {
    const store = this.opts.namespaces;
    if ((await getOrNull(store, name, undefined)) !== null) return undefined;
    try {
      await store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, {});
    } catch (err) {
      // Someone else made it meanwhile; or it is still being deleted, and its DELETED event comes.
      if (!hasReason(err, 'AlreadyExists')) throw err;
    }
    return undefined;
  }

  private syncService(): Promise<ProcessResult | undefined> {
    const e = this.opts.endpoint;
    return this.syncObject(SERVICE_KEY, this.opts.services!, () => desiredService(e), (current) => repairedService(current as ServiceObject, e));
  }

  private syncEndpoints(): Promise<ProcessResult | undefined> {
    const e = this.opts.endpoint;
    return this.syncObject(ENDPOINTS_KEY, this.opts.endpoints!, () => desiredEndpoints(e), (current) => repairedEndpoints(current as EndpointsObject, e));
  }

  /** Creates the object when missing, writes its repair when it differs; undefined once it is right. */
  private async syncObject(
    key: string,
    store: RegistryStore<RegistryObject>,
    desired: () => RegistryObject,
    repair: (current: RegistryObject) => RegistryObject | null,
  ): Promise<ProcessResult | undefined> {
    const wait = { requeueAfterMs: this.opts.waitMs ?? 250 };
    const options = { namespace: DEFAULT_NAMESPACE };
    const current = await getOrNull(store, KUBERNETES_SERVICE_NAME, DEFAULT_NAMESPACE);
    if (current === null) {
      if (this.stopped) return undefined;
      try {
        await store.create(desired(), options);
        this.wrote(key);
        return undefined;
      } catch (err) {
        // The namespace is missing (NotFound) or terminating (Forbidden): once it is back, so is this.
        if (hasReason(err, 'NotFound', 'Forbidden')) {
          this.queue.add(namespaceKey(DEFAULT_NAMESPACE));
          return wait;
        }
        // Created by someone in between, or still being deleted (its DELETED event comes).
        if (hasReason(err, 'AlreadyExists')) return NOT_YET;
        throw err;
      }
    }
    // Held by a finalizer: polling would not hurry it; its DELETED event (or the resync) comes.
    if (current.metadata?.deletionTimestamp !== undefined) return NOT_YET;
    const next = repair(current);
    if (next === null || this.stopped) return undefined;
    try {
      await store.update(KUBERNETES_SERVICE_NAME, next, options);
      this.wrote(key);
      return undefined;
    } catch (err) {
      // Changed or deleted since it was read: read it again.
      if (hasReason(err, 'Conflict', 'NotFound')) return { requeueAfterMs: 0 };
      throw err;
    }
  }

  private wrote(key: string): void {
    const now = Date.now();
    const recent = (this.writes.get(key) ?? []).filter((t) => now - t < WRITE_WINDOW_MS);
    recent.push(now);
    this.writes.set(key, recent);
    if (recent.length === WRITE_BUDGET + 1) {
      this.opts.onError?.(
        new Error(`bootstrap controller: the ${key === SERVICE_KEY ? 'Service' : 'Endpoints'} default/kubernetes was rewritten ${recent.length} times in ${WRITE_WINDOW_MS / 1000}s (another API server publishing different ones?); repairing it only every resync now`),
      );
    }
  }

  private overBudget(key: string): boolean {
    const now = Date.now();
    return (this.writes.get(key) ?? []).filter((t) => now - t < WRITE_WINDOW_MS).length > WRITE_BUDGET;
  }
}

async function getOrNull(store: RegistryStore<RegistryObject>, name: string, namespace: string | undefined): Promise<RegistryObject | null> {
  try {
    return await store.get(name, namespace === undefined ? {} : { namespace });
  } catch (err) {
    if (hasReason(err, 'NotFound')) return null;
    throw err;
  }
}
