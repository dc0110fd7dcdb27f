// Reads spec files (YAML or JSON) into documents keyed by absolute path. Files a `$ref`
// names are read on demand, so a caller may pass only the documents it cares about.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { displayPath } from './inputs.js';
import { parse as parseYaml } from 'yaml';
import { CodegenError } from '../errors.js';

export type OpenApiVersion = 2 | 3;

export interface SpecDocument {
  /** Absolute path, the key documents are found by. */
  readonly path: string;
  /** Path shown to users (relative to the working directory, `/`-separated). */
  readonly displayName: string;
  readonly version: OpenApiVersion;
  readonly root: Record<string, unknown>;
  /** sha256 of the file's text, recorded in the output's marker for a quick --check. */
  readonly sha256: string;
}

export function parseDocument(path: string, text: string, cwd: string): SpecDocument {
  const displayName = displayPath(path, cwd);
  let root: unknown;
  try {
    root = path.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 });
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new CodegenError([{ file: displayName, pointer: '', message: `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${why}` }]);
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new CodegenError([{ file: displayName, pointer: '', message: 'not an OpenAPI document (expected an object at the top)' }]);
  }
  const doc = root as Record<string, unknown>;
  let version: OpenApiVersion;
  if (typeof doc['openapi'] === 'string' && doc['openapi'].startsWith('3.')) version = 3;
  else if (doc['swagger'] === '2.0') version = 2;
  else {
    throw new CodegenError([{ file: displayName, pointer: '/openapi', message: 'not an OpenAPI document: expected `openapi: 3.x` or `swagger: "2.0"`' }]);
  }
  return { path, displayName, version, root: doc, sha256: createHash('sha256').update(text).digest('hex') };
}

export function readDocument(path: string, cwd: string): SpecDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CodegenError([{ file: displayPath(path, cwd), pointer: '', message: 'cannot read: no such file' }]);
  }
  return parseDocument(path, text, cwd);
}
