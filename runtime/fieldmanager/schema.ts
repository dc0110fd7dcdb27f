// What the descriptor's field metadata says about one place in an object, in the terms
// structured-merge-diff uses: is a list atomic, a set or keyed; is a map atomic; is an object
// key a declared field or an entry of a free-form map.
import type { FieldMeta } from '../api/index.js';
import { isObject, type JsonValue } from './json.js';
import { keyElement, type KeyField, type PathElement } from './path-element.js';

export type ListKind = { kind: 'atomic' } | { kind: 'set' } | { kind: 'map'; keys: readonly string[] };

const ATOMIC: ListKind = { kind: 'atomic' };
const SET: ListKind = { kind: 'set' };

// Maps every object has whose keys are entries, not declared fields.
const WELL_KNOWN_MAPS = ['metadata.labels', 'metadata.annotations'];

export class MissingKeyError extends Error {}

export interface ChildPath {
  readonly path: string;
  /** The key is an entry of a free-form map rather than a declared field. */
  readonly entry: boolean;
}

const CHILD_CACHE_LIMIT = 20_000;

export class FieldSchema {
  private readonly fields: Readonly<Record<string, FieldMeta>>;
  /** Paths whose object keys are map entries (the descriptor has `<path>{}` entries). */
  private readonly entryMaps = new Set<string>(WELL_KNOWN_MAPS);
  /** Every proper prefix of a described path: tells declared fields inside preserve-unknown subtrees. */
  private readonly described = new Set<string>();
  private readonly preserveUnknown: string[] = [];
  private readonly listKinds = new Map<string, ListKind>();
  private readonly children = new Map<string, Map<string, ChildPath>>();
  private readonly entryChildren = new Map<string, ChildPath>();
  private cachedChildren = 0;

  constructor(fields: Readonly<Record<string, FieldMeta>>) {
    this.fields = fields;
    for (const [path, meta] of Object.entries(fields)) {
      for (let i = path.indexOf('{}'); i >= 0; i = path.indexOf('{}', i + 2)) this.entryMaps.add(path.slice(0, i));
      for (let i = 0; i < path.length; i++) {
        const c = path[i];
        if (c === '.' || c === '[' || c === '{') this.described.add(path.slice(0, i));
      }
      this.described.add(path);
      if (meta.preserveUnknownFields) this.preserveUnknown.push(path);
    }
  }

  meta(path: string): FieldMeta | undefined {
    return this.fields[path];
  }

  /** Schema path of the value under object key `name` at `path`, and whether that key is a map entry. */
  child(path: string, name: string): ChildPath {
    if (this.entryMaps.has(path)) {
      // Every entry of a free-form map shares one schema path.
      let shared = this.entryChildren.get(path);
      if (!shared) this.entryChildren.set(path, (shared = { path: `${path}{}`, entry: true }));
      return shared;
    }
    let byName = this.children.get(path);
    if (!byName) this.children.set(path, (byName = new Map()));
    let out = byName.get(name);
    if (!out) {
      const named = path === '' ? name : `${path}.${name}`;
      out = { path: named, entry: !this.described.has(named) && this.underPreserveUnknown(path) };
      // Keys under preserve-unknown fields are unbounded; the cache is only a shortcut.
      if (++this.cachedChildren > CHILD_CACHE_LIMIT) {
        this.children.clear();
        this.cachedChildren = 0;
      } else {
        byName.set(name, out);
      }
    }
    return out;
  }

  item(path: string): string {
    return `${path}[]`;
  }

  isAtomicMap(path: string): boolean {
    return this.fields[path]?.mapType === 'atomic';
  }

  listKind(path: string): ListKind {
    let kind = this.listKinds.get(path);
    if (kind) return kind;
    const meta = this.fields[path];
    if (meta?.listType === 'atomic') kind = ATOMIC;
    else if (meta?.listType === 'set') kind = SET;
    else if (meta?.listType === 'map') kind = { kind: 'map', keys: meta.listMapKeys ?? (meta.patchMergeKey ? [meta.patchMergeKey] : []) };
    // kube's OpenAPI-to-SMD conversion reads a merge patch strategy as an associative list.
    else if (meta?.patchMergeKey) kind = { kind: 'map', keys: [meta.patchMergeKey] };
    else if (meta?.patchStrategy?.split(',').includes('merge')) kind = SET;
    else kind = ATOMIC;
    this.listKinds.set(path, kind);
    return kind;
  }

  /** The element naming `item` of the non-atomic list at `path`. */
  itemElement(path: string, kind: ListKind, item: JsonValue, index: number): PathElement {
    if (kind.kind === 'map' && kind.keys.length > 0) {
      if (!isObject(item)) throw new MissingKeyError(`associative list with keys has an element that is not a map type`);
      const fields: KeyField[] = [];
      for (const key of kind.keys) {
        const value = item[key];
        if (value !== undefined && value !== null) {
          fields.push([key, value]);
          continue;
        }
        const fallback = this.fields[`${path}[].${key}`]?.default;
        if (fallback === undefined) {
          throw new MissingKeyError(`associative list with keys has an element that omits key field "${key}" (and doesn't have default value)`);
        }
        fields.push([key, fallback as JsonValue]);
      }
      return keyElement(fields);
    }
    if (kind.kind === 'atomic') return { kind: 'index', index };
    return { kind: 'value', value: item };
  }

  private underPreserveUnknown(path: string): boolean {
    for (const p of this.preserveUnknown) {
      if (path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`) || path.startsWith(`${p}{`)) return true;
    }
    return false;
  }
}
