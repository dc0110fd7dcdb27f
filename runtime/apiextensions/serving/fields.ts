// Field metadata (list types, map keys, map types, preserve-unknown, embedded resources) read
// off a CRD version's schema, keyed by path as ResourceDescriptor.fields wants them.
import type { FieldMeta, ListType, MapType } from '../../api/index.js';

type Schema = Record<string, unknown>;
const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function metaOf(schema: Schema): FieldMeta | undefined {
  const meta: { -readonly [K in keyof FieldMeta]?: FieldMeta[K] } = {};
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'atomic' || listType === 'set' || listType === 'map') meta.listType = listType as ListType;
  const keys = schema['x-kubernetes-list-map-keys'];
  if (Array.isArray(keys) && keys.every((k) => typeof k === 'string')) meta.listMapKeys = keys as string[];
  const mapType = schema['x-kubernetes-map-type'];
  if (mapType === 'atomic' || mapType === 'granular') meta.mapType = mapType as MapType;
  if (schema['default'] !== undefined) meta.default = schema['default'];
  if (schema['x-kubernetes-int-or-string'] === true) meta.intOrString = true;
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) meta.preserveUnknownFields = true;
  if (schema['x-kubernetes-embedded-resource'] === true) meta.embeddedResource = true;
  return Object.keys(meta).length > 0 ? meta : undefined;
}

/** Every path under `schema` that carries metadata, in document order. */
export function fieldsOfSchema(schema: Schema | undefined): Record<string, FieldMeta> {
  const out: Record<string, FieldMeta> = {};
  const walk = (node: Schema, path: string, depth: number): void => {
    if (depth > 64) return;
    if (path !== '') {
      const meta = metaOf(node);
      if (meta) out[path] = meta;
    }
    const props = node['properties'];
    if (isSchema(props)) {
      for (const [name, child] of Object.entries(props)) if (isSchema(child)) walk(child, path === '' ? name : `${path}.${name}`, depth + 1);
    }
    if (isSchema(node['items'])) walk(node['items'], `${path}[]`, depth + 1);
    if (isSchema(node['additionalProperties'])) walk(node['additionalProperties'], `${path}{}`, depth + 1);
  };
  if (schema) walk(schema, '', 0);
  return out;
}
