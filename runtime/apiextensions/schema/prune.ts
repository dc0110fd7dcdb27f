// kube's pruning: object fields the schema does not declare are dropped, except under
// x-kubernetes-preserve-unknown-fields; apiVersion/kind/metadata of the resource and of
// embedded resources are left to ObjectMeta handling, which keeps only ObjectMeta's fields.
// The same walk, without deleting, lists the paths it would drop (fieldValidation).
import * as api from '../../api/index.js';
import type { SchemaNode } from './node.js';
import * as objectMeta from './object-meta.js';

// Module-level copies: under tsx every call through an import binding costs a getter.
const { childPath, indexPath, isObject } = api;
const { OBJECT_META_FIELDS, TYPE_AND_OBJECT_META } = objectMeta;

export interface PruneWalk {
  /** Delete what is unknown (prune) or only record it (validate). */
  readonly remove: boolean;
  readonly found: string[];
}

function drop(obj: Record<string, unknown>, key: string, path: string, walk: PruneWalk): void {
  walk.found.push(childPath(path, key));
  if (walk.remove) delete obj[key];
}

/** metadata keeps ObjectMeta's own fields only, as decoding into ObjectMeta does. */
function pruneMetadata(meta: unknown, path: string, walk: PruneWalk): void {
  if (!isObject(meta)) return;
  for (const k of Object.keys(meta)) if (!OBJECT_META_FIELDS.has(k)) drop(meta, k, path, walk);
}

export function pruneValue(x: unknown, node: SchemaNode | undefined, path: string, walk: PruneWalk): void {
  if (node?.preserveUnknownFields) {
    keepUnknown(x, node, path, walk);
    return;
  }
  if (isObject(x)) {
    if (!node) {
      for (const k of Object.keys(x)) drop(x, k, path, walk);
      return;
    }
    for (const k of Object.keys(x)) {
      if (node.resourceMeta && TYPE_AND_OBJECT_META.has(k)) {
        if (k === 'metadata') pruneMetadata(x[k], childPath(path, k), walk);
        continue;
      }
      const prop = node.properties.get(k);
      if (prop) pruneValue(x[k], prop, childPath(path, k), walk);
      else if (node.additional) pruneValue(x[k], node.additional.node, childPath(path, k), walk);
      else drop(x, k, path, walk);
    }
  } else if (Array.isArray(x)) {
    const items = node?.items;
    for (let i = 0; i < x.length; i++) pruneValue(x[i], items, indexPath(path, i), walk);
  }
}

// Under x-kubernetes-preserve-unknown-fields unknown keys stay, declared ones are still
// pruned by their own schemas, and list items keep their unknown fields too (kube's rule).
function keepUnknown(x: unknown, node: SchemaNode | undefined, path: string, walk: PruneWalk): void {
  if (!node) return;
  if (isObject(x)) {
    for (const k of Object.keys(x)) {
      if (node.resourceMeta && TYPE_AND_OBJECT_META.has(k)) {
        if (k === 'metadata') pruneMetadata(x[k], childPath(path, k), walk);
        continue;
      }
      const prop = node.properties.get(k);
      if (prop) pruneValue(x[k], prop, childPath(path, k), walk);
      else if (node.additional) pruneValue(x[k], node.additional.node, childPath(path, k), walk);
    }
  } else if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) keepUnknown(x[i], node.items, indexPath(path, i), walk);
  }
}
