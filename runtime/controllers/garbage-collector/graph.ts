// The dependency graph the garbage collector keeps from its informers: every object seen (by
// uid) with its owner references, and for each owner uid the uids of the objects that name it,
// whether or not the owner exists (a dependent of an owner that never existed is found too).
import type { OwnerReference, RegistryObject } from '../../registry/index.js';
import type { StoredResource } from '../base/index.js';

export interface GraphNode {
  readonly uid: string;
  readonly resource: StoredResource;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly owners: readonly OwnerReference[];
  readonly finalizers: readonly string[];
  readonly beingDeleted: boolean;
}

export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** Records the object's current state; returns the node it replaced. */
  upsert(resource: StoredResource, obj: RegistryObject): { node: GraphNode; previous: GraphNode | undefined } | null {
    const meta = obj.metadata ?? {};
    if (meta.uid === undefined || meta.uid === '') return null;
    const node: GraphNode = {
      uid: meta.uid,
      resource,
      namespace: meta.namespace,
      name: meta.name ?? '',
      owners: meta.ownerReferences ?? [],
      finalizers: meta.finalizers ?? [],
      beingDeleted: meta.deletionTimestamp !== undefined,
    };
    const previous = this.nodes.get(node.uid);
    if (previous) this.unlink(previous);
    this.nodes.set(node.uid, node);
    for (const ref of node.owners) {
      let set = this.dependents.get(ref.uid);
      if (set === undefined) this.dependents.set(ref.uid, (set = new Set()));
      set.add(node.uid);
    }
    return { node, previous };
  }

  remove(uid: string): GraphNode | undefined {
    const node = this.nodes.get(uid);
    if (node === undefined) return undefined;
    this.unlink(node);
    this.nodes.delete(uid);
    return node;
  }

  /** The objects present that name ownerUid as an owner. */
  dependentsOf(ownerUid: string): GraphNode[] {
    const out: GraphNode[] = [];
    for (const uid of this.dependents.get(ownerUid) ?? []) {
      const node = this.nodes.get(uid);
      if (node !== undefined) out.push(node);
    }
    return out;
  }

  private unlink(node: GraphNode): void {
    for (const ref of node.owners) {
      const set = this.dependents.get(ref.uid);
      if (set === undefined) continue;
      set.delete(node.uid);
      if (set.size === 0) this.dependents.delete(ref.uid);
    }
  }
}
