// Descriptors for table tests, with the printer columns read from specs/ so the tests follow
// what the specs declare (the generator's output is not needed for this).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { PrinterColumn, PrinterColumnType, ResourceDescriptor } from '../../runtime/api/index.js';

const SPECS = join(import.meta.dirname, '..', '..', 'specs');

interface RawSchema {
  readonly 'x-capstan-printer-columns'?: readonly Record<string, unknown>[];
}

function specFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...specFiles(path));
    else if (entry.endsWith('.yaml')) out.push(path);
  }
  return out;
}

// Parsing every document is slow on a loaded machine, so a file is parsed only when a test
// asks for a schema it declares.
const texts = new Map(specFiles(SPECS).map((file) => [file, readFileSync(file, 'utf8')]));
const parsed = new Map<string, Record<string, RawSchema>>();

function findSchema(name: string): RawSchema | undefined {
  for (const [file, text] of texts) {
    if (!text.includes(`\n    ${name}:`)) continue;
    let schemas = parsed.get(file);
    if (schemas === undefined) {
      const doc = parse(text) as { components?: { schemas?: Record<string, RawSchema> } };
      schemas = doc.components?.schemas ?? {};
      parsed.set(file, schemas);
    }
    if (schemas[name] !== undefined) return schemas[name];
  }
  return undefined;
}

function toColumn(raw: Record<string, unknown>): PrinterColumn {
  const column: { -readonly [K in keyof PrinterColumn]: PrinterColumn[K] } = {
    name: String(raw['name']),
    type: raw['type'] as PrinterColumnType,
    jsonPath: String(raw['jsonPath']),
  };
  if (typeof raw['format'] === 'string') column.format = raw['format'];
  if (typeof raw['description'] === 'string') column.description = raw['description'];
  if (typeof raw['priority'] === 'number') column.priority = raw['priority'];
  if (raw['aggregate'] === 'count') column.aggregate = 'count';
  if (typeof raw['printer'] === 'string') column.printer = raw['printer'];
  return column;
}

/** The printer columns the spec declares on a schema (by its fully qualified name). */
export function specColumns(schemaName: string): PrinterColumn[] {
  const schema = findSchema(schemaName);
  if (schema === undefined) throw new Error(`no schema ${schemaName} in specs/`);
  return (schema['x-capstan-printer-columns'] ?? []).map(toColumn);
}

/** Every printer name any spec references, read from the text (comments stripped). */
export function referencedPrinters(): string[] {
  const names = new Set<string>();
  for (const text of texts.values()) {
    for (const line of text.split('\n')) {
      const code = line.replace(/(^|\s)#.*$/, '');
      for (const [, name] of code.matchAll(/(?:^|[{,\s])printer:\s*['"]?([A-Za-z0-9_]+)/g)) if (name) names.add(name);
    }
  }
  return [...names].sort();
}

export function descriptor(
  group: string,
  version: string,
  kind: string,
  plural: string,
  printerColumns: readonly PrinterColumn[],
): ResourceDescriptor {
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    shortNames: [],
    categories: [],
    scope: 'Namespaced',
    verbs: ['get', 'list'],
    subresources: [],
    fields: {},
    printerColumns,
    selectableFields: [],
  };
}

/** A descriptor whose columns are the spec's for that schema. */
export function specDescriptor(schemaName: string, group: string, version: string, kind: string, plural: string): ResourceDescriptor {
  return descriptor(group, version, kind, plural, specColumns(schemaName));
}
