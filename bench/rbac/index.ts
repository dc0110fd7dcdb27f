// Request-level RBAC benchmark (issue #5): authenticated GET of one ConfigMap, and LIST of 100,
// as a bearer-token user outside system:masters, against two Capstan servers started in the
// same run — one with --authorization-mode=RBAC over ~200 bindings, one with AlwaysAllow.
// Rounds alternate between the servers so machine noise falls on both; figures are printed as
// ratios of RBAC to the AlwaysAllow baseline. Nothing here asserts on timings.
//
//   npm run bench:rbac [-- --quick] [-- --profile]
//
// --profile runs both servers under `node --cpu-prof` and prints the hottest functions of each.
import { connect, type ClientHttp2Session } from 'node:http2';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle, startCapstan, type RunningCapstan } from './capstan.js';
import { cpuSeconds } from './cpu.js';
import { h2, round } from '../lib/h2.js';
import { BENCH_USER, DENIED_PATH, GET_PATH, LIST_PATH, seed, tokenFileLine } from './policy.js';
import { summarizeProfiles } from './profile-summary.js';
import { median } from './stats.js';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
const STREAMS = 32; // concurrent streams over one HTTP/2 connection, as bench/api
// Many short pairs rather than a few long ones: a pair's two rounds then see much the same load.
const ROUND_MS = quick ? 1500 : 2000;
// Two warm-up rounds per server: the first rounds run while V8 is still optimizing the hot path.
const WARMUP_MS = quick ? 1500 : 3000;
const WARMUPS = 2;
const PAIRS = quick ? 3 : 10;
const TOKEN = 'capstan-bench-rbac-token';

type Mode = 'RBAC' | 'AlwaysAllow';

interface Target {
  readonly mode: Mode;
  readonly server: RunningCapstan;
  readonly admin: ClientHttp2Session;
  readonly user: ClientHttp2Session;
}

async function open(mode: Mode, tokenFile: string, profileDir: string | undefined): Promise<Target> {
  const nodeFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, mode)}`] : [];
  const server = await startCapstan([`--authorization-mode=${mode}`, `--token-auth-file=${tokenFile}`], nodeFlags);
  const admin = connect(server.url, { ca: server.admin.ca, cert: server.admin.cert, key: server.admin.key });
  // The bench user's connection carries no client certificate: the bearer token is its identity.
  const user = connect(server.url, { ca: server.admin.ca });
  return { mode, server, admin, user };
}

/** RBAC objects reach the authorizer through an informer, so wait until the binding is seen. */
async function waitAllowed(t: Target): Promise<void> {
  const deadline = performance.now() + 15_000;
  for (;;) {
    const r = await h2(t.user, 'GET', GET_PATH, { token: TOKEN });
    if (r.status === 200) return;
    if (performance.now() > deadline) throw new Error(`${t.mode}: ${BENCH_USER} still gets ${r.status} on ${GET_PATH}: ${r.body.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Proves the two servers differ in the way measured: RBAC denies what `view` does not grant. */
async function checkModes(rbac: Target, allow: Target): Promise<void> {
  const denied = await h2(rbac.user, 'GET', DENIED_PATH, { token: TOKEN });
  if (denied.status !== 403) throw new Error(`RBAC server answered ${denied.status} to ${BENCH_USER} on ${DENIED_PATH}; expected 403`);
  const allowed = await h2(allow.user, 'GET', DENIED_PATH, { token: TOKEN });
  if (allowed.status !== 200) throw new Error(`AlwaysAllow server answered ${allowed.status} on ${DENIED_PATH}; expected 200`);
}

interface Sample {
  readonly rps: number;
  /** Server CPU (all threads) per request in µs; null where /proc is not available. */
  readonly cpuMicros: number | null;
}

interface Series {
  readonly name: string;
  readonly rbac: Sample[];
  readonly allow: Sample[];
}

/** One round against one server; refuses any answer but 200, so a denial is never a figure. */
async function sample(t: Target, path: string, what: string, durationMs: number): Promise<Sample> {
  const cpuBefore = cpuSeconds(t.server.pid);
  const r = await round(() => h2(t.user, 'GET', path, { token: TOKEN }), durationMs, STREAMS);
  const cpuAfter = cpuSeconds(t.server.pid);
  if (r.unexpected > 0) {
    throw new Error(`${t.mode} ${what}: ${r.unexpected} of ${r.requests} answers were not 200 (first: ${r.firstUnexpected?.status} ${r.firstUnexpected?.body.slice(0, 300)})`);
  }
  const cpuMicros = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1e6) / r.requests;
  return { rps: r.rps, cpuMicros };
}

function describe(round: number, mode: Mode, s: Sample): string {
  const cpu = s.cpuMicros === null ? '' : `   server CPU ${s.cpuMicros.toFixed(0).padStart(4)} µs/req`;
  return `  round ${String(round).padStart(2)}  ${mode.padEnd(11)} ${Math.round(s.rps).toString().padStart(6)} req/s${cpu}`;
}

async function measure(name: string, path: string, rbac: Target, allow: Target): Promise<Series> {
  for (let i = 0; i < WARMUPS; i++) {
    for (const t of [rbac, allow]) await sample(t, path, `${name} warm-up`, WARMUP_MS);
  }
  const series: Series = { name, rbac: [], allow: [] };
  console.log(`\n${name}: ${PAIRS} rounds each, alternating, ${ROUND_MS} ms per round, ${STREAMS} streams`);
  for (let i = 0; i < PAIRS; i++) {
    const r = await sample(rbac, path, name, ROUND_MS);
    series.rbac.push(r);
    console.log(describe(2 * i + 1, 'RBAC', r));
    const a = await sample(allow, path, name, ROUND_MS);
    series.allow.push(a);
    console.log(describe(2 * i + 2, 'AlwaysAllow', a));
  }
  return series;
}

function summary(s: Series): string[] {
  const rbac = median(s.rbac.map((x) => x.rps));
  const allow = median(s.allow.map((x) => x.rps));
  const ratio = rbac / allow;
  // Pairing each RBAC round with the AlwaysAllow round after it cancels slow drift in load.
  const paired = median(s.rbac.map((r, i) => r.rps / s.allow[i]!.rps));
  const lines = [
    `${s.name}`,
    `  median RBAC        ${Math.round(rbac)} req/s`,
    `  median AlwaysAllow ${Math.round(allow)} req/s`,
    `  ratio RBAC/AlwaysAllow ${ratio.toFixed(3)} (median of per-pair ratios ${paired.toFixed(3)})`,
    `  RBAC cost = ${((1 - ratio) * 100).toFixed(1)}% (target < 15%)`,
    // Other load only ever slows a round down, so each mode's best round is its least disturbed.
    `  best rounds: RBAC ${Math.round(Math.max(...s.rbac.map((x) => x.rps)))}, AlwaysAllow ${Math.round(Math.max(...s.allow.map((x) => x.rps)))} req/s; ratio ${(Math.max(...s.rbac.map((x) => x.rps)) / Math.max(...s.allow.map((x) => x.rps))).toFixed(3)}`,
  ];
  const cpuRbac = s.rbac.map((x) => x.cpuMicros);
  const cpuAllow = s.allow.map((x) => x.cpuMicros);
  if (!cpuRbac.includes(null) && !cpuAllow.includes(null)) {
    const r = median(cpuRbac as number[]);
    const a = median(cpuAllow as number[]);
    // A server that is CPU bound serves 1/(CPU per request) requests a second, so this is the
    // throughput ratio with the other processes' share of the machine taken out.
    lines.push(
      `  server CPU per request: RBAC ${r.toFixed(0)} µs, AlwaysAllow ${a.toFixed(0)} µs; ratio AlwaysAllow/RBAC ${(a / r).toFixed(3)}`,
      `  RBAC cost by server CPU = ${((1 - a / r) * 100).toFixed(1)}% of throughput (${r - a >= 0 ? '+' : ''}${(r - a).toFixed(0)} µs/request)`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  await buildBundle();
  const dir = await mkdtemp(join(tmpdir(), 'capstan-bench-rbac-run-'));
  const tokenFile = join(dir, 'tokens.csv');
  await writeFile(tokenFile, tokenFileLine(TOKEN), { mode: 0o600 });
  const profileDir = profile ? join(dir, 'profiles') : undefined;
  const targets: Target[] = [];
  const report: string[] = [];
  try {
    const [rbac, allow] = await Promise.all([open('RBAC', tokenFile, profileDir), open('AlwaysAllow', tokenFile, profileDir)]);
    targets.push(rbac, allow);
    const counts = await seed(rbac.admin);
    await seed(allow.admin);
    await Promise.all([waitAllowed(rbac), waitAllowed(allow)]);
    await checkModes(rbac, allow);
    console.log(
      `policy on both servers: bootstrap + ${counts.roleBindings} RoleBindings + ${counts.clusterRoleBindings} ClusterRoleBindings; ` +
        `${BENCH_USER} (bearer token, not system:masters) has view in its namespace through a RoleBinding`,
    );

    const get = await measure('GET one ConfigMap', GET_PATH, rbac, allow);
    const list = await measure('LIST 100 ConfigMaps (limit=100)', LIST_PATH, rbac, allow);
    report.push(...summary(get), ...summary(list));
  } finally {
    for (const t of targets) {
      t.user.close();
      t.admin.close();
    }
    await Promise.all(targets.map((t) => t.server.stop()));
  }
  console.log(`\nRBAC benchmark${quick ? ' (quick)' : ''} — ${new Date().toISOString()}; load generator and both servers in separate processes\n`);
  for (const line of report) console.log(line);
  if (profileDir) {
    for (const mode of ['RBAC', 'AlwaysAllow'] as const) {
      console.log(`\nCPU profile of the ${mode} server (whole run, self time), ${join(profileDir, mode)}:`);
      for (const line of await summarizeProfiles(join(profileDir, mode))) console.log(`  ${line}`);
    }
    console.log(`\nprofiles kept in ${profileDir} (open in Chrome DevTools); remove the directory when done`);
  } else {
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
