// Which spec files an input list names. Kept apart from parsing so a quick --check can list
// inputs without loading a YAML parser.
import { readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { CodegenError } from '../errors.js';

export function displayPath(absPath: string, cwd: string): string {
  return relative(cwd, absPath).split(sep).join('/');
}

const SPEC_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Expands directories into the spec files below them, sorted so file-system order never matters. */
export function expandInputs(inputs: readonly string[], cwd: string): string[] {
  const out = new Set<string>();
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const entry of readdirSync(p).sort()) walk(join(p, entry));
    } else if (SPEC_EXTENSIONS.has(extname(p).toLowerCase())) {
      out.add(p);
    }
  };
  for (const input of inputs) {
    const abs = resolve(cwd, input);
    try {
      walk(abs);
    } catch {
      throw new CodegenError([{ file: displayPath(abs, cwd), pointer: '', message: 'cannot read: no such file or directory' }]);
    }
  }
  return [...out].sort();
}

