// The namespace controller: once a namespace is terminating and still carries the "kubernetes"
// finalizer, it deletes everything inside it (every installed namespaced resource), reports
// progress in the namespace's status conditions, and when nothing is left removes its finalizer
// through the finalize subresource, which deletes the namespace when no other finalizer holds it.
import { isStatusError } from '../../errors/index.js';
import { rfc3339Seconds, type RegistryStore, type RegistryObject } from '../../registry/index.js';
import { NAMESPACE_FINALIZER, namespaceFinalizeStrategy } from '../../resources/core/namespace/index.js';
import { hasReason, retryOnConflict, WorkQueue, type InformerHub, type ProcessResult, type ResourceSource } from '../base/index.js';
import { nextConditions, type CleanupReport, type NamespaceCondition } from './conditions.js';

export interface NamespaceControllerOptions {
  readonly source: ResourceSource;
  readonly hub: InformerHub;
  readonly namespaces: RegistryStore<RegistryObject>;
  readonly workers?: number;
  /** First wait before looking again at a namespace whose content is not gone yet; doubles to 2 s. */
  readonly recheckMs?: number;
  readonly onError?: (err: unknown) => void;
  readonly now?: () => Date;
}

interface NamespaceObject extends RegistryObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: NamespaceCondition[] };
}

const MAX_RECHECK_MS = 2_000;

export class NamespaceController {
  private readonly queue = new WorkQueue<string>();
  private readonly rechecks = new Map<string, number>();
  private readonly finalize = namespaceFinalizeStrategy<RegistryObject>();
  private readonly unsubscribe: () => void;
  private running: Promise<void> | null = null;

  constructor(private readonly opts: NamespaceControllerOptions) {
    this.unsubscribe = opts.hub.subscribe((resource, type, obj) => {
      if (resource.store !== opts.namespaces) return;
      if (type !== 'DELETED' && obj.metadata?.deletionTimestamp !== undefined) this.queue.add(obj.metadata.name ?? '');
      if (type === 'DELETED') this.rechecks.delete(obj.metadata?.name ?? '');
    });
  }

  start(): void {
    this.running ??= this.queue.run(this.opts.workers ?? 2, (name) => this.sync(name), (_key, err) => this.opts.onError?.(err));
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    this.queue.stop();
    await this.running;
  }

  private async sync(name: string): Promise<ProcessResult | void> {
    const ns = await this.getNamespace(name);
    if (ns === null || ns.metadata?.deletionTimestamp === undefined) return;
    if (!(ns.spec?.finalizers ?? []).includes(NAMESPACE_FINALIZER)) return;

    const report = await this.deleteContent(name);
    await this.writeConditions(name, report);
    if (report.deleteErrors.length > 0 || report.remaining.size > 0) {
      // Content with finalizers (or in foreground deletion) goes later: look again soon.
      const wait = this.rechecks.get(name) ?? this.opts.recheckMs ?? 50;
      this.rechecks.set(name, Math.min(wait * 2, MAX_RECHECK_MS));
      return { requeueAfterMs: wait };
    }
    this.rechecks.delete(name);
    await this.removeFinalizer(name);
  }

  private async getNamespace(name: string): Promise<NamespaceObject | null> {
    try {
      return (await this.opts.namespaces.get(name)) as NamespaceObject;
    } catch (err) {
      if (hasReason(err, 'NotFound')) return null;
      throw err;
    }
  }

  /** Deletes what the namespace holds, then counts what is still there. */
  private async deleteContent(namespace: string): Promise<CleanupReport> {
    const deleteErrors: string[] = [];
    const remaining = new Map<string, number>();
    const finalizers = new Map<string, number>();
    for (const r of this.opts.source.all()) {
      const store = r.store;
      const d = r.generated.descriptor;
      if (store === null || d.scope !== 'Namespaced' || !d.verbs.includes('list')) continue;
      const groupResource = `${d.plural}.${d.group}`;
      try {
        if (d.verbs.includes('deletecollection')) {
          await store.deleteCollection({ namespace, options: { propagationPolicy: 'Background' } });
        } else if (d.verbs.includes('delete')) {
          for (const item of (await store.list({ namespace })).items) {
            await store
              .delete(item.metadata?.name ?? '', { namespace, options: { propagationPolicy: 'Background' } })
              .catch((err: unknown) => {
                if (!hasReason(err, 'NotFound')) throw err;
              });
          }
        }
      } catch (err) {
        deleteErrors.push(`${groupResource}: ${isStatusError(err) ? err.message : String(err)}`);
      }
      const left = (await store.list({ namespace })).items;
      if (left.length === 0) continue;
      remaining.set(groupResource, left.length);
      for (const item of left) {
        for (const f of item.metadata?.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
      }
    }
    return { deleteErrors, remaining, finalizers };
  }

  private async writeConditions(name: string, report: CleanupReport): Promise<void> {
    const now = rfc3339Seconds((this.opts.now ?? (() => new Date()))());
    await retryOnConflict(async () => {
      const ns = await this.getNamespace(name);
      if (ns === null) return;
      const current = ns.status?.conditions ?? [];
      const conditions = nextConditions(current, report, now);
      if (JSON.stringify(conditions) === JSON.stringify(current)) return;
      const next: NamespaceObject = { ...structuredClone(ns), status: { ...structuredClone(ns.status ?? {}), conditions } };
      await this.opts.namespaces.updateStatus(name, next);
    });
  }

  /** PUT .../finalize without "kubernetes", in process. */
  private async removeFinalizer(name: string): Promise<void> {
    await retryOnConflict(async () => {
      const ns = await this.getNamespace(name);
      const finalizers = ns?.spec?.finalizers ?? [];
      if (ns === null || !finalizers.includes(NAMESPACE_FINALIZER)) return;
      const next: NamespaceObject = { ...structuredClone(ns), spec: { ...structuredClone(ns.spec ?? {}), finalizers: finalizers.filter((f) => f !== NAMESPACE_FINALIZER) } };
      try {
        await this.opts.namespaces.updateWithStrategy(name, next, this.finalize);
      } catch (err) {
        if (!hasReason(err, 'NotFound')) throw err;
      }
    });
  }
}
