// The etcd backend when etcd is down, hung or unreachable: calls fail Unavailable within their
// deadline (never hang), the health check fails and recovers, and watches resume from the last
// revision they delivered, or end with Expired when etcd compacted it meanwhile.
// One etcd for the file, stopped and started several times; about 8 s.
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createEtcdStorage, type EtcdStorage } from '../../runtime/storage/etcd/index.js';
import { isStorageError, type StoredObject, type WatchEvent } from '../../runtime/storage/index.js';
import { WatchReader, rvOf } from '../conformance/watch-helpers.js';
import { startEtcd, type EtcdProcess } from '../support/etcd-process.js';
import { freePorts, LOOPBACK } from '../support/free-port.js';

interface Obj extends StoredObject {
  metadata: { name: string; resourceVersion?: string };
  value?: string;
}

const obj = (name: string, value = 'v'): Obj => ({ metadata: { name }, value });

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isStorageError(err), `not a StorageError: ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

/**
 * A TCP proxy in front of etcd whose connections the test can cut: the backend loses etcd while
 * etcd itself stays up for other clients (a network partition of one server).
 */
class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private open = true;

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(target: string): Promise<CuttableProxy> {
    const { hostname, port } = new URL(target);
    let proxy: CuttableProxy | undefined;
    const server = createServer((client) => proxy!.accept(client, hostname, Number(port)));
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    proxy = new CuttableProxy(server, `http://${LOOPBACK}:${address.port}`);
    return proxy;
  }

  private accept(client: Socket, host: string, port: number): void {
    if (!this.open) {
      client.destroy();
      return;
    }
    const upstream = connect(port, host);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  }

  /** Drops every connection and refuses new ones. */
  cut(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.open = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Retries fn (like a health probe would) until it succeeds, for at most 10 s. */
async function eventually(fn: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fn();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const objectEvents = (events: WatchEvent<Obj>[]) =>
  events.map((e) => {
    assert.ok(e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED', `unexpected ${e.type}`);
    return `${e.type} ${e.object.metadata.name} ${e.object.value} @${rvOf(e)}`;
  });

describe('etcd backend during outages', { timeout: 90_000 }, () => {
  let etcd: EtcdProcess;
  let direct: EtcdStorage<Obj>;
  let impatient: EtcdStorage<Obj>;
  const unhandled: unknown[] = [];
  const recordUnhandled = (err: unknown) => unhandled.push(err);
  let n = 0;
  const prefix = () => `/registry/etcd-outage/t${++n}/`;

  before(async () => {
    process.on('unhandledRejection', recordUnhandled);
    process.on('uncaughtException', recordUnhandled);
    etcd = await startEtcd();
    direct = createEtcdStorage<Obj>({ endpoints: etcd.endpoints, requestTimeoutMs: 1000 });
    impatient = createEtcdStorage<Obj>({ endpoints: etcd.endpoints, requestTimeoutMs: 300 });
  });
  after(async () => {
    await direct?.close();
    await impatient?.close();
    await etcd?.cleanup();
    process.off('unhandledRejection', recordUnhandled);
    process.off('uncaughtException', recordUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled rejection or exception');
  });

  it('fails every call with Unavailable while etcd is down, and works again after a restart', async () => {
    const p = prefix();
    const created = await direct.create(`${p}a`, obj('a'));
    const start = Number(created.metadata.resourceVersion);
    const resumed = new WatchReader(direct.watch(p, { recursive: true, resourceVersion: String(start) }));
    await etcd.kill();
    // Calls that cannot reach etcd are retried for at most their deadline (here 300 ms).

    await rejectsWith(impatient.checkHealth(), 'Unavailable');
    await rejectsWith(impatient.get(`${p}a`), 'Unavailable');
    await rejectsWith(impatient.list(p), 'Unavailable');
    await rejectsWith(impatient.list(p, { limit: 1 }), 'Unavailable');
    await rejectsWith(impatient.create(`${p}b`, obj('b')), 'Unavailable');
    await rejectsWith(impatient.guaranteedUpdate(`${p}a`, {}, (c) => ({ ...c!, value: 'x' })), 'Unavailable');
    await rejectsWith(impatient.delete(`${p}a`), 'Unavailable');
    await rejectsWith(impatient.currentRevision(), 'Unavailable');
    await rejectsWith(impatient.compact(start), 'Unavailable');
    // A watch that has to read the initial state first cannot start: it ends with the error.
    const initial = new WatchReader(impatient.watch(p, { recursive: true }));
    const failed = await initial.expectEvent();
    assert.ok(failed.type === 'ERROR' && failed.error.code === 'Unavailable');
    assert.equal(await initial.next(), 'end');

    await etcd.start();
    // Back within about a second (gRPC reconnects with at most ~1 s backoff); a probe retries.
    await eventually(() => impatient.checkHealth());
    await direct.checkHealth();
    assert.equal((await direct.get(`${p}a`))?.value, 'v');
    const b = await direct.create(`${p}b`, obj('b'));
    assert.ok(Number(b.metadata.resourceVersion) > start);
    // The watch from before the outage simply carries on.
    const events = await resumed.take(1);
    assert.deepEqual(objectEvents(events), [`ADDED b v @${b.metadata.resourceVersion}`]);
    await resumed.expectQuiet(200);
    resumed.stop();
  });

  it('fails calls to a hung etcd with Unavailable at their deadline instead of hanging', { timeout: 30_000 }, async () => {
    const p = prefix();
    await direct.create(`${p}a`, obj('a'));
    etcd.pause();
    try {
      await rejectsWith(impatient.get(`${p}a`), 'Unavailable');
      await rejectsWith(impatient.create(`${p}b`, obj('b')), 'Unavailable');
      await rejectsWith(impatient.checkHealth(), 'Unavailable');
    } finally {
      etcd.resume();
    }
    await direct.checkHealth();
    // The create above may or may not have been applied before etcd froze; both are fine.
    assert.equal((await direct.get(`${p}a`))?.value, 'v');
  });

  it('resumes a watch cut off from etcd without losing or repeating events', async () => {
    const proxy = await CuttableProxy.start(etcd.clientUrl);
    const behind = createEtcdStorage<Obj>({ endpoints: [proxy.url], requestTimeoutMs: 1000, bookmarkIntervalMs: 100 });
    try {
      const p = prefix();
      const start = await behind.currentRevision();
      const reader = new WatchReader(behind.watch(p, { recursive: true, resourceVersion: String(start), allowBookmarks: true }));
      const a = await direct.create(`${p}a`, obj('a', '1'));
      assert.deepEqual(objectEvents(await reader.take(1)), [`ADDED a 1 @${a.metadata.resourceVersion}`]);

      proxy.cut();
      await rejectsWith(behind.checkHealth(), 'Unavailable');
      // Written while the watcher is cut off; delivered when it is back.
      const a2 = await direct.guaranteedUpdate(`${p}a`, {}, (c) => ({ ...c!, value: '2' }));
      const b = await direct.create(`${p}b`, obj('b'));
      const gone = await direct.delete(`${p}a`);
      // Bookmarks sent meanwhile never claim a revision whose events were not delivered.
      const during = await reader.next(400);
      if (during !== 'timeout' && during !== 'end' && during.type === 'BOOKMARK') {
        assert.equal(during.resourceVersion, a.metadata.resourceVersion);
      }
      proxy.restore();

      const events = await reader.take(3);
      assert.deepEqual(objectEvents(events), [
        `MODIFIED a 2 @${a2.metadata.resourceVersion}`,
        `ADDED b v @${b.metadata.resourceVersion}`,
        `DELETED a 2 @${gone.metadata.resourceVersion}`,
      ]);
      await reader.expectQuiet(300);
      await behind.checkHealth();
      reader.stop();
    } finally {
      await behind.close();
      await proxy.close();
    }
  });

  it('ends a cut-off watch with Expired when etcd compacted its revision meanwhile', async () => {
    const proxy = await CuttableProxy.start(etcd.clientUrl);
    const behind = createEtcdStorage<Obj>({ endpoints: [proxy.url], requestTimeoutMs: 1000 });
    try {
      const p = prefix();
      const start = await behind.currentRevision();
      const reader = new WatchReader(behind.watch(p, { recursive: true, resourceVersion: String(start) }));
      const a = await direct.create(`${p}a`, obj('a'));
      assert.equal(rvOf((await reader.take(1))[0]!), Number(a.metadata.resourceVersion));

      proxy.cut();
      await direct.guaranteedUpdate(`${p}a`, {}, (c) => ({ ...c!, value: 'missed' }));
      await direct.create(`${p}b`, obj('b'));
      const compactedTo = await direct.currentRevision();
      await direct.compact(compactedTo);
      proxy.restore();

      const event = await reader.expectEvent(10_000);
      assert.equal(event.type, 'ERROR');
      assert.ok(event.type === 'ERROR' && event.error.code === 'Expired', 'Expired');
      assert.equal(event.type === 'ERROR' && event.error.currentRevision, compactedTo);
      assert.equal(await reader.next(), 'end');
    } finally {
      await behind.close();
      await proxy.close();
    }
  });

  it('with several endpoints, passes over one that is unreachable', async () => {
    const [deadPort] = await freePorts(1);
    const dead = `http://${LOOPBACK}:${deadPort}`;
    const both = createEtcdStorage<Obj>({ endpoints: [dead, etcd.clientUrl], requestTimeoutMs: 1000 });
    try {
      const p = prefix();
      const start = await direct.currentRevision();
      const reader = new WatchReader(both.watch(p, { recursive: true, resourceVersion: String(start) }));
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i++) {
        outcomes.push(
          await both.create(`${p}k${i}`, obj(`k${i}`)).then(
            () => 'ok',
            (err: unknown) => (isStorageError(err) ? err.code : String(err)),
          ),
        );
      }
      // A call that finds no connection to the dead member was never sent, so it is tried again,
      // and the member is passed over for a while: no call fails.
      assert.deepEqual(outcomes, outcomes.map(() => 'ok'));
      const created = outcomes.length;
      // The watch may also have started on the dead member; it moves to the live one.
      const events = await reader.take(created, 15_000);
      assert.equal(new Set(events.map(rvOf)).size, created);
      reader.stop();
    } finally {
      await both.close();
    }
  });

  it('survives a graceful etcd restart mid-watch and keeps serving', async () => {
    const p = prefix();
    const start = await direct.currentRevision();
    const reader = new WatchReader(direct.watch(p, { recursive: true, resourceVersion: String(start) }));
    const a = await direct.create(`${p}a`, obj('a'));
    await etcd.restart();
    const b = await direct.create(`${p}b`, obj('b'));
    const events = await reader.take(2);
    assert.deepEqual(events.map(rvOf), [Number(a.metadata.resourceVersion), Number(b.metadata.resourceVersion)]);
    await reader.expectQuiet(200);
    reader.stop();
  });
});
