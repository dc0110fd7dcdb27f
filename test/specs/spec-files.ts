// Loads every OpenAPI document under specs/ so the fact checks can walk them as plain JSON.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

export type JsonObject = { [key: string]: unknown };

export interface SpecFile {
  /** Path relative to the repository root, with forward slashes, e.g. specs/core/v1.yaml. */
  path: string;
  doc: JsonObject;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listSpecPaths(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...listSpecPaths(path));
    else if (/\.(ya?ml|json)$/.test(entry)) found.push(path);
  }
  return found;
}

export interface LoadResult {
  files: SpecFile[];
  /** Files that do not parse as a YAML mapping, with the parser's complaint. */
  errors: string[];
}

export function loadSpecFiles(root: string): LoadResult {
  const files: SpecFile[] = [];
  const errors: string[] = [];
  for (const file of listSpecPaths(join(root, 'specs'))) {
    const path = relative(root, file).split('\\').join('/');
    try {
      // JSON is YAML, so one parser serves both. The parser's default limits stay on: a
      // document whose anchors a default `yaml.parse` refuses (more than ~100 uses of one
      // alias) would fail in the generator too.
      const doc: unknown = parse(readFileSync(file, 'utf8'));
      if (isObject(doc)) files.push({ path, doc });
      else errors.push(`${path}: top level is not a mapping`);
    } catch (error) {
      errors.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { files, errors };
}

/** The schemas of a document's components, or an empty record. */
export function schemasOf(doc: JsonObject): JsonObject {
  const components = doc['components'];
  if (!isObject(components)) return {};
  const schemas = components['schemas'];
  return isObject(schemas) ? schemas : {};
}

export function pathsOf(doc: JsonObject): JsonObject {
  const paths = doc['paths'];
  return isObject(paths) ? paths : {};
}
