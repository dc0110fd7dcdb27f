// Per-field metadata of a kind, keyed by path from the object root. Recursion stops at a
// schema already on the current path, so self-referencing schemas (JSONSchemaProps) end.
import type { FieldMeta, NamedSchema, SchemaNode } from './ir.js';

function metaOf(node: SchemaNode): FieldMeta | undefined {
  const m: { -readonly [K in keyof FieldMeta]: FieldMeta[K] } = {};
  if (node.listType) m.listType = node.listType;
  if (node.listMapKeys) m.listMapKeys = node.listMapKeys;
  if (node.mapType) m.mapType = node.mapType;
  if (node.patchStrategy) m.patchStrategy = node.patchStrategy;
  if (node.patchMergeKey) m.patchMergeKey = node.patchMergeKey;
  if (node.hasDefault) m.default = node.default;
  if (node.intOrString) m.intOrString = true;
  if (node.preserveUnknownFields) m.preserveUnknownFields = true;
  if (node.embeddedResource) m.embeddedResource = true;
  return Object.keys(m).length > 0 ? m : undefined;
}

export function collectFields(root: string, schemas: ReadonlyMap<string, NamedSchema>): Record<string, FieldMeta> {
  const out: Record<string, FieldMeta> = {};
  const stack: string[] = [];
  const visit = (node: SchemaNode, path: string): void => {
    if (path !== '') {
      // A ref's own annotations win over the referenced schema's.
      const target = node.ref === undefined ? undefined : schemas.get(node.ref)?.node;
      const meta = { ...(target ? metaOf(target) : undefined), ...metaOf(node) };
      if (Object.keys(meta).length > 0) out[path] = meta;
    }
    if (node.ref !== undefined) {
      if (stack.includes(node.ref)) return;
      const target = schemas.get(node.ref);
      if (!target) return;
      stack.push(node.ref);
      walkChildren(target.node, path);
      stack.pop();
      return;
    }
    walkChildren(node, path);
  };
  const walkChildren = (node: SchemaNode, path: string): void => {
    if (node.properties) for (const [k, child] of node.properties) visit(child, path === '' ? k : `${path}.${k}`);
    if (node.items) visit(node.items, `${path}[]`);
    if (node.additionalProperties && node.additionalProperties !== true) visit(node.additionalProperties, `${path}{}`);
  };
  stack.push(root);
  const rootNode = schemas.get(root);
  if (rootNode) walkChildren(rootNode.node, '');
  return out;
}
