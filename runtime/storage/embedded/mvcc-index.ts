// The in-memory multi-version index: for every key, its versions since the compacted revision,
// plus a revision-ordered list of changes (one per revision) that watches replay from.
import BTreeModule from 'sorted-btree';

// sorted-btree is CommonJS: under Node's ESM loader the default import is module.exports, which
// holds the class as `.default` (and TypeScript under NodeNext types it that way too).
const BTree = BTreeModule.default;

/** One version of one key. A tombstone (value null) records a deletion. */
export interface KeyVersion {
  /** The revision that wrote this version. */
  readonly mod: number;
  /** The revision that created the key (0 for a tombstone). */
  readonly create: number;
  /** Writes since creation, 1 for the creating one (0 for a tombstone). */
  readonly version: number;
  /** The object as encoded JSON without resourceVersion; null for a tombstone. */
  readonly value: string | null;
}

/** What one revision did: the version it wrote and the live version it replaced (if any). */
export interface Change {
  readonly key: string;
  readonly next: KeyVersion;
  readonly prev: KeyVersion | null;
}

/** The revision of an empty store; the first write gets the next one (as in etcd). */
export const EMPTY_STORE_REVISION = 1;

export class MvccIndex {
  private readonly keys = new BTree<string, KeyVersion[]>();
  /** changes[i] was made at revision changesStart + i. */
  private changes: Change[] = [];
  private changesStart = EMPTY_STORE_REVISION + 1;
  private latestRevision = EMPTY_STORE_REVISION;
  private compactedRevision = 0;

  get latest(): number {
    return this.latestRevision;
  }

  get compacted(): number {
    return this.compactedRevision;
  }

  get keyCount(): number {
    return this.keys.size;
  }

  /** The newest version of key, tombstone or not, including writes not yet durable. */
  newest(key: string): KeyVersion | undefined {
    const versions = this.keys.get(key);
    return versions === undefined ? undefined : versions[versions.length - 1];
  }

  /** The live version of key at revision rev, or null when absent then. */
  liveAt(key: string, rev: number): KeyVersion | null {
    const versions = this.keys.get(key);
    return versions === undefined ? null : liveIn(versions, rev);
  }

  /** Records a new version of key at the next revision. */
  put(key: string, value: string): Change {
    const versions = this.keys.get(key);
    const newest = versions?.[versions.length - 1];
    const prev = newest !== undefined && newest.value !== null ? newest : null;
    const mod = this.latestRevision + 1;
    const next: KeyVersion = {
      mod,
      create: prev === null ? mod : prev.create,
      version: prev === null ? 1 : prev.version + 1,
      value,
    };
    return this.record(key, versions, next, prev);
  }

  /** Records the deletion of key (which must be live) at the next revision. */
  remove(key: string): Change {
    const versions = this.keys.get(key);
    const newest = versions?.[versions.length - 1];
    if (newest === undefined || newest.value === null) throw new Error(`cannot delete absent key ${key}`);
    const next: KeyVersion = { mod: this.latestRevision + 1, create: 0, version: 0, value: null };
    return this.record(key, versions, next, newest);
  }

  private record(key: string, versions: KeyVersion[] | undefined, next: KeyVersion, prev: KeyVersion | null): Change {
    if (versions === undefined) this.keys.set(key, [next]);
    else versions.push(next);
    this.latestRevision = next.mod;
    const change: Change = { key, next, prev };
    this.changes.push(change);
    return change;
  }

  /** Calls visit for each change with after < revision <= upTo, in revision order. */
  forEachChange(after: number, upTo: number, visit: (change: Change) => boolean | void): void {
    const from = Math.max(0, after + 1 - this.changesStart);
    const to = Math.min(this.changes.length, upTo + 1 - this.changesStart);
    for (let i = from; i < to; i++) if (visit(this.changes[i]!) === false) return;
  }

  /** Visits live keys in [start, end) at revision rev, in key order, until visit returns false. */
  scan(start: string, end: string, rev: number, visit: (key: string, version: KeyVersion) => boolean | void): void {
    for (const [key, versions] of this.keys.entries(start)) {
      if (key >= end) return;
      const live = liveIn(versions, rev);
      if (live !== null && visit(key, live) === false) return;
    }
  }

  /**
   * Forgets history before rev: a key keeps its versions after rev and the one live at rev.
   * Only keys changed since the last compaction can hold such history, so only they are visited.
   */
  compact(rev: number): void {
    if (rev <= this.compactedRevision) return;
    if (rev > this.latestRevision) throw new Error(`cannot compact to ${rev}, newest revision is ${this.latestRevision}`);
    const drop = Math.max(0, Math.min(this.changes.length, rev + 1 - this.changesStart));
    const touched = new Set<string>();
    for (let i = 0; i < drop; i++) touched.add(this.changes[i]!.key);
    this.changes = this.changes.slice(drop);
    this.changesStart += drop;
    this.compactedRevision = rev;
    for (const key of touched) {
      const versions = this.keys.get(key);
      if (versions === undefined) continue;
      let last = -1;
      for (let i = versions.length - 1; i >= 0; i--) {
        if (versions[i]!.mod <= rev) {
          last = i;
          break;
        }
      }
      if (last < 0) continue;
      const keepFrom = versions[last]!.value === null ? last + 1 : last;
      if (keepFrom >= versions.length) this.keys.delete(key);
      else if (keepFrom > 0) this.keys.set(key, versions.slice(keepFrom));
    }
  }

  /** Every key with its versions up to rev (copies; the index keeps changing after this returns). */
  captureUpTo(rev: number): { key: string; versions: KeyVersion[] }[] {
    const out: { key: string; versions: KeyVersion[] }[] = [];
    for (const [key, versions] of this.keys.entries()) {
      const kept = versions[versions.length - 1]!.mod <= rev ? versions.slice() : versions.filter((v: KeyVersion) => v.mod <= rev);
      if (kept.length > 0) out.push({ key, versions: kept });
    }
    return out;
  }

  /**
   * Rebuilds the index from a snapshot taken at revision `revision` after compaction to
   * `compacted`. Returns a description of the first inconsistency, or null.
   */
  load(revision: number, compacted: number, entries: Iterable<{ key: string; versions: KeyVersion[] }>): string | null {
    if (this.keys.size > 0 || this.changes.length > 0) throw new Error('load into a non-empty index');
    this.latestRevision = Math.max(revision, EMPTY_STORE_REVISION);
    this.compactedRevision = compacted;
    this.changesStart = Math.max(compacted, EMPTY_STORE_REVISION) + 1;
    const changes: (Change | undefined)[] = new Array(Math.max(0, this.latestRevision + 1 - this.changesStart));
    for (const { key, versions } of entries) {
      this.keys.set(key, versions);
      let prev: KeyVersion | null = null;
      for (const v of versions) {
        if (v.mod > this.latestRevision) return `key ${key} has revision ${v.mod} after the snapshot revision ${revision}`;
        if (v.mod >= this.changesStart) {
          const slot = v.mod - this.changesStart;
          if (changes[slot] !== undefined) return `revision ${v.mod} is written twice`;
          changes[slot] = { key, next: v, prev };
        }
        prev = v.value === null ? null : v;
      }
    }
    for (let i = 0; i < changes.length; i++) {
      if (changes[i] === undefined) return `revision ${this.changesStart + i} is missing`;
    }
    this.changes = changes as Change[];
    return null;
  }
}

function liveIn(versions: KeyVersion[], rev: number): KeyVersion | null {
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i]!;
    if (v.mod <= rev) return v.value === null ? null : v;
  }
  return null;
}
