// Starts Capstan as `npm start` runs it (the bundle) in a child process on a free loopback
// port, and reads the admin credentials from the kubeconfig it writes into its data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface AdminCreds {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

export interface RunningCapstan {
  readonly url: string;
  readonly pid: number;
  readonly admin: AdminCreds;
  stop(): Promise<void>;
}

interface KubeconfigShape {
  clusters: { cluster: { 'certificate-authority-data': string } }[];
  users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
}

export async function buildBundle(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const build = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { stdio: 'inherit' });
    build.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build failed: ${code}`))));
  });
}

/**
 * A data dir (not --in-memory) because only a durable server writes the admin kubeconfig; the
 * measured requests are reads, which never touch the disk.
 */
export async function startCapstan(flags: readonly string[], nodeFlags: readonly string[] = []): Promise<RunningCapstan> {
  const dataDir = await mkdtemp(join(tmpdir(), 'capstan-bench-rbac-'));
  const child = spawn(process.execPath, [...nodeFlags, 'dist/server/main.mjs', '--data-dir', dataDir, '--bind-address', '127.0.0.1', '--secure-port', '0', ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`capstan ${flags.join(' ')} exited with ${code} before serving`));
    child.once('exit', onExit);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /serving on (https:\/\/\S+)/.exec(out);
      if (m) {
        child.off('exit', onExit);
        resolve(m[1]!);
      }
    });
  });
  child.stdout!.resume();
  const config = parse(await readFile(join(dataDir, 'admin.kubeconfig'), 'utf8')) as KubeconfigShape;
  const b64 = (s: string) => Buffer.from(s, 'base64');
  return {
    url,
    pid: child.pid!,
    admin: {
      ca: b64(config.clusters[0]!.cluster['certificate-authority-data']),
      cert: b64(config.users[0]!.user['client-certificate-data']),
      key: b64(config.users[0]!.user['client-key-data']),
    },
    stop: async () => {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
