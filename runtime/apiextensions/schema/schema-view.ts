// Typed reads of a stored openAPIV3Schema. The schema arrives as plain JSON (the CRD object
// as stored), so every keyword is read defensively: a wrong JSON type reads as absent.
import { isObject } from '../../api/index.js';
import type { JSONSchemaProps } from './index.js';

export function str(s: JSONSchemaProps, key: string): string | undefined {
  const v = s[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(s: JSONSchemaProps, key: string): number | undefined {
  const v = s[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function flag(s: JSONSchemaProps, key: string): boolean {
  return s[key] === true;
}

export function has(s: JSONSchemaProps, key: string): boolean {
  return s[key] !== undefined && s[key] !== null;
}

export function schemaAt(s: JSONSchemaProps, key: string): JSONSchemaProps | undefined {
  const v = s[key];
  return isObject(v) ? v : undefined;
}

export function schemaList(s: JSONSchemaProps, key: string): JSONSchemaProps[] {
  const v = s[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}

export function stringList(s: JSONSchemaProps, key: string): string[] {
  const v = s[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `properties` (or any name -> schema map keyword) as entries, in the order written. */
export function schemaMap(s: JSONSchemaProps, key: string): Array<[string, JSONSchemaProps]> {
  const v = s[key];
  if (!isObject(v)) return [];
  const out: Array<[string, JSONSchemaProps]> = [];
  for (const k of Object.keys(v)) {
    const sub = v[k];
    if (isObject(sub)) out.push([k, sub]);
  }
  return out;
}

export interface AdditionalProperties {
  readonly allows: boolean;
  readonly schema?: JSONSchemaProps;
}

/** `additionalProperties` is a schema or a boolean; a schema implies allows=true. */
export function additionalOf(s: JSONSchemaProps): AdditionalProperties | undefined {
  const v = s['additionalProperties'];
  if (typeof v === 'boolean') return { allows: v };
  if (isObject(v)) return { allows: true, schema: v };
  return undefined;
}

/** `items` is one schema, or (forbidden for CRDs, still readable) a list of schemas. */
export function itemsOf(s: JSONSchemaProps): { schema?: JSONSchemaProps; list?: JSONSchemaProps[] } | undefined {
  const v = s['items'];
  if (isObject(v)) return { schema: v };
  if (Array.isArray(v)) return { list: v.filter(isObject) };
  return undefined;
}
