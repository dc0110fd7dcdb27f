// Compares our paths with upstream's: the same operations, actions, kinds, parameters,
// request bodies and success responses. Swagger 2 and OpenAPI 3 spell bodies and responses
// differently, so each side is reduced to an OperationFacts record first.
import { isObject, pathsOf, type JsonObject, type SpecFile } from './spec-files.js';
import { refTargetName, type RefResolver } from './refs.js';
import { NOT_SERVED } from './not-served.js';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface OperationFacts {
  action: string | undefined;
  gvk: string | undefined;
  parameters: string;
  body: string | undefined;
  responses: string;
}

export function gvkText(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  return `${String(value['group'])}/${String(value['version'])}/${String(value['kind'])}`;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function theirOperation(pathItem: JsonObject, op: JsonObject, upstreamParams: JsonObject): OperationFacts {
  const names = new Set<string>();
  let body: string | undefined;
  for (const raw of [...list(pathItem['parameters']), ...list(op['parameters'])]) {
    let param = raw;
    if (isObject(param) && typeof param['$ref'] === 'string') param = upstreamParams[refTargetName(param['$ref'])];
    if (!isObject(param)) continue;
    if (param['in'] === 'body') {
      const schema = param['schema'];
      body = isObject(schema) && typeof schema['$ref'] === 'string' ? refTargetName(schema['$ref']) : 'inline';
    } else names.add(String(param['name']));
  }
  const responses: string[] = [];
  const responseMap = isObject(op['responses']) ? op['responses'] : {};
  for (const code of ['200', '201', '202']) {
    const response = responseMap[code];
    if (!isObject(response)) continue;
    const schema = response['schema'];
    responses.push(`${code}=${isObject(schema) && typeof schema['$ref'] === 'string' ? refTargetName(schema['$ref']) : 'inline'}`);
  }
  return {
    action: typeof op['x-kubernetes-action'] === 'string' ? op['x-kubernetes-action'] : undefined,
    gvk: gvkText(op['x-kubernetes-group-version-kind']),
    parameters: [...names].sort().join(','),
    body,
    responses: responses.join(' '),
  };
}

function contentSchemaRef(resolver: RefResolver, file: string, holder: unknown): string | undefined {
  const resolved = resolver.deref(file, holder);
  if (resolved === undefined || !isObject(resolved.value)) return undefined;
  const content = resolved.value['content'];
  if (!isObject(content)) return 'no content';
  const first = Object.values(content)[0];
  if (!isObject(first) || !isObject(first['schema'])) return 'no schema';
  const ref = first['schema']['$ref'];
  return typeof ref === 'string' ? refTargetName(ref) : 'inline';
}

function ourOperation(resolver: RefResolver, file: string, pathItem: JsonObject, op: JsonObject): OperationFacts {
  const names = new Set<string>();
  for (const raw of [...list(pathItem['parameters']), ...list(op['parameters'])]) {
    const param = resolver.deref(file, raw);
    if (param !== undefined && isObject(param.value)) names.add(String(param.value['name']));
  }
  const responses: string[] = [];
  const responseMap = isObject(op['responses']) ? op['responses'] : {};
  for (const code of ['200', '201', '202']) {
    if (responseMap[code] !== undefined) responses.push(`${code}=${contentSchemaRef(resolver, file, responseMap[code])}`);
  }
  return {
    action: typeof op['x-kubernetes-action'] === 'string' ? op['x-kubernetes-action'] : undefined,
    gvk: gvkText(op['x-kubernetes-group-version-kind']),
    parameters: [...names].sort().join(','),
    body: op['requestBody'] === undefined ? undefined : contentSchemaRef(resolver, file, op['requestBody']),
    responses: responses.join(' '),
  };
}

function show(value: string | undefined): string {
  return value === undefined || value === '' ? '(none)' : value;
}

/** Kinds whose resources our specs serve: the GVKs of operations on our paths. */
function servedKinds(files: SpecFile[]): Set<string> {
  const kinds = new Set<string>();
  for (const file of files) {
    for (const pathItem of Object.values(pathsOf(file.doc))) {
      if (!isObject(pathItem)) continue;
      for (const method of METHODS) {
        const op = pathItem[method];
        const gvk = isObject(op) ? gvkText(op['x-kubernetes-group-version-kind']) : undefined;
        if (gvk !== undefined) kinds.add(gvk);
      }
    }
  }
  return kinds;
}

export function pathMismatches(
  files: SpecFile[],
  resolver: RefResolver,
  upstreamPaths: JsonObject,
  upstreamParams: JsonObject,
): { compared: number; mismatches: string[] } {
  const mismatches: string[] = [];
  const ours = new Set<string>();
  let compared = 0;
  for (const file of files) {
    for (const [path, pathItem] of Object.entries(pathsOf(file.doc))) {
      ours.add(path);
      const theirItem = upstreamPaths[path];
      if (!isObject(pathItem) || !isObject(theirItem)) continue;
      compared++;
      for (const method of METHODS) {
        const a = pathItem[method];
        const b = theirItem[method];
        if (!isObject(a) && !isObject(b)) continue;
        const where = `${file.path}: ${method.toUpperCase()} ${path}`;
        if (!isObject(a) || !isObject(b)) {
          mismatches.push(`${where}: ours ${isObject(a) ? 'present' : '(missing)'} vs theirs ${isObject(b) ? 'present' : '(missing)'}`);
          continue;
        }
        const mine = ourOperation(resolver, file.path, pathItem, a);
        const theirs = theirOperation(theirItem, b, upstreamParams);
        for (const facet of ['action', 'gvk', 'parameters', 'body', 'responses'] as const) {
          if (mine[facet] !== theirs[facet]) mismatches.push(`${where} ${facet}: ours ${show(mine[facet])} vs theirs ${show(theirs[facet])}`);
        }
      }
    }
  }
  // Upstream paths of a kind we serve that we do not declare (a forgotten watch or subresource).
  const kinds = servedKinds(files);
  for (const [path, item] of Object.entries(upstreamPaths)) {
    if (ours.has(path) || NOT_SERVED.has(path) || !isObject(item)) continue;
    const gvk = ownerKind(path, upstreamPaths);
    if (gvk !== undefined && kinds.has(gvk)) mismatches.push(`${path}: ours (missing) vs theirs present (${gvk})`);
  }
  return { compared, mismatches };
}

function firstGvk(item: unknown): string | undefined {
  if (!isObject(item)) return undefined;
  for (const method of METHODS) {
    const op = item[method];
    const gvk = isObject(op) ? gvkText(op['x-kubernetes-group-version-kind']) : undefined;
    if (gvk !== undefined) return gvk;
  }
  return undefined;
}

/**
 * The kind a path belongs to. Subresources such as deployments/scale carry the GVK of the
 * kind they take (autoscaling/v1 Scale), so they belong to their parent resource's kind:
 * serving Scale for our own kinds does not oblige us to serve every other scale subresource.
 */
function ownerKind(path: string, upstreamPaths: JsonObject): string | undefined {
  const segments = path.split('/');
  const name = segments.indexOf('{name}');
  if (name < 0 || name === segments.length - 1) return firstGvk(upstreamPaths[path]);
  return firstGvk(upstreamPaths[segments.slice(0, name + 1).join('/')]);
}
