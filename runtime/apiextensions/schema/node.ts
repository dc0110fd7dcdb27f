// A schema compiled once into a tree of nodes: the keywords pruning and defaulting need,
// read and typed up front, plus a validate closure that runs only the checks the schema
// actually declares.
import { isObject } from '../../api/index.js';
import type { JSONSchemaProps } from './index.js';
import type { NodeValidate } from './context.js';
import { additionalOf, flag, itemsOf, schemaAt, schemaMap, str, stringList } from './schema-view.js';
import { buildValidate } from './validator.js';

export interface SchemaNode {
  /** Accepted JSON types; empty when the schema leaves the type open. */
  readonly types: readonly string[];
  readonly nullable: boolean;
  /** The `default`, or undefined when none (kube treats `default: null` as none). */
  readonly defaultValue: unknown;
  readonly properties: ReadonlyMap<string, SchemaNode>;
  /** `additionalProperties`: absent, `false`, `true`, or a schema (node). */
  readonly additional?: { readonly allows: boolean; readonly node?: SchemaNode };
  readonly items?: SchemaNode;
  readonly preserveUnknownFields: boolean;
  readonly embeddedResource: boolean;
  /** The resource root or an embedded resource: apiVersion/kind/metadata are never pruned. */
  readonly resourceMeta: boolean;
  readonly listType?: string;
  readonly listMapKeys: readonly string[];
  /**
   * Nodes under allOf/anyOf/oneOf/not only add value checks: they never report unknown
   * fields, list-type or embedded-resource errors (structural schemas forbid those there).
   */
  readonly nested: boolean;
  readonly validate: NodeValidate;
}

export function typesOf(s: JSONSchemaProps): string[] {
  if (flag(s, 'x-kubernetes-int-or-string')) return ['integer', 'string'];
  const t = str(s, 'type');
  return t ? [t] : [];
}

export function compileNode(s: JSONSchemaProps, nested: boolean, resourceRoot = false): SchemaNode {
  const properties = new Map<string, SchemaNode>();
  for (const [name, sub] of schemaMap(s, 'properties')) properties.set(name, compileNode(sub, nested));
  const ap = additionalOf(s);
  const additional = ap ? { allows: ap.allows, ...(ap.schema ? { node: compileNode(ap.schema, nested) } : {}) } : undefined;
  const itemSchema = itemsOf(s)?.schema;
  const items = itemSchema ? compileNode(itemSchema, nested) : undefined;
  const listType = str(s, 'x-kubernetes-list-type');
  const defaultValue = s['default'] === null ? undefined : s['default'];
  const shape = {
    types: typesOf(s),
    nullable: flag(s, 'nullable'),
    defaultValue,
    properties,
    ...(additional ? { additional } : {}),
    ...(items ? { items } : {}),
    preserveUnknownFields: flag(s, 'x-kubernetes-preserve-unknown-fields'),
    embeddedResource: flag(s, 'x-kubernetes-embedded-resource'),
    resourceMeta: resourceRoot || flag(s, 'x-kubernetes-embedded-resource'),
    ...(listType ? { listType } : {}),
    listMapKeys: stringList(s, 'x-kubernetes-list-map-keys'),
    nested,
  };
  const branches = {
    allOf: branchList(s, 'allOf'),
    anyOf: branchList(s, 'anyOf'),
    oneOf: branchList(s, 'oneOf'),
    ...(schemaAt(s, 'not') ? { not: compileNode(schemaAt(s, 'not')!, true) } : {}),
  };
  return { ...shape, validate: buildValidate(s, shape, branches) };
}

function branchList(s: JSONSchemaProps, key: string): SchemaNode[] {
  const v = s[key];
  return Array.isArray(v) ? v.filter(isObject).map((b) => compileNode(b, true)) : [];
}
