// API benchmark: GET of one object, LIST of 1k and 10k objects and creates against Capstan,
// and the same load generator against a bare fastify route (TLS + HTTP/2, constant answer) in
// the same run, printed as ratios; plus process start to /readyz with an empty data directory.
//
//   npm run bench:api [-- --quick]
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:http2';
import { h2 } from '../lib/h2.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const quick = process.argv.includes('--quick');
const STREAMS = 32; // concurrent requests over one HTTP/2 connection, as client-go multiplexes
const DURATION_MS = quick ? 1500 : 5000;

interface Creds {
  ca: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
}

/** Requests per second and latency percentiles for `op` over STREAMS concurrent streams. */
async function load(op: (i: number) => Promise<{ status: number }>, durationMs = DURATION_MS, streams = STREAMS) {
  const latencies: number[] = [];
  let i = 0;
  let errors = 0;
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: streams }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const r = await op(i++);
        latencies.push(performance.now() - t);
        if (r.status >= 400) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return { rps: latencies.length / seconds, p50: pct(0.5), p99: pct(0.99), errors };
}

interface Started {
  url: string;
  creds: Creds;
  stop(): Promise<void>;
}

function spawnAndRead(args: string[], onLine: (line: string) => unknown | undefined): Promise<{ child: ChildProcess; value: unknown }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      for (const line of out.split('\n')) {
        const value = onLine(line);
        if (value !== undefined) return resolve({ child, value });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** The baseline in a process of its own, as the server under test is. */
async function startBareFastify(): Promise<Started> {
  const { child, value } = await spawnAndRead(['--import', 'tsx', 'bench/api/bare-server.ts'], (line) => {
    try {
      return JSON.parse(line) as { url: string; ca: string };
    } catch {
      return undefined;
    }
  });
  const v = value as { url: string; ca: string };
  return { url: v.url, creds: { ca: v.ca }, stop: () => stopChild(child) };
}

/** Capstan as `npm start` runs it (the bundle), durable storage in a temp dir. */
async function startCapstan(dataDir: string): Promise<Started> {
  const { child, value } = await spawnAndRead(['dist/server/main.mjs', '--data-dir', dataDir, '--secure-port', '0'], (line) => /serving on (https:\/\/\S+)/.exec(line)?.[1]);
  const config = parse(await readFile(join(dataDir, 'admin.kubeconfig'), 'utf8'));
  const b64 = (s: string) => Buffer.from(s, 'base64');
  return {
    url: value as string,
    creds: {
      ca: b64(config.clusters[0].cluster['certificate-authority-data']),
      cert: b64(config.users[0].user['client-certificate-data']),
      key: b64(config.users[0].user['client-key-data']),
    },
    stop: () => stopChild(child),
  };
}

async function startupToReadyMs(): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'capstan-startup-'));
  const started = performance.now();
  // The bundle `npm start` runs (built once before the measurements by main()).
  const child = spawn(process.execPath, ['dist/server/main.mjs', '--data-dir', dataDir, '--secure-port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /serving on (https:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  const config = parse(await readFile(join(dataDir, 'admin.kubeconfig'), 'utf8'));
  const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64');
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = request(`${url}/readyz`, { ca }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - started;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await rm(dataDir, { recursive: true, force: true });
  return ms;
}

async function buildBundle(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const build = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { stdio: 'inherit' });
    build.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build failed: ${code}`))));
  });
}

async function main(): Promise<void> {
  await buildBundle();
  const dataDir = await mkdtemp(join(tmpdir(), 'capstan-bench-api-'));
  const bare = await startBareFastify();
  const capstan = await startCapstan(dataDir);
  const bareSession = connect(bare.url, { ca: bare.creds.ca });
  const session = connect(capstan.url, { ...capstan.creds });
  const rows: string[] = [];
  try {
    await h2(session, 'POST', '/api/v1/namespaces', { body: JSON.stringify({ metadata: { name: 'list1k' } }) });
    await h2(session, 'POST', '/api/v1/namespaces', { body: JSON.stringify({ metadata: { name: 'list10k' } }) });
    await h2(session, 'POST', '/api/v1/namespaces/default/configmaps', { body: JSON.stringify({ metadata: { name: 'c' }, data: { a: '1' } }) });

    const baseline = await load(() => h2(bareSession, 'GET', '/api/v1/namespaces/default/configmaps/c'));
    const get = await load(() => h2(session, 'GET', '/api/v1/namespaces/default/configmaps/c'));
    rows.push(`| GET one ConfigMap | ${Math.round(get.rps)} req/s (p50 ${get.p50.toFixed(1)} ms) | bare fastify GET: ${Math.round(baseline.rps)} req/s | ${(get.rps / baseline.rps).toFixed(2)}x | >= 0.50x |`);

    // Durable creates are bound by concurrency x fsync latency (group commit): measured with the
    // 64 concurrent writers bench/storage uses, and with the GET's 32 for comparison.
    for (const writers of [STREAMS, 64]) {
      const bareCreate = await load((i) => h2(bareSession, 'POST', '/api/v1/namespaces/default/configmaps', { body: JSON.stringify({ metadata: { name: `create-${i}` } }) }), DURATION_MS, writers);
      const create = await load((i) => h2(session, 'POST', '/api/v1/namespaces/default/configmaps', { body: JSON.stringify({ metadata: { name: `create-${writers}-${i}` }, data: { a: '1' } }) }), DURATION_MS, writers);
      rows.push(`| create ConfigMap (durable, fsynced), ${writers} streams | ${Math.round(create.rps)} req/s (p50 ${create.p50.toFixed(1)} ms, ${create.errors} errors) | bare fastify POST: ${Math.round(bareCreate.rps)} req/s | ${(create.rps / bareCreate.rps).toFixed(2)}x | >= 3,000/s |`);
    }

    for (const [ns, count] of [['list1k', 1000], ['list10k', quick ? 2000 : 10000]] as const) {
      let next = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < count) {
            const i = next++;
            await h2(session, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: JSON.stringify({ metadata: { name: `cm-${i}`, labels: { app: 'bench' } }, data: { key: 'value', other: 'x'.repeat(64) } }) });
          }
        }),
      );
      const list = await load(() => h2(session, 'GET', `/api/v1/namespaces/${ns}/configmaps`), DURATION_MS, 1);
      rows.push(`| LIST ${count} ConfigMaps (one client) | p50 ${list.p50.toFixed(1)} ms, p99 ${list.p99.toFixed(1)} ms | | | ${count === 10000 ? 'p50 < 200 ms' : ''} |`);
    }
  } finally {
    session.close();
    bareSession.close();
    await capstan.stop();
    await bare.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const startups: number[] = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) startups.push(await startupToReadyMs());
  startups.sort((a, b) => a - b);
  rows.push(`| process start to /readyz 200 (empty data dir, includes PKI) | ${Math.round(startups[Math.floor(startups.length / 2)]!)} ms (median of ${startups.length}) | | | < 1000 ms |`);

  console.log(`\nAPI benchmark${quick ? ' (quick)' : ''} — ${new Date().toISOString()}; load generator, Capstan and the baseline in separate processes; ${STREAMS} concurrent HTTP/2 streams on one connection\n`);
  console.log('| measure | Capstan | baseline (same run) | ratio | target |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
