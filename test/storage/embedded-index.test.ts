// The embedded store's MVCC index against a naive model that keeps every revision: reads at any
// revision since the compaction, the change list, and a snapshot round trip. ~1 s (fast-check).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MvccIndex, type Change } from '../../runtime/storage/embedded/index.js';

type Op = { kind: 'put'; key: string; value: string } | { kind: 'del'; key: string } | { kind: 'compact'; back: number };

const keyArb = fc.constantFrom('/a', '/b', '/b/c', '/c', '/d');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('put' as const), key: keyArb, value: fc.string({ maxLength: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('del' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const), back: fc.nat(10) }) },
);

/** The state at every revision: states[rev] maps key -> value. */
function stateAt(history: Map<string, string>[], rev: number): Map<string, string> {
  return history[Math.min(rev, history.length - 1)]!;
}

function check(index: MvccIndex, history: Map<string, string>[], changes: Change[]): void {
  for (let rev = Math.max(index.compacted, 1); rev <= index.latest; rev++) {
    const expected = stateAt(history, rev);
    const seen = new Map<string, string>();
    index.scan('', '\uffff', rev, (key, version) => void seen.set(key, version.value!));
    assert.deepEqual(seen, expected, `state at ${rev}`);
    for (const key of ['/a', '/b', '/b/c', '/c', '/d']) {
      assert.equal(index.liveAt(key, rev)?.value ?? undefined, expected.get(key), `${key} at ${rev}`);
    }
  }
  const replayed: Change[] = [];
  index.forEachChange(index.compacted, index.latest, (c) => void replayed.push(c));
  assert.deepEqual(replayed, changes.filter((c) => c.next.mod > index.compacted));
}

describe('embedded storage: MVCC index', () => {
  it('answers like a full-history model at every revision since compaction, also after a snapshot round trip', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const index = new MvccIndex();
        const history: Map<string, string>[] = [new Map(), new Map()]; // revisions 0 and 1 are empty
        const changes: Change[] = [];
        for (const op of ops) {
          const current = history[history.length - 1]!;
          if (op.kind === 'compact') {
            index.compact(Math.max(1, index.latest - op.back));
            continue;
          }
          const next = new Map(current);
          if (op.kind === 'put') {
            changes.push(index.put(op.key, op.value));
            next.set(op.key, op.value);
          } else {
            if (!current.has(op.key)) continue;
            changes.push(index.remove(op.key));
            next.delete(op.key);
          }
          history.push(next);
        }
        check(index, history, changes);
        const copy = new MvccIndex();
        assert.equal(copy.load(index.latest, index.compacted, index.captureUpTo(index.latest)), null);
        check(copy, history, changes);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps versions created and changed counts', () => {
    const index = new MvccIndex();
    const c1 = index.put('/k', 'a');
    const c2 = index.put('/k', 'b');
    assert.deepEqual([c2.next.create, c2.next.version, c2.prev], [c1.next.mod, 2, c1.next]);
    index.remove('/k');
    const c4 = index.put('/k', 'c');
    assert.deepEqual([c4.next.create, c4.next.version, c4.prev], [c4.next.mod, 1, null]);
    assert.throws(() => index.remove('/missing'));
  });
});
