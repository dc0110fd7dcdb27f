// The controllers kube-controller-manager would run that an API server alone needs to behave
// like a cluster: namespace deletion and garbage collection; and kube-apiserver's own bootstrap
// controller. They run in process over the registry stores (no HTTP, no authorization),
// sharing one informer per installed resource.
import type { RegistryObject, RegistryStore } from '../registry/index.js';
import { InformerHub, type ResourceSource } from './base/index.js';
import { BootstrapController, firstServiceIP, resolveAdvertiseAddress } from './bootstrap/index.js';
import { GarbageCollector } from './garbage-collector/index.js';
import { NamespaceController } from './namespace/index.js';
import { ClusterRoleAggregationController } from './rbac/index.js';

export interface BuiltinControllersOptions {
  /** Where errors the controllers retry past are reported; default stderr. */
  readonly onError?: (err: unknown) => void;
  /** How often newly installed resources (custom resources) are looked for; default 1 s. */
  readonly rescanMs?: number;
  /** Which controllers run; default both. */
  readonly namespace?: boolean;
  readonly garbageCollector?: boolean;
  readonly clusterRoleAggregation?: boolean;
  /** Runs the bootstrap controller for a server listening as said here; unset: it does not run. */
  readonly bootstrap?: BootstrapOptions;
}

export interface BootstrapOptions {
  /** The port the server really listens on (after binding, when it was asked for port 0). */
  readonly securePort: number;
  readonly bindAddress: string;
  /** Where the `kubernetes` Endpoints point; default from the bind address (resolveAdvertiseAddress). */
  readonly advertiseAddress?: string;
  /** The Service's cluster IP is this range's first address; default 10.0.0.0/24. */
  readonly serviceClusterIpRange?: string;
  /** Periodic reconcile; default 10 s. */
  readonly resyncMs?: number;
}

export interface RunningControllers {
  /** Whether every informer present has delivered its first state (kube's informer-sync). */
  hasSynced(): boolean;
  /** Whether the bootstrap controller has made everything right once (true when it does not run). */
  hasBootstrapped(): boolean;
  /**
   * Resolves once the informers have synced and the bootstrap controller has looked at every
   * object once, or after timeoutMs (default 10 s), so a server can wait for that before it
   * calls itself started without a storage problem hanging its start.
   */
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A named readiness check, in the shape of the server's HealthCheck. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

/**
 * kube-apiserver's readyz checks for what the controllers do: `informer-sync` and
 * `poststarthook/bootstrap-controller`. They read the controllers through `get`, so they can be
 * handed to the HTTP server before the controllers start (which needs its port); both fail
 * while `get` answers null.
 */
export function controllerReadiness(get: () => RunningControllers | null): ReadinessCheck[] {
  const pass = (ok: boolean, what: string): Promise<void> => (ok ? Promise.resolve() : Promise.reject(new Error(what)));
  return [
    { name: 'informer-sync', check: () => pass(get()?.hasSynced() === true, 'informers not synced') },
    { name: 'poststarthook/bootstrap-controller', check: () => pass(get()?.hasBootstrapped() === true, 'not finished') },
  ];
}

/** Starts the built-in controllers over what the installer serves (a ResourceInstaller). */
export function startBuiltinControllers(installer: ResourceSource, opts: BuiltinControllersOptions = {}): RunningControllers {
  const onError = opts.onError ?? ((err: unknown) => console.error('capstan: controller error:', err));
  const hub = new InformerHub(installer, { onError, ...(opts.rescanMs !== undefined ? { rescanMs: opts.rescanMs } : {}) });
  const stops: Array<() => Promise<void>> = [];
  const find = (group: string, plural: string): RegistryStore<RegistryObject> | null =>
    installer.all().find((r) => r.generated.descriptor.group === group && r.generated.descriptor.plural === plural)?.store ?? null;

  if (opts.garbageCollector !== false) {
    const gc = new GarbageCollector({ hub, onError });
    gc.start();
    stops.push(() => gc.stop());
  }
  const namespaces = find('', 'namespaces');
  if (opts.namespace !== false && namespaces) {
    const nc = new NamespaceController({ source: installer, hub, namespaces, onError });
    nc.start();
    stops.push(() => nc.stop());
  }
  const clusterRoles = find('rbac.authorization.k8s.io', 'clusterroles');
  if (opts.clusterRoleAggregation !== false && clusterRoles) {
    const ac = new ClusterRoleAggregationController({ hub, clusterRoles, onError });
    ac.start();
    stops.push(() => ac.stop());
  }
  let bootstrap: BootstrapController | null = null;
  if (opts.bootstrap && namespaces) {
    const b = opts.bootstrap;
    bootstrap = new BootstrapController({
      hub,
      namespaces,
      services: find('', 'services'),
      endpoints: find('', 'endpoints'),
      endpoint: {
        serviceIP: firstServiceIP(b.serviceClusterIpRange ?? '10.0.0.0/24'),
        advertiseAddress: resolveAdvertiseAddress(b.bindAddress, b.advertiseAddress),
        securePort: b.securePort,
      },
      onError,
      ...(b.resyncMs !== undefined ? { resyncMs: b.resyncMs } : {}),
    });
    bootstrap.start();
    const started = bootstrap;
    stops.push(() => started.stop());
  }
  hub.start();

  let stopping: Promise<void> | null = null;
  return {
    hasSynced: () => hub.hasSynced(),
    hasBootstrapped: () => bootstrap?.hasReconciled() ?? true,
    async ready(timeoutMs = 10_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      });
      try {
        await Promise.race([Promise.all([hub.synced(), bootstrap?.firstPass()]), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    stop() {
      stopping ??= (async () => {
        await Promise.all(stops.map((s) => s()));
        await hub.stop();
      })();
      return stopping;
    },
  };
}

export { InformerHub, WorkQueue, ResourceInformer, type ResourceSource, type ControlledResource } from './base/index.js';
export { GarbageCollector } from './garbage-collector/index.js';
export { NamespaceController, type NamespaceCondition } from './namespace/index.js';
export {
  BootstrapController,
  SYSTEM_NAMESPACES,
  firstServiceIP,
  resolveAdvertiseAddress,
  desiredService,
  desiredEndpoints,
  repairedService,
  repairedEndpoints,
  type ApiServerEndpoint,
} from './bootstrap/index.js';
export { ClusterRoleAggregationController } from './rbac/index.js';
