// The cache's current objects: a Map for gets (one hash lookup, the hot path) and a B+ tree over
// the same keys for lists, which must come out sorted by key and start at any prefix.
import BTreeModule from 'sorted-btree';

// sorted-btree is CommonJS: imported from ESM, its default import is module.exports, which holds
// the class as `.default`.
const BTree = BTreeModule.default;

export class SortedObjectMap<V> {
  private readonly byKey = new Map<string, V>();
  private readonly ordered = new BTree<string, V>();

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): V | undefined {
    return this.byKey.get(key);
  }

  set(key: string, value: V): void {
    this.byKey.set(key, value);
    this.ordered.set(key, value);
  }

  delete(key: string): void {
    if (this.byKey.delete(key)) this.ordered.delete(key);
  }

  /** Entries with low <= key < high in key order; the callback returns false to stop. */
  scan(low: string, high: string, visit: (key: string, value: V) => boolean): void {
    for (const [key, value] of this.ordered.entries(low)) {
      if (key >= high || !visit(key, value)) return;
    }
  }

  /** Number of keys with low <= key < high. */
  count(low: string, high: string): number {
    let n = 0;
    this.ordered.forRange(low, high, false, () => {
      n++;
    });
    return n;
  }
}
