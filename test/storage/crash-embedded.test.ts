// Crash safety of the durable embedded store: a child process writes as fast as it can and is
// killed with SIGKILL at a random moment; every acknowledged write must survive, nothing may be
// half there, and the reopened store must be internally consistent. ~25-40 s (20 rounds in two
// lanes, mostly spent starting child Node processes).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openEmbeddedStorage, type EmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import type { StoredObject, WatchEvent } from '../../runtime/storage/index.js';
import { WatchReader } from '../conformance/watch-helpers.js';

interface CrashObject extends StoredObject {
  seq: number;
}

const ROUNDS = 20;
const LANES = 2;
const PREFIX = '/registry/crash/';
const FIXTURE = join(import.meta.dirname, 'fixtures', 'embedded-crash-writer.ts');

interface Attempt {
  seq: number;
  op: 'put' | 'del';
}

interface RoundLog {
  lastTry: Map<string, Attempt>;
  lastAck: Map<string, Attempt>;
  acks: number;
  errors: string[];
}

/** Runs the writer until it is killed at a random moment after it opened the store. */
async function runWriterAndKill(dataDir: string, logFile: string, seqBase: number): Promise<RoundLog> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, logFile, String(seqBase), '32', '8'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let killTimer: NodeJS.Timeout | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    if (killTimer === undefined && chunk.toString().includes('ready')) {
      killTimer = setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * 350);
    }
  });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(killTimer);
  assert.equal(exit.signal, 'SIGKILL', `writer ended on its own (code ${exit.code}): ${stderr}`);

  const log: RoundLog = { lastTry: new Map(), lastAck: new Map(), acks: 0, errors: [] };
  for (const line of (await readFile(logFile, 'utf8')).split('\n')) {
    const [kind, key, seq, op] = line.split(' ');
    if (kind === 'T') {
      log.lastTry.set(key!, { seq: Number(seq), op: op as 'put' | 'del' });
    } else if (kind === 'A') {
      const tried = log.lastTry.get(key!);
      assert.equal(tried?.seq, Number(seq), `ack for ${key} matches its last attempt`);
      log.lastAck.set(key!, tried!);
      log.acks++;
    } else if (kind === 'E') {
      log.errors.push(line);
    }
  }
  return log;
}

/** list == gets, revisions bounded by the list revision, and a watch from the compacted revision replays to the same state. */
async function checkConsistent(store: EmbeddedStorage): Promise<Map<string, CrashObject>> {
  const current = await store.currentRevision();
  const listed = await store.list(PREFIX);
  assert.equal(Number(listed.resourceVersion), current);
  const state = new Map<string, CrashObject>();
  let previousKey = '';
  for (const item of listed.items as CrashObject[]) {
    const key = `${PREFIX}${item.metadata!.name}`;
    assert.ok(key > previousKey, 'list is sorted by key');
    previousKey = key;
    assert.ok(Number(item.metadata!.resourceVersion) <= current);
    assert.deepEqual(await store.get(key), item, `get ${key} equals its list item`);
    state.set(key, item);
  }

  const compacted = store.compactedRevision();
  const replay = new Map<string, CrashObject>();
  let from = 1;
  if (compacted >= 2) {
    const base = await store.list(PREFIX, { resourceVersion: String(compacted), resourceVersionMatch: 'Exact' });
    for (const item of base.items as CrashObject[]) replay.set(`${PREFIX}${item.metadata!.name}`, item);
    from = compacted;
  }
  if (current > from) {
    const reader = new WatchReader(store.watch(PREFIX, { recursive: true, resourceVersion: String(from) }));
    let rev = from;
    while (rev < current) {
      const event: WatchEvent<StoredObject> = await reader.expectEvent(5000);
      assert.ok(event.type !== 'ERROR' && event.type !== 'BOOKMARK', `unexpected ${event.type}`);
      const obj = event.object as CrashObject;
      const eventRev = Number(obj.metadata!.resourceVersion);
      assert.ok(eventRev > rev, 'watch revisions strictly increase');
      rev = eventRev;
      const key = `${PREFIX}${obj.metadata!.name}`;
      if (event.type === 'ADDED') {
        assert.ok(!replay.has(key), `ADDED for present ${key}`);
        replay.set(key, obj);
      } else if (event.type === 'MODIFIED') {
        assert.ok(replay.has(key), `MODIFIED for absent ${key}`);
        replay.set(key, obj);
      } else {
        assert.ok(replay.has(key), `DELETED for absent ${key}`);
        replay.delete(key);
      }
    }
    reader.stop();
    assert.equal(rev, current, 'the watch reaches the current revision exactly');
  }
  assert.deepEqual(replay, state, 'replaying the watch from the compacted revision gives the listed state');
  return state;
}

interface LaneResult {
  acks: number;
  sawSnapshot: boolean;
  sawCompaction: boolean;
}

/** Kill-and-reopen rounds against one data directory, checking each reopened store. */
async function runLane(dataDir: string, lane: number, rounds: number): Promise<LaneResult> {
  /** What the store held after the previous round: seq per key, absent keys missing. */
  let model = new Map<string, number>();
  const result: LaneResult = { acks: 0, sawSnapshot: false, sawCompaction: false };
  for (let round = 1; round <= rounds; round++) {
    const where = `lane ${lane} round ${round}`;
    const log = await runWriterAndKill(dataDir, `${dataDir}.writer-log`, round * 10_000_000);
    assert.deepEqual(log.errors, [], `${where}: the writer saw no storage errors`);
    result.acks += log.acks;
    result.sawSnapshot ||= (await readdir(dataDir)).some((n) => n.endsWith('.snap'));

    const store = await openEmbeddedStorage({ mode: 'durable', dataDir });
    try {
      const state = await checkConsistent(store);
      result.sawCompaction ||= store.compactedRevision() > 0;
      const keys = new Set([...model.keys(), ...log.lastTry.keys()]);
      for (const key of keys) {
        const acked = log.lastAck.get(key);
        const tried = log.lastTry.get(key);
        const allowed = new Set<number | 'absent'>();
        if (acked) allowed.add(acked.op === 'put' ? acked.seq : 'absent');
        else allowed.add(model.get(key) ?? 'absent');
        // The write in flight at the kill may or may not have reached the disk.
        if (tried && tried.seq !== acked?.seq) allowed.add(tried.op === 'put' ? tried.seq : 'absent');
        const actual = state.get(key)?.seq ?? 'absent';
        assert.ok(allowed.has(actual), `${where}: ${key} holds ${actual}, expected one of ${[...allowed].join(', ')}`);
      }
      model = new Map([...state].map(([key, obj]) => [key, obj.seq]));
      // The reopened store takes writes again.
      await store.create(`${PREFIX}after-round-${round}`, { metadata: { name: `after-round-${round}` }, seq: -1 } as CrashObject);
      await store.delete(`${PREFIX}after-round-${round}`);
    } finally {
      await store.close();
    }
  }
  return result;
}

describe('embedded storage survives SIGKILL', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) {
      await rm(dir, { recursive: true, force: true });
      await rm(`${dir}.writer-log`, { force: true });
    }
  });

  it(`keeps every acknowledged write over ${ROUNDS} kill-and-reopen rounds`, async () => {
    // Two data directories killed and reopened side by side: half the wall time, same coverage.
    for (let lane = 0; lane < LANES; lane++) dirs.push(await mkdtemp(join(tmpdir(), 'capstan-crash-')));
    const results = await Promise.all(dirs.map((dir, lane) => runLane(dir, lane, ROUNDS / LANES)));
    const acks = results.reduce((sum, r) => sum + r.acks, 0);
    assert.ok(acks > ROUNDS * 10, `the writers got acknowledgements (${acks})`);
    assert.ok(results.some((r) => r.sawSnapshot), 'snapshots were taken while writing');
    assert.ok(
      results.some((r) => r.sawCompaction),
      'history was compacted while writing (and the compacted revision survived restarts)',
    );
  });
});
