// Rules every spec document must follow whatever upstream says: OpenAPI 3.0.3 framing,
// references that resolve, and the project extensions on every kind that has paths.
import { isObject, pathsOf, schemasOf, type JsonObject, type SpecFile } from './spec-files.js';
import { collectRefs, type RefResolver } from './refs.js';
import { METHODS, gvkText } from './path-facts.js';

export function framingProblems(files: SpecFile[]): string[] {
  const problems: string[] = [];
  for (const { path, doc } of files) {
    if (doc['openapi'] !== '3.0.3') problems.push(`${path}: openapi is ${String(doc['openapi'])}, want 3.0.3`);
    const info = doc['info'];
    if (!isObject(info) || typeof info['title'] !== 'string' || typeof info['version'] !== 'string') {
      problems.push(`${path}: info needs a title and a version`);
    }
    if (!isObject(doc['paths'])) problems.push(`${path}: paths is missing (use {} for none)`);
    if (!isObject(doc['components'])) problems.push(`${path}: components is missing`);
  }
  return problems;
}

export function unresolvedRefs(files: SpecFile[], resolver: RefResolver): string[] {
  const problems: string[] = [];
  for (const { path, doc } of files) {
    for (const { at, ref } of collectRefs(doc)) {
      if (resolver.resolve(path, ref) === undefined) problems.push(`${path}${at}: $ref ${ref} does not resolve`);
    }
  }
  return problems;
}

interface ServedKind {
  gvk: string;
  where: string;
  listable: boolean;
}

/** Kinds named by operations on resource paths (not subresources such as /status or /token). */
function servedKinds(files: SpecFile[]): Map<string, ServedKind> {
  const kinds = new Map<string, ServedKind>();
  for (const { path: file, doc } of files) {
    for (const [path, item] of Object.entries(pathsOf(doc))) {
      const segments = path.split('/');
      const name = segments.indexOf('{name}');
      if (!isObject(item) || (name >= 0 && name < segments.length - 1)) continue;
      for (const method of METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        const gvk = gvkText(op['x-kubernetes-group-version-kind']);
        if (gvk === undefined) continue;
        const known = kinds.get(gvk) ?? { gvk, where: `${file} ${path}`, listable: false };
        if (op['x-kubernetes-action'] === 'list') known.listable = true;
        kinds.set(gvk, known);
      }
    }
  }
  return kinds;
}

const COLUMN_TYPES = new Set(['integer', 'number', 'string', 'boolean', 'date']);

function columnProblems(where: string, columns: unknown, listable: boolean): string[] {
  if (!Array.isArray(columns)) return [`${where}: x-capstan-printer-columns is missing`];
  if (listable && columns.length === 0) return [`${where}: x-capstan-printer-columns is empty for a listable kind`];
  const problems: string[] = [];
  columns.forEach((column, i) => {
    const at = `${where}: x-capstan-printer-columns[${i}]`;
    if (!isObject(column)) return problems.push(`${at} is not a mapping`);
    if (typeof column['name'] !== 'string' || column['name'] === '') problems.push(`${at} has no name`);
    if (typeof column['type'] !== 'string' || !COLUMN_TYPES.has(column['type'])) problems.push(`${at} has type ${String(column['type'])}`);
    if (typeof column['jsonPath'] !== 'string' || !column['jsonPath'].startsWith('.')) problems.push(`${at} needs a jsonPath starting with '.'`);
    if (column['aggregate'] !== undefined && column['aggregate'] !== 'count') problems.push(`${at} aggregate must be count`);
    if (column['printer'] !== undefined && typeof column['printer'] !== 'string') problems.push(`${at} printer must be a name`);
    if (column['priority'] !== undefined && !Number.isInteger(column['priority'])) problems.push(`${at} priority must be an integer`);
    // NAME comes first without being listed; a wide NAME later on (core Event) is allowed.
    if (i === 0 && String(column['name']).toUpperCase() === 'NAME') problems.push(`${at}: the leading NAME is implicit and must not be listed`);
    return undefined;
  });
  return problems;
}

function resourceProblems(where: string, resource: unknown): string[] {
  if (!isObject(resource)) return [`${where}: x-capstan-resource is missing`];
  const problems: string[] = [];
  if (typeof resource['singular'] !== 'string' || resource['singular'] === '') problems.push(`${where}: x-capstan-resource.singular is missing`);
  for (const key of ['shortNames', 'categories']) {
    const value = resource[key];
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      problems.push(`${where}: x-capstan-resource.${key} must be a list of strings`);
    }
  }
  return problems;
}

function selectableProblems(where: string, fields: unknown): string[] {
  if (fields === undefined) return [];
  if (!Array.isArray(fields)) return [`${where}: x-capstan-selectable-fields must be a list`];
  return fields.flatMap((field, i) =>
    isObject(field) && typeof field['jsonPath'] === 'string' && field['jsonPath'].startsWith('.')
      ? []
      : [`${where}: x-capstan-selectable-fields[${i}] needs a jsonPath starting with '.'`],
  );
}

/** Every served kind has a schema carrying x-capstan-resource and valid printer columns. */
export function kindExtensionProblems(files: SpecFile[]): string[] {
  const schemasByGvk = new Map<string, { file: string; name: string; schema: JsonObject }>();
  for (const { path, doc } of files) {
    for (const [name, schema] of Object.entries(schemasOf(doc))) {
      if (!isObject(schema) || !Array.isArray(schema['x-kubernetes-group-version-kind'])) continue;
      // A schema naming several GVKs (DeleteOptions) is never a served kind's own schema.
      if (schema['x-kubernetes-group-version-kind'].length !== 1) continue;
      const gvk = gvkText(schema['x-kubernetes-group-version-kind'][0]);
      if (gvk !== undefined) schemasByGvk.set(gvk, { file: path, name, schema });
    }
  }
  const problems: string[] = [];
  for (const kind of servedKinds(files).values()) {
    const found = schemasByGvk.get(kind.gvk);
    if (found === undefined) {
      problems.push(`${kind.where}: no schema carries x-kubernetes-group-version-kind ${kind.gvk}`);
      continue;
    }
    const where = `${found.file}: ${found.name}`;
    problems.push(
      ...resourceProblems(where, found.schema['x-capstan-resource']),
      ...columnProblems(where, found.schema['x-capstan-printer-columns'], kind.listable),
      ...selectableProblems(where, found.schema['x-capstan-selectable-fields']),
    );
  }
  return problems;
}
