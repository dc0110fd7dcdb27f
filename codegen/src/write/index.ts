// write: FileMap -> disk, and --check: FileMap vs disk. Writing starts only after the whole
// map was built, and refuses an output folder that is not empty and lacks the marker file.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { MARKER_FILE, type FileMap } from '../emit/file-map.js';

export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFolderError';
  }
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
  if (existsSync(root)) walk(root);
  return out.sort();
}

export interface CheckResult {
  readonly stale: string[];
  readonly missing: string[];
  readonly extra: string[];
}

export function checkOutput(outDir: string, files: FileMap): CheckResult {
  const onDisk = new Set(listFiles(outDir));
  const stale: string[] = [];
  const missing: string[] = [];
  for (const [path, text] of files) {
    if (!onDisk.has(path)) missing.push(path);
    else if (readFileSync(join(outDir, path), 'utf8') !== text) stale.push(path);
    onDisk.delete(path);
  }
  return { stale, missing, extra: [...onDisk].sort() };
}

export function isCurrent(r: CheckResult): boolean {
  return r.stale.length === 0 && r.missing.length === 0 && r.extra.length === 0;
}

export interface WriteResult {
  readonly written: string[];
  readonly removed: string[];
}

/** Brings outDir to exactly `files`: writes changed files, removes files that are not in the map. */
export function writeOutput(outDir: string, files: FileMap): WriteResult {
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory()) throw new OutputFolderError(`${outDir} exists and is not a folder`);
    const present = listFiles(outDir);
    if (present.length > 0 && !present.includes(MARKER_FILE)) {
      throw new OutputFolderError(`refusing to write into ${outDir}: it is not empty and has no ${MARKER_FILE} marker, so it does not look like generator output`);
    }
  }
  const { stale, missing, extra } = checkOutput(outDir, files);
  for (const path of extra) rmSync(join(outDir, path));
  removeEmptyDirs(outDir);
  const written = [...stale, ...missing].sort();
  for (const path of written) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, files.get(path)!);
  }
  return { written, removed: extra };
}

function removeEmptyDirs(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      removeEmptyDirs(p);
      if (readdirSync(p).length === 0) rmSync(p, { recursive: true });
    }
  }
}
