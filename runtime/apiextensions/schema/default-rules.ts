// Defaults in a CRD schema must survive their own pruning unchanged and be valid against
// the schema they sit in (kube checks both when the CRD is written, so defaulting can never
// produce an object that fails validation).
import { fieldErrors, type FieldError } from '../../api/index.js';
import type { JSONSchemaProps } from './index.js';
import { SchemaContext } from './context.js';
import { compileNode } from './node.js';
import { pruneValue } from './prune.js';
import { validateEmbeddedResource } from './object-meta.js';
import { jsonEqual, type JsonValue } from '../../patch/index.js';
import { flag, has, itemsOf, schemaMap } from './schema-view.js';

const child = (path: string, name: string): string => `${path}.${name}`;
const key = (path: string, k: string): string => `${path}[${k}]`;

/** Errors of a default value are reported under `<schema path>.default`, messages stay relative. */
function underDefault(prefix: string, err: FieldError): FieldError {
  if (err.field === '<nil>') return err;
  const field = err.field === '' ? prefix : err.field.startsWith('[') ? `${prefix}${err.field}` : `${prefix}.${err.field}`;
  return { ...err, field };
}

function checkDefault(s: JSONSchemaProps, path: string, insideMeta: boolean, out: FieldError[], resourceRoot = false): void {
  const value = s['default'];
  const at = child(path, 'default');
  const embedded = resourceRoot || flag(s, 'x-kubernetes-embedded-resource');
  const node = compileNode(s, false, embedded);
  if (!insideMeta) {
    const pruned = structuredClone(value);
    pruneValue(pruned, node, '', { remove: true, found: [] });
    if (!jsonEqual(pruned as JsonValue, value as JsonValue)) out.push(fieldErrors.invalid(at, value, 'must not have unknown fields'));
    if (flag(s, 'x-kubernetes-embedded-resource') && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const metaErrors: FieldError[] = [];
      validateEmbeddedResource('', value as Record<string, unknown>, metaErrors);
      if (metaErrors.length > 0) {
        out.push(...metaErrors.map((e) => underDefault(at, e)));
        return;
      }
    }
  }
  const ctx = new SchemaContext();
  node.validate(value, '', ctx);
  out.push(...ctx.errors.map((e) => underDefault(at, e)));
}

function walk(s: JSONSchemaProps, path: string, insideMeta: boolean, out: FieldError[]): void {
  const embedded = flag(s, 'x-kubernetes-embedded-resource');
  if (embedded) insideMeta = false;
  if (has(s, 'default')) checkDefault(s, path, insideMeta, out);
  // additionalProperties are not followed: defaults are not allowed to apply there per key.
  const items = itemsOf(s)?.schema;
  if (items) walk(items, child(path, 'items'), insideMeta, out);
  for (const [name, sub] of schemaMap(s, 'properties')) {
    const subMeta = insideMeta || (embedded && (name === 'metadata' || name === 'apiVersion' || name === 'kind'));
    walk(sub, key(child(path, 'properties'), name), subMeta, out);
  }
}

export function defaultRules(s: JSONSchemaProps, path: string): FieldError[] {
  const out: FieldError[] = [];
  // The root behaves like an embedded resource: its metadata defaults are checked as metadata.
  for (const [name, sub] of schemaMap(s, 'properties')) {
    walk(sub, key(child(path, 'properties'), name), name === 'metadata' || name === 'apiVersion' || name === 'kind', out);
  }
  const items = itemsOf(s)?.schema;
  if (items) walk(items, child(path, 'items'), false, out);
  if (has(s, 'default')) checkDefault(s, path, false, out, true);
  return out;
}
