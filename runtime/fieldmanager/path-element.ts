// One step of a field path, as structured-merge-diff names them, with its FieldsV1 key
// (`f:name`, `k:{...}`, `v:...`, `i:0`), its ordering and its printed form in conflicts.
import { goJson, isObject, type JsonValue } from './json.js';

export type KeyField = readonly [name: string, value: JsonValue];

export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'key'; readonly fields: readonly KeyField[] }
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'index'; readonly index: number };

export type Path = readonly PathElement[];

export const fieldElement = (name: string): PathElement => ({ kind: 'field', name });

/** A map-list key; fields are kept sorted by name, which is how the key is compared and written. */
export function keyElement(fields: KeyField[]): PathElement {
  if (fields.length > 1) fields.sort((a, b) => compareStrings(a[0], b[0]));
  return { kind: 'key', fields };
}

export function elementKey(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key': {
      let out = 'k:{';
      for (let i = 0; i < pe.fields.length; i++) {
        const [name, value] = pe.fields[i]!;
        out += `${i > 0 ? ',' : ''}${goJson(name)}:${goJson(value)}`;
      }
      return `${out}}`;
    }
    case 'value':
      return `v:${goJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

// FieldsV1 keys repeat across every write of an object, so parsed forms are remembered; the
// bound only keeps a pathological stream of distinct keys from growing memory.
const PARSED_LIMIT = 50_000;
const parsed = new Map<string, { pe: PathElement; normalized: string }>();

/** The element a FieldsV1 key names and that key in canonical form; throws on anything malformed. */
export function readElementKey(key: string): { pe: PathElement; normalized: string } {
  let hit = parsed.get(key);
  if (!hit) {
    const pe = parseElementKey(key);
    hit = { pe, normalized: elementKey(pe) };
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(key, hit);
  }
  return hit;
}

function parseElementKey(key: string): PathElement {
  const body = key.slice(2);
  switch (key.slice(0, 2)) {
    case 'f:':
      return { kind: 'field', name: body };
    case 'k:': {
      const parsed: unknown = JSON.parse(body);
      if (!isObject(parsed) || Object.keys(parsed).length === 0) throw new Error(`invalid key element ${JSON.stringify(key)}`);
      return keyElement(Object.entries(parsed));
    }
    case 'v:':
      return { kind: 'value', value: JSON.parse(body) as JsonValue };
    case 'i:': {
      if (!/^(0|[1-9][0-9]*)$/.test(body)) throw new Error(`invalid index element ${JSON.stringify(key)}`);
      return { kind: 'index', index: Number(body) };
    }
    default:
      throw new Error(`unknown path element ${JSON.stringify(key)}`);
  }
}

const KIND_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

/** The order kube writes FieldsV1 in: field names, then keys, then values, then indices. */
export function compareElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_RANK[a.kind] - KIND_RANK[b.kind];
  switch (a.kind) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'key':
      return compareKeyFields(a.fields, (b as typeof a).fields);
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index':
      return a.index - (b as typeof a).index;
  }
}

/** Orders two FieldsV1 keys without parsing field names (the common case). */
export function compareElementKeys(a: string, b: string): number {
  if (a.charCodeAt(0) === 102 && b.charCodeAt(0) === 102) return compareStrings(a, b); // both `f:`
  return compareElements(readElementKey(a).pe, readElementKey(b).pe);
}

function compareKeyFields(a: readonly KeyField[], b: readonly KeyField[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const byName = compareStrings(a[i]![0], b[i]![0]);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[i]![1], b[i]![1]);
    if (byValue !== 0) return byValue;
  }
  return a.length - b.length;
}

const valueRank = (v: JsonValue): number =>
  typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : Array.isArray(v) ? 3 : v === null ? 5 : 4;

/** Numbers, then strings, then booleans, lists, maps, null — the value order of the set encoding. */
export function compareValues(a: JsonValue, b: JsonValue): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number') return a - (b as number);
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
  if (Array.isArray(a)) {
    const bl = b as JsonValue[];
    for (let i = 0; i < a.length && i < bl.length; i++) {
      const c = compareValues(a[i]!, bl[i]!);
      if (c !== 0) return c;
    }
    return a.length - bl.length;
  }
  if (isObject(a) && isObject(b)) {
    const ak = Object.keys(a).sort(compareStrings);
    const bk = Object.keys(b).sort(compareStrings);
    for (let i = 0; i < ak.length && i < bk.length; i++) {
      const byName = compareStrings(ak[i]!, bk[i]!);
      if (byName !== 0) return byName;
      const c = compareValues(a[ak[i]!]!, b[bk[i]!]!);
      if (c !== 0) return c;
    }
    return ak.length - bk.length;
  }
  return 0;
}

export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The element as kube prints it in conflict messages: `.name`, `[name="x",port=80]`, `[="a"]`, `[0]`. */
export function elementString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([n, v]) => `${n}=${valueString(v)}`).join(',')}]`;
    case 'value':
      return `[=${valueString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

export const pathString = (path: Path): string => path.map(elementString).join('');

function valueString(v: JsonValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'object') return goJson(v);
  return String(v);
}
