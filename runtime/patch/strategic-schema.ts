// Where strategic merge patch learns how to merge a field: the generated descriptor's
// `fields` record (or any lookup with the same keys). Keys are paths from the object root:
// properties joined by `.`, `[]` for the items of a list, `{}` for the values of a map, e.g.
// `spec.template.spec.containers[].ports`.
import type { FieldMeta } from '../api/index.js';
import { internal } from './patch-error.js';

export type FieldMetaLookup = (path: string) => FieldMeta | undefined;
export type FieldMetaSource = Readonly<Record<string, FieldMeta>> | FieldMetaLookup;

/** How a field's value is merged; '' is the default (maps merge, lists are replaced). */
export type MergeStrategy = '' | 'merge' | 'replace';

export class PatchSchema {
  private readonly lookup: FieldMetaLookup;
  /** Every path that is, or leads to, a described field; undefined for a bare lookup function. */
  private readonly known: ReadonlySet<string> | undefined;

  constructor(source: FieldMetaSource) {
    if (typeof source === 'function') {
      this.lookup = source;
      this.known = undefined;
    } else {
      const record = source;
      this.lookup = (path) => (Object.prototype.hasOwnProperty.call(record, path) ? record[path] : undefined);
      this.known = knownPaths(Object.keys(record));
    }
  }

  meta(path: string): FieldMeta | undefined {
    return this.lookup(path);
  }

  /**
   * The path of property `key` of the object at `path`. An object may be a struct (its keys are
   * field names) or a map (its keys are data); the descriptor says which by having entries
   * under `path.key` or under `path{}`.
   */
  child(path: string, key: string): string {
    const property = path === '' ? key : `${path}.${key}`;
    if (this.has(property)) return property;
    const mapValue = `${path}{}`;
    if (path !== '' && this.has(mapValue)) return mapValue;
    return property;
  }

  item(path: string): string {
    return `${path}[]`;
  }

  private has(path: string): boolean {
    return this.known !== undefined ? this.known.has(path) : this.lookup(path) !== undefined;
  }
}

function knownPaths(keys: readonly string[]): Set<string> {
  const known = new Set<string>();
  for (const key of keys) {
    known.add(key);
    for (let i = 1; i < key.length; i++) {
      const c = key[i];
      if (c === '.' || c === '[' || c === '{') known.add(key.slice(0, i));
      if (c === ']' || c === '}') known.add(key.slice(0, i + 1));
    }
  }
  return known;
}

const schemas = new WeakMap<object, PatchSchema>();

/** One PatchSchema per descriptor record, built on first use. */
export function patchSchema(source: FieldMetaSource | PatchSchema): PatchSchema {
  if (source instanceof PatchSchema) return source;
  let schema = schemas.get(source);
  if (schema === undefined) {
    schema = new PatchSchema(source);
    schemas.set(source, schema);
  }
  return schema;
}

export interface FieldStrategy {
  readonly strategy: MergeStrategy;
  readonly retainKeys: boolean;
  readonly mergeKey: string;
}

const DEFAULT_STRATEGY: FieldStrategy = { strategy: '', retainKeys: false, mergeKey: '' };

/** Reads `patchStrategy` ("merge", "replace", "retainKeys", "merge,retainKeys") and the merge key. */
export function fieldStrategy(meta: FieldMeta | undefined): FieldStrategy {
  if (meta === undefined || (meta.patchStrategy === undefined && meta.patchMergeKey === undefined)) {
    return DEFAULT_STRATEGY;
  }
  const parts = meta.patchStrategy === undefined || meta.patchStrategy === '' ? [] : meta.patchStrategy.split(',');
  let retainKeys = false;
  let strategy = '';
  if (parts.length === 1) {
    if (parts[0] === 'retainKeys') retainKeys = true;
    else strategy = parts[0]!;
  } else if (parts.length === 2 && (parts[0] === 'retainKeys' || parts[1] === 'retainKeys')) {
    retainKeys = true;
    strategy = parts[0] === 'retainKeys' ? parts[1]! : parts[0]!;
  } else if (parts.length > 0) {
    throw internal(`unexpected patch strategy: [${parts.join(' ')}]`);
  }
  if (strategy !== '' && strategy !== 'merge' && strategy !== 'replace') {
    // Only these three mean anything to the merge; an unknown word behaves like no strategy.
    strategy = '';
  }
  return { strategy: strategy as MergeStrategy, retainKeys, mergeKey: meta.patchMergeKey ?? '' };
}
