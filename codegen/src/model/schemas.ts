// Named schemas from every document, with the folder each is emitted into.
import { pointerOf, type SpecProblem } from '../errors.js';
import type { LoadedSpecs } from '../load/index.js';
import { folderOfGroupVersion, type GroupVersionKind, type NamedSchema, type PrinterColumn, type ResourceExtension } from './ir.js';
import { isIdentifier, isReservedName } from './names.js';
import { toSchemaNode, type SchemaContext } from './schema-node.js';

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface RawNamedSchema {
  readonly name: string;
  readonly raw: Raw;
  readonly ctx: SchemaContext;
  readonly pointer: string;
}

export function collectRawSchemas(specs: LoadedSpecs, problems: SpecProblem[]): Map<string, RawNamedSchema> {
  const out = new Map<string, RawNamedSchema>();
  for (const doc of specs.documents) {
    const container = doc.version === 3 ? (isRaw(doc.root['components']) ? doc.root['components']['schemas'] : undefined) : doc.root['definitions'];
    if (container === undefined) continue;
    const base = doc.version === 3 ? '/components/schemas' : '/definitions';
    if (!isRaw(container)) {
      problems.push({ file: doc.displayName, pointer: base, message: 'expected a map of named schemas' });
      continue;
    }
    const ctx: SchemaContext = { doc, byPath: specs.byPath, problems };
    for (const [name, raw] of Object.entries(container)) {
      const pointer = `${base}${pointerOf(name)}`;
      const prev = out.get(name);
      if (prev) {
        problems.push({ file: doc.displayName, pointer, message: `schema ${name} is also defined in ${prev.ctx.doc.displayName}#${prev.pointer}` });
        continue;
      }
      if (!isRaw(raw)) {
        problems.push({ file: doc.displayName, pointer, message: 'expected a schema object' });
        continue;
      }
      out.set(name, { name, raw, ctx, pointer });
    }
  }
  return out;
}

export function parseGvks(v: unknown): GroupVersionKind[] | undefined {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  const out: GroupVersionKind[] = [];
  for (const g of list) {
    if (!isRaw(g) || typeof g['group'] !== 'string' || typeof g['version'] !== 'string' || typeof g['kind'] !== 'string') return undefined;
    out.push({ group: g['group'], version: g['version'], kind: g['kind'] });
  }
  return out;
}

function namespaceOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i === -1 ? '' : name.slice(0, i);
}

function shortNameOf(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * Which folder a schema namespace (`io.k8s.api.apps.v1`) goes to: the group/version its kinds
 * declare when that is one group/version, else its last segments (`meta/v1`, `resource`).
 */
function folderForNamespace(ns: string, kindsGvs: ReadonlySet<string>): string {
  if (kindsGvs.size === 1) return [...kindsGvs][0]!;
  const parts = ns.split('.');
  const last = parts[parts.length - 1] ?? '';
  if (/^v\d+((alpha|beta)\d+)?$/.test(last) && parts.length >= 2) return `${parts[parts.length - 2]}/${last}`;
  return last;
}

function parseResourceExt(v: unknown, at: string, file: string, problems: SpecProblem[]): ResourceExtension | undefined {
  if (v === undefined) return undefined;
  if (!isRaw(v)) {
    problems.push({ file, pointer: at, message: 'x-capstan-resource must be an object' });
    return undefined;
  }
  const list = (key: string): string[] => {
    const x = v[key];
    if (x === undefined) return [];
    if (Array.isArray(x) && x.every((s) => typeof s === 'string')) return x as string[];
    problems.push({ file, pointer: `${at}/${key}`, message: `${key} must be a list of strings` });
    return [];
  };
  const ext: { singular?: string; shortNames: string[]; categories: string[] } = { shortNames: list('shortNames'), categories: list('categories') };
  if (typeof v['singular'] === 'string') ext.singular = v['singular'];
  return ext;
}

const COLUMN_TYPES = new Set(['integer', 'number', 'string', 'boolean', 'date']);

function parseColumns(v: unknown, at: string, file: string, problems: SpecProblem[]): PrinterColumn[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    problems.push({ file, pointer: at, message: 'x-capstan-printer-columns must be a list' });
    return [];
  }
  const out: PrinterColumn[] = [];
  v.forEach((c, i) => {
    const p = `${at}/${i}`;
    if (!isRaw(c) || typeof c['name'] !== 'string' || typeof c['jsonPath'] !== 'string' || typeof c['type'] !== 'string' || !COLUMN_TYPES.has(c['type'])) {
      problems.push({ file, pointer: p, message: 'a printer column needs name, jsonPath and type (integer, number, string, boolean or date)' });
      return;
    }
    const col: { -readonly [K in keyof PrinterColumn]: PrinterColumn[K] } = { name: c['name'], type: c['type'] as PrinterColumn['type'], jsonPath: c['jsonPath'] };
    if (typeof c['format'] === 'string') col.format = c['format'];
    if (typeof c['description'] === 'string') col.description = c['description'];
    if (typeof c['priority'] === 'number') col.priority = c['priority'];
    if (c['aggregate'] !== undefined) {
      if (c['aggregate'] === 'count') col.aggregate = 'count';
      else problems.push({ file, pointer: `${p}/aggregate`, message: 'aggregate must be "count"' });
    }
    if (typeof c['printer'] === 'string') col.printer = c['printer'];
    out.push(col);
  });
  return out;
}

function parseSelectable(v: unknown, at: string, file: string, problems: SpecProblem[]): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((f) => isRaw(f) && typeof f['jsonPath'] === 'string')) {
    problems.push({ file, pointer: at, message: 'x-capstan-selectable-fields must be a list of {jsonPath}' });
    return [];
  }
  return v.map((f) => (f as Raw)['jsonPath'] as string);
}

/** Builds every named schema; `resourceGvs` maps a kind schema name to its resource's group/version. */
export function buildNamedSchemas(raws: ReadonlyMap<string, RawNamedSchema>, problems: SpecProblem[]): Map<string, NamedSchema> {
  // Folder per namespace, from the kinds declared there.
  const gvsByNamespace = new Map<string, Set<string>>();
  const gvksByName = new Map<string, GroupVersionKind[]>();
  for (const r of raws.values()) {
    const ns = namespaceOf(r.name);
    if (!gvsByNamespace.has(ns)) gvsByNamespace.set(ns, new Set());
    const gvks = parseGvks(r.raw['x-kubernetes-group-version-kind']);
    if (!gvks) {
      problems.push({ file: r.ctx.doc.displayName, pointer: `${r.pointer}/x-kubernetes-group-version-kind`, message: 'expected a list of {group, version, kind}' });
      continue;
    }
    gvksByName.set(r.name, gvks);
    for (const g of gvks) if (g.kind === shortNameOf(r.name)) gvsByNamespace.get(ns)!.add(folderOfGroupVersion(g.group, g.version));
  }
  const out = new Map<string, NamedSchema>();
  const taken = new Map<string, string>();
  for (const name of [...raws.keys()].sort()) {
    const r = raws.get(name)!;
    const file = r.ctx.doc.displayName;
    const ns = namespaceOf(name);
    const tsName = shortNameOf(name);
    if (ns === '') {
      problems.push({ file, pointer: r.pointer, message: `schema name ${name} is not fully qualified (expected e.g. com.example.group.v1.Kind)` });
      continue;
    }
    if (!isIdentifier(tsName) || isReservedName(tsName)) {
      problems.push({ file, pointer: r.pointer, message: `schema name ${name} ends in ${JSON.stringify(tsName)}, which cannot be an exported TypeScript name` });
      continue;
    }
    const folder = folderForNamespace(ns, gvsByNamespace.get(ns)!);
    const key = `${folder}/${tsName}`;
    const clash = taken.get(key);
    if (clash !== undefined) {
      problems.push({ file, pointer: r.pointer, message: `schemas ${clash} and ${name} would both be ${tsName} in folder ${folder}` });
      continue;
    }
    taken.set(key, name);
    const node = toSchemaNode(r.raw, r.pointer, r.ctx);
    const named: { -readonly [K in keyof NamedSchema]: NamedSchema[K] } = {
      name,
      tsName,
      folder,
      node,
      source: { file, pointer: r.pointer },
      gvks: gvksByName.get(name) ?? [],
      printerColumns: parseColumns(r.raw['x-capstan-printer-columns'], `${r.pointer}/x-capstan-printer-columns`, file, problems),
      selectableFields: parseSelectable(r.raw['x-capstan-selectable-fields'], `${r.pointer}/x-capstan-selectable-fields`, file, problems),
    };
    const ext = parseResourceExt(r.raw['x-capstan-resource'], `${r.pointer}/x-capstan-resource`, file, problems);
    if (ext) named.resource = ext;
    out.set(name, named);
  }
  // A reference to a schema that failed to build is already reported; a reference to one that
  // does not exist at all is a dangling reference the loader let through (wrong container).
  return out;
}
