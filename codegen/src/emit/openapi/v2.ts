// The merged Swagger 2.0 document for /openapi/v2, converted from the per-group-version
// OpenAPI 3 documents: `#/definitions/` references, body parameters, consumes/produces.
import { isJsonObject, type Json, type JsonObject } from './resolve.js';
import type { GroupVersionDocument } from './v3.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
const byKey = <T>(o: Record<string, T>): [string, T][] => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** A v3 schema as Swagger 2 says it: no nullable, no oneOf/anyOf, siblings beside $ref. */
function schemaV2(node: Json): Json {
  if (Array.isArray(node)) return node.map(schemaV2);
  if (!isJsonObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') out[key] = value.replace('#/components/schemas/', '#/definitions/');
    else if (key === 'allOf' && Array.isArray(value) && value.length === 1 && isJsonObject(value[0]) && typeof value[0]['$ref'] === 'string') {
      out['$ref'] = value[0]['$ref'].replace('#/components/schemas/', '#/definitions/');
    } else if ((key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) {
      // Swagger 2 has no alternatives; kube writes int-or-string and quantities as strings.
      if (out['type'] === undefined) out['type'] = 'string';
      if (node['x-kubernetes-int-or-string'] === true) out['format'] = 'int-or-string';
    } else if (key === 'properties' || key === 'patternProperties') {
      const props: JsonObject = {};
      if (isJsonObject(value)) for (const [name, prop] of Object.entries(value)) props[name] = schemaV2(prop);
      out[key] = props;
    } else if (key.startsWith('x-') || key === 'default' || key === 'enum' || key === 'example') out[key] = value;
    else out[key] = schemaV2(value);
  }
  return out;
}

function parameterV2(p: Json): Json {
  if (!isJsonObject(p)) return p;
  const { schema, ...rest } = p;
  const out: JsonObject = { ...rest };
  if (isJsonObject(schema)) for (const [k, v] of Object.entries(schemaV2(schema) as JsonObject)) out[k] = v;
  if (out['in'] === 'query' && out['type'] === undefined) out['type'] = 'string';
  return out;
}

function firstSchema(content: Json | undefined): Json | undefined {
  if (!isJsonObject(content)) return undefined;
  for (const media of Object.values(content)) if (isJsonObject(media) && media['schema'] !== undefined) return schemaV2(media['schema']);
  return undefined;
}

function operationV2(op: JsonObject): JsonObject {
  const out: JsonObject = {};
  const produces = new Set<string>();
  let consumes: string[] = [];
  let body: JsonObject | undefined;
  for (const [key, value] of Object.entries(op)) {
    if (key === 'parameters' && Array.isArray(value)) out['parameters'] = value.map(parameterV2);
    else if (key === 'requestBody' && isJsonObject(value)) {
      consumes = isJsonObject(value['content']) ? Object.keys(value['content']) : [];
      body = { name: 'body', in: 'body', required: value['required'] === true };
      const schema = firstSchema(value['content']);
      if (schema !== undefined) body['schema'] = schema;
    } else if (key === 'responses' && isJsonObject(value)) {
      const responses: JsonObject = {};
      for (const [code, r] of Object.entries(value)) {
        if (!isJsonObject(r)) continue;
        const response: JsonObject = { description: r['description'] ?? '' };
        const schema = firstSchema(r['content']);
        if (schema !== undefined) response['schema'] = schema;
        if (isJsonObject(r['content'])) for (const m of Object.keys(r['content'])) produces.add(m);
        responses[code] = response;
      }
      out['responses'] = responses;
    } else out[key] = value;
  }
  if (body !== undefined) out['parameters'] = [body, ...(Array.isArray(out['parameters']) ? out['parameters'] : [])];
  out['consumes'] = consumes.length > 0 ? consumes : ['*/*'];
  out['produces'] = [...produces];
  out['schemes'] = ['https'];
  return out;
}

export function swaggerDocument(documents: readonly GroupVersionDocument[]): JsonObject {
  const paths: JsonObject = {};
  const definitions: JsonObject = {};
  for (const { document } of documents) {
    if (isJsonObject(document['paths'])) {
      for (const [path, item] of Object.entries(document['paths'])) {
        if (!isJsonObject(item)) continue;
        const converted: JsonObject = {};
        for (const [key, value] of Object.entries(item)) {
          if (METHODS.includes(key) && isJsonObject(value)) converted[key] = operationV2(value);
          else if (key === 'parameters' && Array.isArray(value)) converted[key] = value.map(parameterV2);
          else converted[key] = value;
        }
        paths[path] = converted;
      }
    }
    const components = document['components'];
    const schemas = isJsonObject(components) ? components['schemas'] : undefined;
    if (isJsonObject(schemas)) for (const [name, schema] of Object.entries(schemas)) definitions[name] ??= schemaV2(schema);
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: Object.fromEntries(byKey(paths)),
    definitions: Object.fromEntries(byKey(definitions)),
  };
}
