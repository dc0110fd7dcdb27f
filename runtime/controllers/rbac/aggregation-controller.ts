// The ClusterRole aggregation controller: a ClusterRole with an aggregationRule carries the
// rules of every ClusterRole its selectors match. Any ClusterRole change may change what an
// aggregated role gathers, so every aggregated role is re-checked on every change; the
// rules are written only when they differ.
import { aggregateClusterRole, rulesEqual, type ClusterRole, type PolicyRule } from '../../auth/index.js';
import type { RegistryObject, RegistryStore } from '../../registry/index.js';
import { hasReason, retryOnConflict, WorkQueue, type InformerHub, type StoredResource } from '../base/index.js';

export interface AggregationControllerOptions {
  readonly hub: InformerHub;
  readonly clusterRoles: RegistryStore<RegistryObject>;
  readonly onError?: (err: unknown) => void;
}

type ClusterRoleObject = RegistryObject & ClusterRole & { rules?: PolicyRule[] };

export class ClusterRoleAggregationController {
  private readonly queue = new WorkQueue<string>();
  private readonly unsubscribe: () => void;
  private resource: StoredResource | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly opts: AggregationControllerOptions) {
    this.unsubscribe = opts.hub.subscribe((resource) => {
      if (resource.store !== opts.clusterRoles) return;
      this.resource = resource;
      for (const role of resource.informer.list() as ClusterRoleObject[]) {
        if (role.aggregationRule) this.queue.add(role.metadata?.name ?? '');
      }
    });
  }

  start(): void {
    this.running ??= this.queue.run(1, (name) => this.sync(name), (_key, err) => this.opts.onError?.(err));
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    this.queue.stop();
    await this.running;
  }

  private async sync(name: string): Promise<void> {
    const informer = this.resource?.informer;
    if (!informer) return;
    const role = informer.get(undefined, name) as ClusterRoleObject | undefined;
    if (!role?.aggregationRule) return;
    let wanted: PolicyRule[] | null;
    try {
      wanted = aggregateClusterRole(role, informer.list() as ClusterRoleObject[]);
    } catch (err) {
      // An invalid selector: nothing to aggregate until the role is fixed (kube logs and moves on).
      this.opts.onError?.(err);
      return;
    }
    if (wanted === null || sameRules(role.rules ?? [], wanted)) return;
    await retryOnConflict(async () => {
      let current: ClusterRoleObject;
      try {
        current = (await this.opts.clusterRoles.get(name)) as ClusterRoleObject;
      } catch (err) {
        if (hasReason(err, 'NotFound')) return;
        throw err;
      }
      if (!current.aggregationRule || sameRules(current.rules ?? [], wanted)) return;
      await this.opts.clusterRoles.update(name, { ...current, rules: wanted } as RegistryObject);
    });
  }
}

function sameRules(a: readonly PolicyRule[], b: readonly PolicyRule[]): boolean {
  return a.length === b.length && a.every((r, i) => rulesEqual(r, b[i]!));
}
