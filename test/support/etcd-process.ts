// A real etcd server for tests and benchmarks: one member on free loopback ports with a
// throw-away data directory. It can be stopped, killed, frozen and restarted on the same ports
// and data, which is how the etcd backend's outage and recovery behaviour is tested.
//
//   const etcd = await startEtcd();   // resolves once etcd answers /health
//   try {
//     const storage = createEtcdStorage({ endpoints: etcd.endpoints });
//     ...
//     await etcd.kill();        // SIGKILL: etcd is down, connections reset
//     await etcd.start();       // same ports, same data; resolves when healthy again
//     await etcd.restart();     // graceful stop (SIGTERM) + start; { hard: true } kills instead
//     etcd.pause();             // SIGSTOP: etcd hangs, calls run into their deadlines
//     etcd.resume();
//   } finally {
//     await etcd.cleanup();     // kills it (if running) and removes the data directory
//   }
//
// Every process started here is killed and its data directory removed when the test process
// exits, even without cleanup(). Uses the `etcd` binary on PATH (or $ETCD_BINARY); works with
// etcd 3.4 and 3.5. Heartbeat and election timeouts are shortened so a restart takes ~0.5 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, LOOPBACK } from './free-port.js';

export interface EtcdProcessOptions {
  /** The etcd executable. Default: $ETCD_BINARY or `etcd` on PATH. */
  binary?: string;
  /** How long start() waits for etcd to answer /health. Default 20 s. */
  startTimeoutMs?: number;
  /** Extra command-line flags, e.g. ['--auto-compaction-retention=1']. */
  extraArgs?: string[];
}

/** Processes not yet cleaned up; killed if the test process exits without cleaning up. */
const live = new Set<EtcdProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cleanAll = () => {
    for (const etcd of live) etcd.cleanupSync();
  };
  process.once('exit', cleanAll);
  // 'exit' does not run when a signal ends the process (e.g. a runner cancelling a file); clean
  // up, then let the signal do what it would have done.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanAll();
      process.kill(process.pid, signal);
    });
  }
}

const STDERR_KEEP = 64 * 1024;

export class EtcdProcess {
  /** gRPC / HTTP client URL, e.g. http://127.0.0.1:40123. */
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  private readonly binary: string;
  private readonly startTimeoutMs: number;
  private readonly extraArgs: string[];
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stderrTail = '';
  private cleanedUp = false;

  private constructor(clientPort: number, peerPort: number, dataDir: string, opts: EtcdProcessOptions) {
    this.clientUrl = `http://${LOOPBACK}:${clientPort}`;
    this.peerUrl = `http://${LOOPBACK}:${peerPort}`;
    this.dataDir = dataDir;
    this.binary = opts.binary ?? process.env['ETCD_BINARY'] ?? 'etcd';
    this.startTimeoutMs = opts.startTimeoutMs ?? 20_000;
    this.extraArgs = opts.extraArgs ?? [];
  }

  /** Starts a fresh single-member etcd and resolves once it is healthy. */
  static async start(opts: EtcdProcessOptions = {}): Promise<EtcdProcess> {
    installExitHook();
    // A port found free can be taken before etcd binds it; then try again with other ports.
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const [clientPort, peerPort] = (await freePorts(2)) as [number, number];
      const dataDir = mkdtempSync(join(tmpdir(), 'capstan-etcd-'));
      const etcd = new EtcdProcess(clientPort, peerPort, dataDir, opts);
      live.add(etcd);
      try {
        await etcd.start();
        return etcd;
      } catch (err) {
        lastError = err;
        await etcd.cleanup();
        if (!/address already in use/i.test(String(err))) break;
      }
    }
    throw lastError;
  }

  /** The endpoints to give a client. */
  get endpoints(): string[] {
    return [this.clientUrl];
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** The process id while running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The last lines etcd wrote to stderr (for diagnosing a failed test). */
  get log(): string {
    return this.stderrTail;
  }

  /** Starts etcd (again) on the same ports and data directory and waits until it is healthy. */
  async start(): Promise<void> {
    if (this.cleanedUp) throw new Error('etcd process was cleaned up');
    if (this.child) return;
    const name = 'capstan-test';
    const args = [
      `--name=${name}`,
      `--data-dir=${this.dataDir}`,
      `--listen-client-urls=${this.clientUrl}`,
      `--advertise-client-urls=${this.clientUrl}`,
      `--listen-peer-urls=${this.peerUrl}`,
      `--initial-advertise-peer-urls=${this.peerUrl}`,
      `--initial-cluster=${name}=${this.peerUrl}`,
      '--initial-cluster-state=new',
      '--logger=zap',
      '--log-outputs=stderr',
      '--log-level=warn',
      // Faster leader election on restart; a single loopback member never loses its leader.
      '--heartbeat-interval=50',
      '--election-timeout=400',
      ...this.extraArgs,
    ];
    const child = spawn(this.binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let exitedEarly: ((err: Error) => void) | null = null;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (this.child === child) this.child = null;
        exitedEarly?.(new Error(`etcd exited (code ${code}, signal ${signal}) before it was healthy:\n${this.stderrTail}`));
        resolve();
      });
      child.once('error', (err) => {
        if (this.child === child) this.child = null;
        exitedEarly?.(new Error(`could not run ${this.binary}: ${err.message}`));
        resolve();
      });
    });
    // Always drain stderr: a full pipe would block etcd.
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_KEEP);
    });
    const failed = new Promise<never>((_, reject) => {
      exitedEarly = reject;
    });
    failed.catch(() => undefined);
    try {
      await Promise.race([this.waitHealthy(), failed]);
    } catch (err) {
      exitedEarly = null;
      await this.kill();
      throw err;
    }
    exitedEarly = null;
  }

  /** Graceful stop (SIGTERM); resolves when the process has exited. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** Abrupt stop (SIGKILL), like a crash; resolves when the process has exited. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /**
   * Freezes the process (SIGSTOP): connections stay open but nothing answers, the way a hung or
   * partitioned etcd looks to a client. resume() or any stop undoes it.
   */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Lets a paused process run again (SIGCONT). */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Stops (gracefully unless hard) and starts again on the same ports and data. */
  async restart(opts: { hard?: boolean } = {}): Promise<void> {
    if (opts.hard) await this.kill();
    else await this.stop();
    await this.start();
  }

  /** Kills etcd if running and removes its data directory. Safe to call twice. */
  async cleanup(): Promise<void> {
    if (this.cleanedUp) return;
    await this.kill();
    this.cleanupSync();
  }

  /** For exit hooks: no waiting. */
  cleanupSync(): void {
    this.cleanedUp = true;
    live.delete(this);
    if (this.child) {
      this.child.kill('SIGKILL');
      this.child = null;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(sig);
    // A paused process cannot act on SIGTERM until it runs again.
    child.kill('SIGCONT');
    if (sig !== 'SIGKILL') {
      // A graceful stop that hangs would hang the test; escalate.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    } else {
      await this.exited;
    }
  }

  private async waitHealthy(): Promise<void> {
    const deadline = Date.now() + this.startTimeoutMs;
    for (;;) {
      if (await this.healthy()) return;
      if (Date.now() > deadline) {
        throw new Error(`etcd at ${this.clientUrl} not healthy after ${this.startTimeoutMs} ms:\n${this.stderrTail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** True when etcd answers /health with health "true" (it has a leader and serves reads). */
  async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.clientUrl}/health`, { signal: AbortSignal.timeout(1000) });
      if (!res.ok) return false;
      const body = (await res.json()) as { health?: unknown };
      return body.health === 'true' || body.health === true;
    } catch {
      return false;
    }
  }
}

/**
 * Starts a fresh etcd (see EtcdProcess.start). Call cleanup() when done; a process only stopped
 * has its data directory removed when the test process exits.
 */
export function startEtcd(opts: EtcdProcessOptions = {}): Promise<EtcdProcess> {
  return EtcdProcess.start(opts);
}
