// The live set of resources the server answers for. Dispatch, discovery and OpenAPI all read
// it, so resources added or removed at run time (CRDs, aggregated APIs) show up at once.
import type { Admission } from '../admission/index.js';
import type { ResourceEndpoint } from './rest/resource-request.js';

/** A resource the server answers for: its descriptor, handlers, schema functions and table. */
export type ServedResource = ResourceEndpoint;

export interface GroupVersions {
  readonly group: string;
  /** Preferred version first. */
  readonly versions: readonly string[];
}

const keyOf = (group: string, version: string, plural: string) => `${group}/${version}/${plural}`;

export class ServedResources {
  private readonly byKey = new Map<string, ServedResource>();
  private readonly listeners = new Set<() => void>();
  private groupOrder: string[] = [];
  private admission: Admission | null = null;
  /** Bumped on every change; caches of derived documents compare it. */
  generation = 0;

  /**
   * The admission chain every served resource's writes go through, this one's and those added
   * later (CRDs). Set once at server assembly, after the admission's own stores are served.
   */
  setAdmission(admission: Admission): void {
    this.admission = admission;
    for (const [key, served] of this.byKey) this.byKey.set(key, { ...served, admission });
  }

  add(served: ServedResource): void {
    const d = served.descriptor;
    const admission = this.admission;
    this.byKey.set(keyOf(d.group, d.version, d.plural), admission !== null ? { ...served, admission } : served);
    if (!this.groupOrder.includes(d.group)) this.groupOrder.push(d.group);
    this.changed();
  }

  remove(group: string, version: string, plural: string): boolean {
    const removed = this.byKey.delete(keyOf(group, version, plural));
    if (removed) {
      if (!this.all().some((s) => s.descriptor.group === group)) this.groupOrder = this.groupOrder.filter((g) => g !== group);
      this.changed();
    }
    return removed;
  }

  lookup(group: string, version: string, plural: string): ServedResource | undefined {
    return this.byKey.get(keyOf(group, version, plural));
  }

  /** Finds a resource by kind, e.g. to serve a subresource whose kind is given. */
  byKind(group: string, version: string, kind: string): ServedResource | undefined {
    for (const s of this.byKey.values()) {
      const d = s.descriptor;
      if (d.group === group && d.version === version && d.kind === kind) return s;
    }
    return undefined;
  }

  all(): ServedResource[] {
    return [...this.byKey.values()];
  }

  /** Resources of one group/version in plural order. */
  inGroupVersion(group: string, version: string): ServedResource[] {
    return this.all()
      .filter((s) => s.descriptor.group === group && s.descriptor.version === version)
      .sort((a, b) => a.descriptor.plural.localeCompare(b.descriptor.plural));
  }

  /** Groups in the order they were first served (the core group first when served). */
  groups(): GroupVersions[] {
    const order = [...this.groupOrder].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : 0));
    return order.map((group) => {
      const versions = [...new Set(this.all().filter((s) => s.descriptor.group === group).map((s) => s.descriptor.version))];
      return { group, versions: versions.sort(compareVersions) };
    });
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.generation++;
    for (const l of this.listeners) l();
  }
}

/**
 * kube's version priority: GA before beta before alpha, higher numbers first
 * (v2 > v1 > v1beta2 > v1beta1 > v1alpha1), other strings last in lexical order.
 */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0, v];
    const stage = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0), ''];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
  return ra[3].localeCompare(rb[3]);
}
