// --check without running the generator, when the manifest proves the inputs are unchanged.
// Returns undefined whenever it cannot decide; the caller then regenerates and compares.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MARKER_FILE } from './emit/file-map.js';
import { displayPath, expandInputs } from './load/inputs.js';
import { generatorFingerprint, readManifest, sha256 } from './manifest.js';
import type { CheckResult } from './write/index.js';

export const RUNTIME_API = fileURLToPath(new URL('../../runtime/api/index.ts', import.meta.url));

/** runtime/api/index.ts as seen from the output folder; part of what the output depends on. */
export function runtimeFromRoot(outDir: string): string {
  return relative(outDir, RUNTIME_API).split(sep).join('/');
}

export function generatorId(outDir: string): string {
  return `${generatorFingerprint()} runtime=${runtimeFromRoot(outDir)}`;
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export function quickCheck(cwd: string, specs: readonly string[], outDirArg: string): CheckResult | undefined {
  const outDir = resolve(cwd, outDirArg);
  const manifest = readManifest(outDir);
  if (!manifest || manifest.generator !== generatorId(outDir)) return undefined;
  let inputs: string[];
  try {
    inputs = expandInputs(specs, cwd).map((p) => displayPath(p, cwd));
  } catch {
    return undefined;
  }
  if (inputs.join('\n') !== manifest.inputs.join('\n')) return undefined;
  for (const [doc, hash] of manifest.documents) {
    const abs = resolve(cwd, doc);
    if (!existsSync(abs) || sha256(readFileSync(abs)) !== hash) return undefined;
  }
  // Same inputs, same generator: the output must be exactly what the manifest lists.
  const onDisk = new Set(listFiles(outDir));
  onDisk.delete(MARKER_FILE);
  const stale: string[] = [];
  const missing: string[] = [];
  for (const [path, hash] of manifest.files) {
    if (!onDisk.has(path)) missing.push(path);
    else if (sha256(readFileSync(join(outDir, path))) !== hash) stale.push(path);
    onDisk.delete(path);
  }
  return { stale, missing, extra: [...onDisk].sort() };
}
