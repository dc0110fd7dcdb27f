// Runs a real kubectl of a given minor version against a test server. The binaries live next
// to the Google Cloud SDK's `kubectl` dispatcher as kubectl.1.27 ... kubectl.1.33.
import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type KubectlVersion = '1.27' | '1.28' | '1.29' | '1.30' | '1.31' | '1.32' | '1.33';

function candidateDirs(): string[] {
  const dirs = [process.env['KUBECTL_DIR'] ?? '', '/usr/lib/google-cloud-sdk/bin'];
  for (const p of (process.env['PATH'] ?? '').split(':')) {
    const k = join(p, 'kubectl');
    if (p && existsSync(k)) {
      dirs.push(p);
      try {
        dirs.push(dirname(realpathSync(k)));
      } catch {
        // a dangling link: nothing to add
      }
    }
  }
  return dirs.filter(Boolean);
}

export function kubectlBinary(version: KubectlVersion): string | null {
  for (const dir of candidateDirs()) {
    const path = join(dir, `kubectl.${version}`);
    if (existsSync(path)) return path;
  }
  return null;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  (args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  readonly version: KubectlVersion;
}

/** A kubectl bound to one kubeconfig and a private discovery cache. */
export function kubectlFor(version: KubectlVersion, kubeconfigPath: string, cacheDir: string): Kubectl | null {
  const binary = kubectlBinary(version);
  if (!binary) return null;
  const run = (args: string[], opts: { input?: string; timeoutMs?: number } = {}) =>
    new Promise<KubectlResult>((resolve) => {
      const child = execFile(
        binary,
        [`--kubeconfig=${kubeconfigPath}`, `--cache-dir=${cacheDir}`, ...args],
        { timeout: opts.timeoutMs ?? 30_000, env: { ...process.env, KUBECONFIG: kubeconfigPath, HOME: cacheDir } },
        (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      if (opts.input !== undefined) child.stdin?.end(opts.input);
    });
  return Object.assign(run, { version });
}
