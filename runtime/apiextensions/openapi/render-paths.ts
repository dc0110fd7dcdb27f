// Routes written out as OpenAPI 3.0 path items and as Swagger 2.0 path items. Parameters every
// operation of a path shares (name, namespace, pretty) sit on the path item, as kube puts them.
import type { JsonObject } from './json.js';
import { type Dialect, type KindNames, refTo } from './kind-schema.js';
import { definitionName, DELETE_OPTIONS, operationTag, PATCH, SCALE, STATUS } from './names.js';
import { pretty, type QueryParameter } from './parameters.js';
import { CUSTOM_RESOURCE_PATCH_TYPES, type Route, type Sample } from './routes.js';

const RESPONSE_TYPES = ['application/json', 'application/yaml'];

function sampleName(names: KindNames, sample: Sample): string {
  switch (sample) {
    case 'kind': return definitionName(names.group, names.version, names.kind);
    case 'list': return definitionName(names.group, names.version, names.listKind);
    case 'status': return STATUS;
    case 'scale': return SCALE;
    case 'patch': return PATCH;
    case 'deleteOptions': return DELETE_OPTIONS;
  }
}

function parameter(dialect: Dialect, where: 'path' | 'query', name: string, type: QueryParameter['type'], description: string): JsonObject {
  const out: JsonObject = { name, in: where, description };
  if (where === 'path') out['required'] = true;
  if (dialect === 'v3') out['schema'] = { type };
  else out['type'] = type;
  return out;
}

function pathParameters(dialect: Dialect, path: string, kind: string): JsonObject[] {
  const out: JsonObject[] = [];
  if (path.includes('{name}')) out.push(parameter(dialect, 'path', 'name', 'string', `name of the ${kind}`));
  if (path.includes('{namespace}')) out.push(parameter(dialect, 'path', 'namespace', 'string', 'object name and auth scope, such as for teams and projects'));
  out.push(parameter(dialect, 'query', pretty.name, pretty.type, pretty.description));
  return out;
}

function operation(dialect: Dialect, names: KindNames, route: Route): JsonObject {
  const ref = (sample: Sample) => ({ $ref: refTo(dialect, sampleName(names, sample)) });
  const query = route.query.map((q) => parameter(dialect, 'query', q.name, q.type, q.description));
  const op: JsonObject = { tags: [operationTag(names.group, names.version)], description: route.description, operationId: route.operationId };
  const responses: JsonObject = {};
  if (dialect === 'v3') {
    if (query.length > 0) op['parameters'] = query;
    const body = route.body;
    if (body) {
      const types = route.method === 'patch' ? CUSTOM_RESOURCE_PATCH_TYPES : ['*/*'];
      op['requestBody'] = { content: Object.fromEntries(types.map((t) => [t, { schema: ref(body.sample) }])), required: body.required };
    }
    for (const [code, description, sample] of route.responses) {
      responses[String(code)] = { description, content: Object.fromEntries(RESPONSE_TYPES.map((t) => [t, { schema: ref(sample) }])) };
    }
  } else {
    op['consumes'] = route.method === 'patch' ? [...CUSTOM_RESOURCE_PATCH_TYPES] : ['application/json', 'application/yaml'];
    op['produces'] = [...RESPONSE_TYPES];
    op['schemes'] = ['https'];
    const body = route.body ? [{ name: 'body', in: 'body', required: route.body.required, schema: ref(route.body.sample) }] : [];
    if (body.length + query.length > 0) op['parameters'] = [...body, ...query];
    for (const [code, description, sample] of route.responses) responses[String(code)] = { description, schema: ref(sample) };
  }
  responses['401'] = { description: 'Unauthorized' };
  op['responses'] = responses;
  op['x-kubernetes-action'] = route.action;
  op['x-kubernetes-group-version-kind'] = { group: names.group, kind: names.kind, version: names.version };
  return op;
}

export function renderPaths(dialect: Dialect, names: KindNames, routes: readonly Route[]): Record<string, JsonObject> {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= { parameters: pathParameters(dialect, route.path, names.kind) });
    item[route.method] = operation(dialect, names, route);
  }
  return paths;
}
