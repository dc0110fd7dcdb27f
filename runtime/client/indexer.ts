// The informer's cache: objects by key (`namespace/name`, or `name` when cluster-scoped),
// plus secondary indexes computed by index functions. A 'namespace' index is always there.
import type { KubeObject } from './objects.js';
import { objectKey } from './objects.js';

/** The values an object is filed under in one index. */
export type IndexFunc<T> = (obj: T) => readonly string[];

export const NAMESPACE_INDEX = 'namespace';

export function namespaceIndexFunc(obj: KubeObject): string[] {
  return [obj.metadata?.namespace ?? ''];
}

export class Indexer<T extends KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexFuncs = new Map<string, IndexFunc<T>>();
  /** index name -> value -> keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Readonly<Record<string, IndexFunc<T>>> = {}) {
    this.addIndexers({ [NAMESPACE_INDEX]: namespaceIndexFunc, ...indexers });
  }

  /** Adds index functions; existing objects are indexed at once. */
  addIndexers(indexers: Readonly<Record<string, IndexFunc<T>>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexFuncs.has(name)) throw new Error(`index "${name}" already exists`);
      this.indexFuncs.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) fileUnder(index, fn(obj), key);
    }
  }

  keyOf(obj: T): string {
    return objectKey(obj);
  }

  /** Adds or replaces; returns the object it replaced. */
  upsert(obj: T): T | undefined {
    const key = this.keyOf(obj);
    const old = this.items.get(key);
    if (old !== undefined) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexFuncs) fileUnder(this.indices.get(name)!, fn(obj), key);
    return old;
  }

  /** Removes by the object's key; returns what was cached. */
  remove(obj: T): T | undefined {
    return this.removeKey(this.keyOf(obj));
  }

  removeKey(key: string): T | undefined {
    const old = this.items.get(key);
    if (old === undefined) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  /** By namespace and name; `namespace` is '' or undefined for cluster-scoped objects. */
  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Objects filed under `value` in index `indexName`. */
  byIndex(indexName: string, value: string): T[] {
    const keys = this.indexOf(indexName).get(value);
    if (!keys) return [];
    return [...keys].map((key) => this.items.get(key)!);
  }

  /** The values present in an index. */
  indexValues(indexName: string): string[] {
    return [...this.indexOf(indexName).keys()];
  }

  private indexOf(indexName: string): Map<string, Set<string>> {
    const index = this.indices.get(indexName);
    if (!index) throw new Error(`index "${indexName}" does not exist`);
    return index;
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indices.get(name)!;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        if (!keys) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(value);
      }
    }
  }
}

function fileUnder(index: Map<string, Set<string>>, values: readonly string[], key: string): void {
  for (const value of values) {
    let keys = index.get(value);
    if (!keys) index.set(value, (keys = new Set()));
    keys.add(key);
  }
}
