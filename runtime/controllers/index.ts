// The controllers kube-controller-manager would run that an API server alone needs to behave
// like a cluster: namespace deletion and garbage collection. They run in process over the
// registry stores (no HTTP, no authorization), sharing one informer per installed resource.
import { InformerHub, type ResourceSource } from './base/index.js';
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
}

export interface RunningControllers {
  stop(): Promise<void>;
}

/** Starts the built-in controllers over what the installer serves (a ResourceInstaller). */
export function startBuiltinControllers(installer: ResourceSource, opts: BuiltinControllersOptions = {}): RunningControllers {
  const onError = opts.onError ?? ((err: unknown) => console.error('capstan: controller error:', err));
  const hub = new InformerHub(installer, { onError, ...(opts.rescanMs !== undefined ? { rescanMs: opts.rescanMs } : {}) });
  const stops: Array<() => Promise<void>> = [];

  if (opts.garbageCollector !== false) {
    const gc = new GarbageCollector({ hub, onError });
    gc.start();
    stops.push(() => gc.stop());
  }
  const namespaces = installer.all().find((r) => r.generated.descriptor.group === '' && r.generated.descriptor.plural === 'namespaces')?.store;
  if (opts.namespace !== false && namespaces) {
    const nc = new NamespaceController({ source: installer, hub, namespaces, onError });
    nc.start();
    stops.push(() => nc.stop());
  }
  const clusterRoles = installer
    .all()
    .find((r) => r.generated.descriptor.group === 'rbac.authorization.k8s.io' && r.generated.descriptor.plural === 'clusterroles')?.store;
  if (opts.clusterRoleAggregation !== false && clusterRoles) {
    const ac = new ClusterRoleAggregationController({ hub, clusterRoles, onError });
    ac.start();
    stops.push(() => ac.stop());
  }
  hub.start();

  let stopping: Promise<void> | null = null;
  return {
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
export { ClusterRoleAggregationController } from './rbac/index.js';
