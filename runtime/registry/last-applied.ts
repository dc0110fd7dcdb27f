// kubectl's client-side apply annotation, as kube's server treats it when "kubectl" applies
// server-side: conflicts on fields the annotation lists are forced (the object was applied by
// kubectl before, only client-side), and the annotation is kept in step with the configuration
// so a later client-side apply still computes the right patch.
import type { FieldConflict } from '../fieldmanager/index.js';
import { TOTAL_ANNOTATION_SIZE_LIMIT } from './meta-validation.js';
import type { RegistryObject } from './object-meta.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** The only manager the annotation is honoured for; others opt out by naming themselves. */
export const KUBECTL_MANAGER = 'kubectl';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function lastAppliedOf(obj: RegistryObject | null): string | undefined {
  const value = obj?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  return value === undefined || value === '' ? undefined : value;
}

/** Every conflict is on a field the live object's annotation lists. */
export function conflictsCoveredByLastApplied(live: RegistryObject | null, conflicts: readonly FieldConflict[]): boolean {
  const text = lastAppliedOf(live);
  if (text === undefined || conflicts.length === 0) return false;
  let applied: Json;
  try {
    applied = JSON.parse(text) as Json;
  } catch {
    return false;
  }
  return conflicts.every((c) => presentAt(applied, c.field));
}

/** Rewrites the annotation of an object that has one to the configuration just applied. */
export function syncLastApplied(obj: RegistryObject, config: RegistryObject): void {
  const annotations = obj.metadata?.annotations;
  if (annotations === undefined || lastAppliedOf(obj) === undefined) return;
  const copy = structuredClone(config) as RegistryObject;
  const own = copy.metadata?.annotations;
  if (own) {
    delete own[LAST_APPLIED_ANNOTATION];
    if (Object.keys(own).length === 0) delete copy.metadata!.annotations;
  }
  annotations[LAST_APPLIED_ANNOTATION] = `${goJson(copy as Json)}\n`;
  // kube drops the annotation rather than fail the apply when it would not fit.
  const size = Object.entries(annotations).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) delete annotations[LAST_APPLIED_ANNOTATION];
}

/**
 * Whether the field a conflict names (kube's printed path: `.data.a`, `.spec.ports[port=80,
 * protocol="TCP"].name`, `.spec.finalizers[="x"]`) exists in `value`. Field names may hold dots,
 * so each object key is tried as a prefix.
 */
function presentAt(value: Json, rest: string): boolean {
  if (rest === '') return true;
  if (rest.startsWith('.') && isObject(value)) {
    return Object.entries(value).some(([k, v]) => rest.startsWith(`.${k}`) && presentAt(v, rest.slice(k.length + 1)));
  }
  if (rest.startsWith('[') && Array.isArray(value)) {
    const end = bracketEnd(rest);
    if (end < 0) return false;
    const element = rest.slice(0, end + 1);
    const after = rest.slice(end + 1);
    return value.some((item, i) => itemMatches(item, i, element) && presentAt(item, after));
  }
  return false;
}

function itemMatches(item: Json, index: number, element: string): boolean {
  const inner = element.slice(1, -1);
  if (inner === String(index)) return true;
  if (inner.startsWith('=')) return inner.slice(1) === valueString(item);
  if (!isObject(item)) return false;
  const names = splitTopLevel(inner).map((pair) => pair.slice(0, pair.indexOf('=')));
  if (names.some((n) => n === '' || !(n in item))) return false;
  return inner === names.map((n) => `${n}=${valueString(item[n]!)}`).join(',');
}

/** Index of the `]` closing the element at the start of `s`, skipping quoted strings and nesting. */
function bracketEnd(s: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

const isObject = (v: Json): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

function valueString(v: Json): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'object') return goJson(v);
  return String(v);
}

// Go's encoding/json: object keys sorted, and <, >, & escaped as in HTML.
const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

function goJson(value: Json): string {
  return encode(value).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}

function encode(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${encode(value[k]!)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
