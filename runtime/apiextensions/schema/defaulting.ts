// kube's CRD defaulting. First nulls are dropped where the schema does not allow them and
// has no default to put there; then defaults fill absent fields (and non-nullable nulls),
// only inside objects and lists that exist: a default never creates its parent.
import { cloneJson, type JsonValue } from '../../patch/index.js';
import * as api from '../../api/index.js';
import type { SchemaNode } from './node.js';

// A module-level copy: under tsx every call through an import binding costs a getter.
const { isObject } = api;

function schemaForKey(node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!node) return undefined;
  return node.properties.get(key) ?? node.additional?.node;
}

export function dropDisallowedNulls(x: unknown, node: SchemaNode | undefined): void {
  if (isObject(x)) {
    for (const k of Object.keys(x)) {
      const sub = schemaForKey(node, k);
      const v = x[k];
      if (v === null && sub && !sub.nullable && sub.defaultValue === undefined) delete x[k];
      else dropDisallowedNulls(v, sub);
    }
  } else if (Array.isArray(x)) {
    const items = node?.items;
    for (const item of x) dropDisallowedNulls(item, items);
  }
}

function isNonNullableNull(v: unknown, node: SchemaNode | undefined): boolean {
  return v === null && node !== undefined && !node.nullable;
}

export function fillDefaults(x: unknown, node: SchemaNode | undefined): void {
  if (!node) return;
  if (isObject(x)) {
    for (const [k, prop] of node.properties) {
      if (prop.defaultValue === undefined) continue;
      if (!Object.hasOwn(x, k) || isNonNullableNull(x[k], prop)) x[k] = cloneJson(prop.defaultValue as JsonValue);
    }
    for (const k of Object.keys(x)) {
      const prop = node.properties.get(k);
      if (prop) {
        fillDefaults(x[k], prop);
      } else if (node.additional) {
        const sub = node.additional.node;
        if (sub && isNonNullableNull(x[k], sub) && sub.defaultValue !== undefined) x[k] = cloneJson(sub.defaultValue as JsonValue);
        fillDefaults(x[k], sub);
      }
    }
  } else if (Array.isArray(x)) {
    const items = node.items;
    for (let i = 0; i < x.length; i++) {
      if (items && isNonNullableNull(x[i], items) && items.defaultValue !== undefined) x[i] = cloneJson(items.defaultValue as JsonValue);
      fillDefaults(x[i], items);
    }
  }
}
