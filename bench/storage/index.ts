// Storage benchmark: embedded and etcd backends and the watch cache, each figure printed with
// a baseline measured in the same run (raw etcd calls with the same client and concurrency,
// plain Map lookups, plain queue fan-out), because this machine is shared and noisy.
//
//   npm run bench:storage [-- --quick]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWatchCache } from '../../runtime/storage/cacher/index.js';
import { openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import { EtcdClient, createEtcdStorage } from '../../runtime/storage/etcd/index.js';
import { WatchQueue, type Storage, type StoredObject } from '../../runtime/storage/index.js';
import { startEtcd } from '../../test/support/etcd-process.js';

const quick = process.argv.includes('--quick');
const CONCURRENCY = 64;
const CREATES = quick ? 3_000 : 20_000;
const ETCD_WRITES = quick ? 2_000 : 8_000;
const GETS = quick ? 10_000 : 50_000;
const CACHE_GETS = quick ? 200_000 : 1_000_000;
const LIST_SIZE = 10_000;
const WATCHERS = 1_000;
const FANOUT_WRITES = quick ? 50 : 200;

interface Row {
  metric: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  target?: string;
}
const rows: Row[] = [];

const nameOf = (i: number) => `cm-${String(i).padStart(6, '0')}`;
/** Keys follow kube's layout, which the watch cache derives from objects. */
const keyOf = (namespace: string, i: number) => `${namespace === 'list' ? LIST_PREFIX : '/registry/configmaps/'}${namespace}/${nameOf(i)}`;
/** The 10k objects lists, caches and watches use live under a resource of their own. */
const LIST_PREFIX = '/registry/listed/';

function configMap(i: number, namespace = 'bench'): StoredObject & Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: nameOf(i), namespace, uid: `uid-${i}`, labels: { app: 'bench', shard: String(i % 8) } },
    data: { key: `value-${i}`, other: 'x'.repeat(64) },
  };
}

async function rate(total: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await op(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function timeMs(op: () => Promise<unknown>, repeat = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await op();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Events delivered per second to `watchers` consumers of one source of `writes` events. */
async function fanOut(watchers: number, writes: number, subscribe: () => AsyncIterable<unknown> & { stop(): void }, write: (i: number) => Promise<unknown>): Promise<number> {
  const streams = Array.from({ length: watchers }, subscribe);
  let delivered = 0;
  const expected = watchers * writes;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  for (const stream of streams) {
    void (async () => {
      let seen = 0;
      for await (const event of stream) {
        if ((event as { type?: string }).type === 'BOOKMARK') continue;
        delivered++;
        if (++seen === writes) break;
      }
      if (delivered === expected) finish();
    })();
  }
  await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  for (let i = 0; i < writes; i++) await write(i);
  await done;
  const seconds = (performance.now() - started) / 1000;
  for (const s of streams) s.stop();
  return expected / seconds;
}

async function benchEmbedded(rawPutRate: number | undefined): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-bench-'));
  const store = await openEmbeddedStorage({ mode: 'durable', dataDir: dir });
  try {
    const createRate = await rate(CREATES, CONCURRENCY, (i) => store.create(keyOf('bench', i), configMap(i)));
    rows.push({
      metric: 'embedded durable creates (64 writers)',
      value: createRate,
      unit: '/s',
      ...(rawPutRate ? { baseline: { name: 'raw etcd puts', value: rawPutRate } } : {}),
      target: '>= 10,000/s',
    });
    const getRate = await rate(GETS, CONCURRENCY, (i) => store.get(keyOf('bench', i % CREATES)));
    rows.push({ metric: 'embedded gets (consistent)', value: getRate, unit: '/s' });
    for (let i = 0; i < LIST_SIZE; i += 500) {
      await Promise.all(Array.from({ length: 500 }, (_, j) => store.create(keyOf('list', i + j), configMap(i + j, 'list'))));
    }
    rows.push({ metric: 'embedded list of 10k (consistent)', value: await timeMs(() => store.list(LIST_PREFIX)), unit: 'ms' });

    const cache = await createWatchCache<StoredObject>({ backend: store, prefix: LIST_PREFIX });
    const keys = Array.from({ length: LIST_SIZE }, (_, i) => keyOf('list', i));
    const plain = new Map(keys.map((k, i) => [k, configMap(i, 'list')]));
    const baselineStart = performance.now();
    for (let i = 0; i < CACHE_GETS; i++) await Promise.resolve(plain.get(keys[i % LIST_SIZE]!));
    const mapRate = CACHE_GETS / ((performance.now() - baselineStart) / 1000);
    const cacheStart = performance.now();
    for (let i = 0; i < CACHE_GETS; i++) await cache.get(keys[i % LIST_SIZE]!, { resourceVersion: '0' });
    const cacheRate = CACHE_GETS / ((performance.now() - cacheStart) / 1000);
    rows.push({ metric: 'watch cache gets (in-process, rv=0)', value: cacheRate, unit: '/s', baseline: { name: 'awaited Map.get', value: mapRate }, target: '>= 500,000/s' });
    rows.push({ metric: 'watch cache list of 10k (rv=0)', value: await timeMs(() => cache.list(LIST_PREFIX, { resourceVersion: '0' })), unit: 'ms' });

    const queues: WatchQueue<unknown>[] = [];
    const queueRate = await fanOut(
      WATCHERS,
      FANOUT_WRITES,
      () => {
        const q = new WatchQueue<unknown>({ capacity: 10_000 });
        queues.push(q);
        return q;
      },
      async (i) => {
        for (const q of queues) q.push({ type: 'ADDED', object: { i } });
        await new Promise((r) => setImmediate(r));
      },
    );
    const fanRate = await fanOut(
      WATCHERS,
      FANOUT_WRITES,
      () => cache.watch(LIST_PREFIX, { recursive: true, sendInitialEvents: false }),
      (i) => store.guaranteedUpdate(keyOf('list', i % LIST_SIZE), {}, (c) => ({ ...(c as object), counter: i }) as StoredObject),
    );
    rows.push({ metric: 'watch fan-out, 1,000 watchers (embedded)', value: fanRate, unit: 'events/s', baseline: { name: 'bare queue fan-out', value: queueRate } });
    await cache.close();
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchEtcd(): Promise<number | undefined> {
  let etcd;
  try {
    etcd = await startEtcd();
  } catch (err) {
    console.error(`etcd not available, skipping its rows: ${(err as Error).message}`);
    return undefined;
  }
  const raw = new EtcdClient({ endpoints: etcd.endpoints, requestTimeoutMs: 10_000 });
  const storage: Storage = createEtcdStorage({ endpoints: etcd.endpoints });
  try {
    const value = Buffer.from(JSON.stringify(configMap(0)));
    // Alternating rounds, medians: etcd slows as its database grows, so measuring one side
    // first would favour it.
    const rounds = 3;
    const perRound = Math.floor(ETCD_WRITES / rounds);
    const putRates: number[] = [];
    const createRates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      putRates.push(await rate(perRound, CONCURRENCY, (i) => raw.put(Buffer.from(`/raw/k-${r * perRound + i}`), value)));
      createRates.push(await rate(perRound, CONCURRENCY, (i) => storage.create(keyOf('bench', r * perRound + i), configMap(r * perRound + i))));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const putRate = median(putRates);
    rows.push({ metric: `raw etcd puts (64 writers, median of ${rounds})`, value: putRate, unit: '/s' });
    const createRate = median(createRates);
    rows.push({ metric: `etcd-backed creates (64 writers, median of ${rounds})`, value: createRate, unit: '/s', baseline: { name: 'raw etcd puts', value: putRate }, target: '>= 80% of raw puts' });
    const rangeRate = await rate(GETS, CONCURRENCY, (i) => raw.range({ key: Buffer.from(`/raw/k-${i % (perRound * rounds)}`) }));
    rows.push({ metric: 'raw etcd ranges (one key)', value: rangeRate, unit: '/s' });
    const getRate = await rate(GETS, CONCURRENCY, (i) => storage.get(keyOf('bench', i % (perRound * rounds))));
    rows.push({ metric: 'etcd-backed gets (consistent)', value: getRate, unit: '/s', baseline: { name: 'raw etcd ranges', value: rangeRate } });
    for (let i = 0; i < LIST_SIZE; i += 500) {
      await Promise.all(Array.from({ length: 500 }, (_, j) => storage.create(keyOf('list', i + j), configMap(i + j, 'list'))));
    }
    const prefix = Buffer.from(LIST_PREFIX);
    const end = Buffer.from('/registry/listed0');
    const rawList = await timeMs(() => raw.range({ key: prefix, range_end: end }));
    rows.push({ metric: 'etcd-backed list of 10k (consistent)', value: await timeMs(() => storage.list(LIST_PREFIX)), unit: 'ms', baseline: { name: 'raw etcd range of 10k', value: rawList } });
    const cache = await createWatchCache<StoredObject>({ backend: storage, prefix: LIST_PREFIX });
    const fanRate = await fanOut(
      WATCHERS,
      FANOUT_WRITES,
      () => cache.watch(LIST_PREFIX, { recursive: true, sendInitialEvents: false }),
      (i) => storage.guaranteedUpdate(keyOf('list', i % LIST_SIZE), {}, (c) => ({ ...(c as object), counter: i }) as StoredObject),
    );
    rows.push({ metric: 'watch fan-out, 1,000 watchers (etcd)', value: fanRate, unit: 'events/s' });
    await cache.close();
    return putRate;
  } finally {
    await storage.close();
    raw.close();
    await etcd.cleanup();
  }
}

function format(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

async function main(): Promise<void> {
  const putRate = await benchEtcd();
  await benchEmbedded(putRate);
  console.log(`\nstorage benchmark${quick ? ' (quick)' : ''} — ${new Date().toISOString()}\n`);
  console.log('| metric | value | baseline (same run) | ratio | target |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const base = r.baseline ? `${r.baseline.name}: ${format(r.baseline.value)} ${r.unit}` : '';
    // For times, lower is better: the ratio says how many baselines the figure costs.
    const ratio = r.baseline ? `${(r.value / r.baseline.value).toFixed(2)}x` : '';
    console.log(`| ${r.metric} | ${format(r.value)} ${r.unit} | ${base} | ${ratio} | ${r.target ?? ''} |`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
