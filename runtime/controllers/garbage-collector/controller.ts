// The garbage collector, after kube's: objects whose owners (metadata.ownerReferences) are all
// gone are deleted; an owner deleted in the foreground ("foregroundDeletion" finalizer) goes
// once its blocking dependents are gone; an orphaning owner ("orphan" finalizer) first removes
// itself from its dependents' owner references. Owners are checked with a live read by name and
// compared by uid, because the graph, fed by one informer per resource, can lag across resources.
import {
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_ORPHAN_DEPENDENTS,
  type OwnerReference,
  type PropagationPolicy,
  type RegistryObject,
} from '../../registry/index.js';
import { hasReason, retryOnConflict, WorkQueue, type InformerHub, type StoredResource } from '../base/index.js';
import { DependencyGraph, type GraphNode } from './graph.js';

export interface GarbageCollectorOptions {
  readonly hub: InformerHub;
  readonly workers?: number;
  readonly onError?: (err: unknown) => void;
}

type OwnerState = 'absent' | 'solid' | 'waiting';

const sameRefs = (a: readonly OwnerReference[], b: readonly OwnerReference[]) => JSON.stringify(a) === JSON.stringify(b);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export class GarbageCollector {
  private readonly graph = new DependencyGraph();
  private readonly queue = new WorkQueue<string>();
  private readonly unsubscribe: () => void;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly opts: GarbageCollectorOptions) {
    this.unsubscribe = opts.hub.subscribe((resource, type, obj) => this.observe(resource, type, obj));
  }

  /** Workers start once every informer delivered its first state, so "no dependents left" is true. */
  start(): void {
    this.running ??= this.opts.hub.synced().then(() => {
      if (this.stopped) return;
      return this.queue.run(this.opts.workers ?? 2, (uid) => this.process(uid), (_key, err) => this.opts.onError?.(err));
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.queue.stop();
    await this.running;
  }

  // ---- graph upkeep ----

  private observe(resource: StoredResource, type: string, obj: RegistryObject): void {
    const uid = obj.metadata?.uid;
    if (uid === undefined || uid === '') return;
    if (type === 'DELETED') {
      const node = this.graph.remove(uid);
      // Its dependents lost an owner; its owners may be waiting for it to go.
      for (const dep of this.graph.dependentsOf(uid)) this.queue.add(dep.uid);
      for (const ref of node?.owners ?? obj.metadata?.ownerReferences ?? []) this.queue.add(ref.uid);
      return;
    }
    const recorded = this.graph.upsert(resource, obj);
    if (recorded === null) return;
    const { node, previous } = recorded;
    const changed =
      previous === undefined ||
      !sameRefs(previous.owners, node.owners) ||
      previous.beingDeleted !== node.beingDeleted ||
      !sameList(previous.finalizers, node.finalizers);
    if (!changed) return;
    this.queue.add(uid);
    // Owners it no longer names (or names differently) may have been waiting on it.
    for (const ref of previous?.owners ?? []) this.queue.add(ref.uid);
    if (node.beingDeleted && node.finalizers.includes(FINALIZER_DELETE_DEPENDENTS)) {
      for (const dep of this.graph.dependentsOf(uid)) this.queue.add(dep.uid);
    }
  }

  // ---- work ----

  private async process(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (node === undefined) return;
    const gcFinalizer = node.finalizers.includes(FINALIZER_ORPHAN_DEPENDENTS) || node.finalizers.includes(FINALIZER_DELETE_DEPENDENTS);
    if (node.owners.length === 0 && !(node.beingDeleted && gcFinalizer)) return;

    const latest = await this.read(node.resource, node.namespace, node.name);
    // Gone or replaced: its events bring the graph up to date and queue it again if needed.
    if (latest === null || latest.metadata?.uid !== uid) return;
    const meta = latest.metadata;
    if (meta.deletionTimestamp !== undefined) {
      const finalizers = meta.finalizers ?? [];
      if (finalizers.includes(FINALIZER_ORPHAN_DEPENDENTS)) {
        await this.orphanDependents(uid);
        await this.removeFinalizer(node, FINALIZER_ORPHAN_DEPENDENTS);
      } else if (finalizers.includes(FINALIZER_DELETE_DEPENDENTS)) {
        await this.deleteDependentsFirst(node);
      }
      return;
    }
    await this.attemptToDelete(node, meta.ownerReferences ?? [], meta.finalizers ?? []);
  }

  /** A dependent with no owner left is deleted; owner references to gone owners are dropped. */
  private async attemptToDelete(node: GraphNode, refs: readonly OwnerReference[], finalizers: readonly string[]): Promise<void> {
    if (refs.length === 0) return;
    const states = await Promise.all(refs.map((ref) => this.ownerState(node, ref)));
    const solid = states.filter((s) => s === 'solid').length;
    if (solid > 0) {
      const drop = new Set(refs.filter((_r, i) => states[i] !== 'solid').map((r) => r.uid));
      if (drop.size > 0) await this.editOwnerReferences(node, (current) => current.filter((r) => !drop.has(r.uid)));
      return;
    }
    const waiting = states.includes('waiting');
    let policy: PropagationPolicy = 'Background';
    if (waiting && this.graph.dependentsOf(node.uid).length > 0) policy = 'Foreground';
    else if (finalizers.includes(FINALIZER_ORPHAN_DEPENDENTS)) policy = 'Orphan';
    else if (finalizers.includes(FINALIZER_DELETE_DEPENDENTS)) policy = 'Foreground';
    await this.deleteObject(node, policy);
  }

  /** Foreground: delete the dependents, and let the owner go when none blocks it any more. */
  private async deleteDependentsFirst(owner: GraphNode): Promise<void> {
    const dependents = this.graph.dependentsOf(owner.uid);
    const blocking = dependents.filter((d) => d.owners.some((r) => r.uid === owner.uid && r.blockOwnerDeletion === true));
    if (blocking.length === 0) {
      await this.removeFinalizer(owner, FINALIZER_DELETE_DEPENDENTS);
      return;
    }
    // Each dependent sees this owner waiting and deletes itself; their deletions requeue the owner.
    for (const dep of dependents) this.queue.add(dep.uid);
  }

  private async orphanDependents(ownerUid: string): Promise<void> {
    for (const dep of this.graph.dependentsOf(ownerUid)) {
      await this.editOwnerReferences(dep, (refs) => refs.filter((r) => r.uid !== ownerUid));
    }
  }

  // ---- owners ----

  private async ownerState(dependent: GraphNode, ref: OwnerReference): Promise<OwnerState> {
    const owner = this.resolve(ref.apiVersion, ref.kind);
    // An owner kind this server does not serve cannot be checked: keep the dependent.
    if (owner === undefined) return 'solid';
    const ownerNamespaced = owner.generated.descriptor.scope === 'Namespaced';
    // A cluster-scoped dependent cannot name a namespaced owner: kube leaves such a reference
    // unresolved, so it never makes the dependent collectable.
    if (ownerNamespaced && (dependent.namespace === undefined || dependent.namespace === '')) return 'solid';
    // A namespaced owner is looked for in the dependent's namespace only.
    const found = await this.read(owner, ownerNamespaced ? dependent.namespace : undefined, ref.name);
    if (found === null || found.metadata?.uid !== ref.uid) return 'absent';
    const meta = found.metadata;
    if (meta.deletionTimestamp !== undefined && (meta.finalizers ?? []).includes(FINALIZER_DELETE_DEPENDENTS)) return 'waiting';
    return 'solid';
  }

  private resolve(apiVersion: string, kind: string): StoredResource | undefined {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const all = this.opts.hub.all();
    return (
      all.find((r) => r.generated.descriptor.group === group && r.generated.descriptor.version === version && r.generated.descriptor.kind === kind) ??
      all.find((r) => r.generated.descriptor.group === group && r.generated.descriptor.kind === kind)
    );
  }

  // ---- writes ----

  private async read(resource: StoredResource, namespace: string | undefined, name: string): Promise<RegistryObject | null> {
    try {
      return await resource.store.get(name, namespace ? { namespace } : {});
    } catch (err) {
      if (hasReason(err, 'NotFound')) return null;
      throw err;
    }
  }

  private async deleteObject(node: GraphNode, policy: PropagationPolicy): Promise<void> {
    try {
      await node.resource.store.delete(node.name, {
        ...(node.namespace ? { namespace: node.namespace } : {}),
        options: { propagationPolicy: policy, preconditions: { uid: node.uid } },
      });
    } catch (err) {
      // Already gone, or replaced by another object of the same name.
      if (!hasReason(err, 'NotFound', 'Conflict')) throw err;
    }
  }

  private async editOwnerReferences(node: GraphNode, edit: (refs: OwnerReference[]) => OwnerReference[]): Promise<void> {
    await this.rewrite(node, (obj) => {
      const meta = obj.metadata!;
      const refs = meta.ownerReferences ?? [];
      const next = edit([...refs]);
      if (next.length === refs.length) return false;
      if (next.length === 0) delete meta.ownerReferences;
      else meta.ownerReferences = next;
      return true;
    });
  }

  private async removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    await this.rewrite(node, (obj) => {
      const meta = obj.metadata!;
      if (!(meta.finalizers ?? []).includes(finalizer)) return false;
      meta.finalizers = (meta.finalizers ?? []).filter((f) => f !== finalizer);
      return true;
    });
  }

  /** Read-modify-write of the live object (same uid only); edit returns false for no change. */
  private async rewrite(node: GraphNode, edit: (obj: RegistryObject) => boolean): Promise<void> {
    await retryOnConflict(async () => {
      const current = await this.read(node.resource, node.namespace, node.name);
      if (current === null || current.metadata?.uid !== node.uid) return;
      const next = structuredClone(current);
      if (!edit(next)) return;
      try {
        await node.resource.store.update(node.name, next, node.namespace ? { namespace: node.namespace } : {});
      } catch (err) {
        if (!hasReason(err, 'NotFound')) throw err;
      }
    });
  }
}
