// etcd stopped and restarted (once gracefully, once killed) under write and watch load: no
// acknowledged write is lost, and every watcher sees every revision exactly once, in order.
// One etcd; about 10 s.
//
// The store is fresh and only this test writes to it, so every etcd revision after the start is
// one of our writes: a watcher must deliver exactly the revisions start+1 .. final, and
// replaying its events must give the final list.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEtcdStorage, type EtcdStorage } from '../../runtime/storage/etcd/index.js';
import { isStorageError, type StoredObject, type Watcher, type WatchEvent } from '../../runtime/storage/index.js';
import { startEtcd, type EtcdProcess } from '../support/etcd-process.js';

interface Obj extends StoredObject {
  metadata: { name: string; resourceVersion?: string };
  writer: number;
  seq: number;
}

interface Ack {
  rev: number;
  key: string;
  /** The object's seq after the write, or null for a delete. */
  seq: number | null;
}

interface Seen {
  rev: number;
  type: string;
  key: string;
  seq: number;
}

const WRITERS = 16;
const KEYS_PER_WRITER = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Collects a watcher's events until stopped; fails on ERROR. `initialEnd` resolves at the
 * initial-events-end bookmark (for watchers that asked for one).
 */
function collect(watcher: Watcher<Obj>, prefix: string) {
  const seen: Seen[] = [];
  let markInitialEnd: () => void = () => undefined;
  const initialEnd = new Promise<void>((resolve) => {
    markInitialEnd = resolve;
  });
  const done = (async () => {
    for await (const event of watcher as AsyncIterable<WatchEvent<Obj>>) {
      if (event.type === 'BOOKMARK') {
        if (event.initialEventsEnd) markInitialEnd();
        continue;
      }
      if (event.type === 'ERROR') throw event.error;
      const o = event.object;
      seen.push({
        rev: Number(o.metadata.resourceVersion),
        type: event.type,
        key: `${prefix}${o.metadata.name}`,
        seq: o.seq,
      });
    }
  })();
  // Observed when the test awaits it; until then a failure must not count as unhandled.
  done.catch(() => undefined);
  return { watcher, seen, done, initialEnd };
}

describe('etcd backend across etcd restarts under load', { timeout: 120_000 }, () => {
  let etcd: EtcdProcess;
  let storage: EtcdStorage<Obj>;

  before(async () => {
    etcd = await startEtcd();
    storage = createEtcdStorage<Obj>({ endpoints: etcd.endpoints, requestTimeoutMs: 2000, bookmarkIntervalMs: 200 });
  });
  after(async () => {
    await storage?.close();
    await etcd?.cleanup();
  });

  it('loses no acknowledged write and no watch event, and repeats none', async () => {
    const prefix = '/registry/etcd-restart/';
    const start = await storage.currentRevision();
    const watchers = [
      collect(storage.watch(prefix, { recursive: true, resourceVersion: String(start) }), prefix),
      collect(storage.watch(prefix, { recursive: true, resourceVersion: String(start), allowBookmarks: true }), prefix),
      // From "now" with initial state (empty here): a list, then a watch from its revision.
      collect(storage.watch(prefix, { recursive: true, sendInitialEvents: true, allowBookmarks: true }), prefix),
    ];
    // Its state is read at `start` only if nothing is written before it was read.
    await watchers[2]!.initialEnd;

    const acks: Ack[] = [];
    const failures = new Map<string, number>();
    let stopWriting = false;
    const writer = async (w: number) => {
      let seq = 0;
      while (!stopWriting) {
        const key = `${prefix}w${w}-k${seq % KEYS_PER_WRITER}`;
        seq++;
        try {
          if (seq % 7 === 0) {
            const name = `w${w}-new${seq}`;
            const made = await storage.create(`${prefix}${name}`, { metadata: { name }, writer: w, seq });
            acks.push({ rev: Number(made.metadata.resourceVersion), key: `${prefix}${name}`, seq });
          } else if (seq % 5 === 0) {
            const gone = await storage.delete(key);
            acks.push({ rev: Number(gone.metadata.resourceVersion), key, seq: null });
          } else {
            const mySeq = seq;
            const written = await storage.guaranteedUpdate(key, { ignoreNotFound: true }, () => ({
              metadata: { name: key.slice(prefix.length) },
              writer: w,
              seq: mySeq,
            }));
            acks.push({ rev: Number(written.metadata.resourceVersion), key, seq: written.seq });
          }
        } catch (err) {
          // While etcd is away calls fail (fast); afterwards a key may simply not exist.
          assert.ok(isStorageError(err), `raw error escaped: ${String(err)}`);
          failures.set(err.code, (failures.get(err.code) ?? 0) + 1);
          if (err.code !== 'NotFound') await sleep(20);
        }
      }
    };
    const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

    await sleep(1500);
    await etcd.restart();
    await sleep(1500);
    await etcd.restart({ hard: true });
    await sleep(1500);
    stopWriting = true;
    await writing;

    const marker = await storage.create(`${prefix}zz-marker`, { metadata: { name: 'zz-marker' }, writer: -1, seq: 0 });
    const finalRev = Number(marker.metadata.resourceVersion);
    const deadline = Date.now() + 30_000;
    while (watchers.some((w) => (w.seen.at(-1)?.rev ?? 0) < finalRev) && Date.now() < deadline) await sleep(50);
    for (const w of watchers) w.watcher.stop();
    // A watcher that failed (ERROR) rejects here.
    await Promise.all(watchers.map((w) => w.done));
    const final = await storage.list(prefix, { resourceVersion: String(finalRev), resourceVersionMatch: 'Exact' });

    if (process.env['CAPSTAN_TEST_VERBOSE']) console.log({ acks: acks.length, failures, revisions: finalRev - start });
    assert.ok(acks.length > 100, `enough load: ${acks.length} acknowledged writes`);
    assert.ok((failures.get('Unavailable') ?? 0) > 0, 'the outages were noticed');
    const byRev = new Map(acks.map((a) => [a.rev, a]));
    assert.equal(byRev.size, acks.length, 'each acknowledged write has its own revision');

    // No acknowledged write lost: the final state holds each key's last acknowledged write,
    // unless a later write to that key had an unknown outcome (then the watchers arbitrate).
    const finalByKey = new Map(final.items.map((o) => [`${prefix}${o.metadata.name}`, o]));

    for (const [i, w] of watchers.entries()) {
      const revs = w.seen.map((s) => s.rev);
      // Exactly once, in order, nothing missing: every revision start+1 .. final, once.
      const firstMissing = revs.findIndex((rev, j) => rev !== start + 1 + j);
      assert.equal(firstMissing, -1, `watcher ${i}: revision ${start + 1 + firstMissing} missing or repeated`);
      assert.equal(revs.length, finalRev - start, `watcher ${i}: every revision delivered`);
      // Each acknowledged write appears at its revision, with its content.
      for (const s of w.seen) {
        const ack = byRev.get(s.rev);
        if (ack === undefined) continue; // a write whose acknowledgement was lost in an outage
        assert.equal(s.key, ack.key, `watcher ${i}: key at ${s.rev}`);
        if (ack.seq === null) assert.equal(s.type, 'DELETED', `watcher ${i}: delete at ${s.rev}`);
        else assert.equal(s.seq, ack.seq, `watcher ${i}: content at ${s.rev}`);
      }
      // Replaying the events gives the final list, with consistent event types on the way.
      const state = new Map<string, number>();
      for (const s of w.seen) {
        if (s.type === 'ADDED') assert.ok(!state.has(s.key), `watcher ${i}: ADDED for a present key at ${s.rev}`);
        else assert.ok(state.has(s.key), `watcher ${i}: ${s.type} for an absent key at ${s.rev}`);
        if (s.type === 'DELETED') state.delete(s.key);
        else state.set(s.key, s.rev);
      }
      assert.deepEqual(
        [...state].sort(),
        [...finalByKey].map(([k, o]) => [k, Number(o.metadata.resourceVersion)]).sort(),
        `watcher ${i}: replay equals the final list`,
      );
    }

    // Acknowledged writes in the final state: each key's newest acknowledged revision is either
    // its final revision or was overtaken by a later (possibly unacknowledged) write to it.
    const lastAckByKey = new Map<string, Ack>();
    for (const a of acks) if ((lastAckByKey.get(a.key)?.rev ?? 0) < a.rev) lastAckByKey.set(a.key, a);
    for (const [key, ack] of lastAckByKey) {
      const now = finalByKey.get(key);
      const finalKeyRev = now ? Number(now.metadata.resourceVersion) : Infinity;
      if (ack.seq === null && now === undefined) continue;
      assert.ok(finalKeyRev >= ack.rev, `${key}: acknowledged write @${ack.rev} lost`);
      if (finalKeyRev === ack.rev) assert.equal(now!.seq, ack.seq);
    }

    for (const w of watchers) assert.equal(w.seen.at(-1)?.key, `${prefix}zz-marker`);
  });
});
