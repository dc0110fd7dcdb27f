// Compares our schemas with upstream definitions of the same name, facet by facet. Both
// sides are reduced to a common shape first, because ours are OpenAPI 3 and upstream's are
// swagger 2 (e.g. int-or-string is a format there and an extension here).
import { isObject, schemasOf, type JsonObject, type SpecFile } from './spec-files.js';
import { refTargetName } from './refs.js';

/** Extensions that are facts of the API and must match upstream exactly. */
const FACT_EXTENSIONS = [
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
] as const;

interface Shape {
  type: string | undefined;
  format: string | undefined;
  ref: string | undefined;
  items: Shape | undefined;
  additional: Shape | undefined;
  enum: string[] | undefined;
  extensions: Record<string, string | undefined>;
}

function refOf(node: JsonObject): string | undefined {
  if (typeof node['$ref'] === 'string') return refTargetName(node['$ref']);
  // OpenAPI 3 authors sometimes wrap a reference to give it siblings.
  const allOf = node['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0]) && typeof allOf[0]['$ref'] === 'string') {
    return refTargetName(allOf[0]['$ref']);
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function shapeOf(node: unknown): Shape | undefined {
  if (!isObject(node)) return undefined;
  const intOrString = node['x-kubernetes-int-or-string'] === true || node['format'] === 'int-or-string';
  // Quantity is `oneOf: [string, number]` in kube's v3 documents and `type: string` in v2.
  const oneOf = node['oneOf'];
  const stringOrNumber =
    Array.isArray(oneOf) &&
    oneOf.length === 2 &&
    oneOf.some((o) => isObject(o) && o['type'] === 'string') &&
    oneOf.some((o) => isObject(o) && o['type'] === 'number');
  const extensions: Record<string, string | undefined> = {};
  for (const key of FACT_EXTENSIONS) extensions[key] = text(node[key]);
  const enumValues = Array.isArray(node['enum']) ? node['enum'].map((v) => String(v)).sort() : undefined;
  return {
    type: intOrString ? 'int-or-string' : stringOrNumber ? 'string' : text(node['type']),
    format: intOrString ? undefined : text(node['format']),
    ref: refOf(node),
    items: shapeOf(node['items']),
    additional: isObject(node['additionalProperties']) ? shapeOf(node['additionalProperties']) : undefined,
    enum: enumValues,
    extensions,
  };
}

function show(value: string | undefined): string {
  return value === undefined ? '(none)' : value;
}

/** Lists the differences between two shapes as `where: ours X vs theirs Y` lines. */
function compareShapes(where: string, ours: Shape, theirs: Shape, out: string[]): void {
  const facet = (name: string, a: string | undefined, b: string | undefined): void => {
    if (a !== b) out.push(`${where}${name}: ours ${show(a)} vs theirs ${show(b)}`);
  };
  facet(' type', ours.type, theirs.type);
  facet(' format', ours.format, theirs.format);
  facet(' $ref', ours.ref, theirs.ref);
  if (theirs.enum !== undefined) facet(' enum', ours.enum?.join('|'), theirs.enum.join('|'));
  for (const key of FACT_EXTENSIONS) facet(` ${key}`, ours.extensions[key], theirs.extensions[key]);
  for (const [name, a, b] of [
    ['items', ours.items, theirs.items],
    ['additionalProperties', ours.additional, theirs.additional],
  ] as const) {
    if (a === undefined && b === undefined) continue;
    if (a === undefined || b === undefined) {
      out.push(`${where} ${name}: ours ${a === undefined ? '(none)' : 'present'} vs theirs ${b === undefined ? '(none)' : 'present'}`);
      continue;
    }
    compareShapes(`${where}.${name}`, a, b, out);
  }
}

function sortedStrings(value: unknown): string | undefined {
  return Array.isArray(value) ? value.map(String).sort().join(',') : undefined;
}

function gvkKey(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  return `${String(value['group'])}/${String(value['version'])}/${String(value['kind'])}`;
}

/** Compares one schema (top-level facets, then every property) with its upstream definition. */
export function compareSchema(name: string, ours: JsonObject, theirs: JsonObject, out: string[]): void {
  const oursShape = shapeOf(ours);
  const theirsShape = shapeOf(theirs);
  if (oursShape && theirsShape) compareShapes(name, oursShape, theirsShape, out);

  const required = [sortedStrings(ours['required']), sortedStrings(theirs['required'])];
  if (required[0] !== required[1]) out.push(`${name} required: ours ${show(required[0])} vs theirs ${show(required[1])}`);

  // Upstream lists DeleteOptions and friends under every group it serves; ours may serve fewer.
  const theirGvks = new Set(
    (Array.isArray(theirs['x-kubernetes-group-version-kind']) ? theirs['x-kubernetes-group-version-kind'] : []).map(gvkKey),
  );
  const ourGvks = Array.isArray(ours['x-kubernetes-group-version-kind']) ? ours['x-kubernetes-group-version-kind'] : [];
  for (const gvk of ourGvks) {
    if (!theirGvks.has(gvkKey(gvk))) out.push(`${name} x-kubernetes-group-version-kind: ours has ${gvkKey(gvk)}, theirs does not`);
  }
  if (theirGvks.size > 0 && ourGvks.length === 0) out.push(`${name} x-kubernetes-group-version-kind: ours (none) vs theirs present`);

  const ourProps = isObject(ours['properties']) ? ours['properties'] : {};
  const theirProps = isObject(theirs['properties']) ? theirs['properties'] : {};
  for (const prop of Object.keys(theirProps).sort()) {
    if (!Object.hasOwn(ourProps, prop)) out.push(`${name}.${prop}: ours (missing) vs theirs present`);
  }
  for (const prop of Object.keys(ourProps).sort()) {
    if (!Object.hasOwn(theirProps, prop)) {
      out.push(`${name}.${prop}: ours present vs theirs (missing)`);
      continue;
    }
    const a = shapeOf(ourProps[prop]);
    const b = shapeOf(theirProps[prop]);
    if (a && b) compareShapes(`${name}.${prop}`, a, b, out);
  }
}

/** Every mismatch between our schemas and upstream definitions sharing their names. */
export function schemaMismatches(files: SpecFile[], definitions: JsonObject): { compared: number; mismatches: string[] } {
  const mismatches: string[] = [];
  let compared = 0;
  for (const file of files) {
    for (const [name, schema] of Object.entries(schemasOf(file.doc))) {
      const theirs = definitions[name];
      if (!isObject(theirs) || !isObject(schema)) continue;
      compared++;
      const out: string[] = [];
      compareSchema(name, schema, theirs, out);
      mismatches.push(...out.map((line) => `${file.path}: ${line}`));
    }
  }
  return { compared, mismatches };
}
