// One OpenAPI 3.0 document per group/version, shaped like kube-apiserver's /openapi/v3/<prefix>.
import type { LoadedSpecs, SpecDocument } from '../../load/index.js';
import { isJsonObject, SchemaCollector, type Json, type JsonObject } from './resolve.js';

export interface GroupVersionDocument {
  /** Key under /openapi/v3: `api/v1` or `apis/<group>/<version>`. */
  readonly path: string;
  readonly group: string;
  readonly version: string;
  readonly document: JsonObject;
}

const INFO = { title: 'Kubernetes', version: 'unversioned' };

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
const APPLY_PATCH = 'application/apply-patch+yaml';

/** Kube's built-in groups: the core group, unqualified names (apps, batch) and *.k8s.io. */
export function isBuiltinGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

// Patch bodies kube advertises: custom resources have no Go struct to drive a strategic merge.
function patchMediaTypes(group: string): string[] {
  return isBuiltinGroup(group) ? [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, APPLY_PATCH];
}

function prefixOf(path: string): { path: string; group: string; version: string } | null {
  const core = /^\/api\/([^/]+)(\/|$)/.exec(path);
  if (core) return { path: `api/${core[1]}`, group: '', version: core[1]! };
  const named = /^\/apis\/([^/]+)\/([^/]+)(\/|$)/.exec(path);
  if (named) return { path: `apis/${named[1]}/${named[2]}`, group: named[1]!, version: named[2]! };
  return null;
}

const byKey = <T>(entries: Iterable<[string, T]>): [string, T][] => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function restrictPatchBody(item: JsonObject, group: string): void {
  const patch = item['patch'];
  if (!isJsonObject(patch) || !isJsonObject(patch['requestBody'])) return;
  const body = patch['requestBody'];
  const content = body['content'];
  if (!isJsonObject(content)) return;
  const kept: JsonObject = {};
  for (const mediaType of patchMediaTypes(group)) {
    const entry = content[mediaType] ?? Object.values(content)[0];
    if (entry !== undefined) kept[mediaType] = entry;
  }
  body['content'] = kept;
}

/** Every group/version with paths in the (OpenAPI 3) specs, sorted by path. Swagger 2 inputs are skipped. */
export function groupVersionDocuments(specs: LoadedSpecs): GroupVersionDocument[] {
  const pathsByGv = new Map<string, { group: string; version: string; items: [string, SpecDocument, unknown][] }>();
  for (const doc of specs.documents) {
    if (doc.version !== 3 || !isJsonObject(doc.root['paths'])) continue;
    for (const [path, item] of Object.entries(doc.root['paths'])) {
      const gv = prefixOf(path);
      if (!gv) continue;
      const entry = pathsByGv.get(gv.path) ?? { group: gv.group, version: gv.version, items: [] };
      entry.items.push([path, doc, item]);
      pathsByGv.set(gv.path, entry);
    }
  }
  const out: GroupVersionDocument[] = [];
  for (const [gvPath, { group, version, items }] of byKey(pathsByGv)) {
    const collector = new SchemaCollector(specs);
    const paths: JsonObject = {};
    for (const [path, [doc, item]] of byKey(items.map(([p, d, i]) => [p, [d, i] as const]))) {
      const copied = collector.copy(item, doc);
      if (isJsonObject(copied)) restrictPatchBody(copied, group);
      paths[path] = copied;
    }
    const schemas: JsonObject = {};
    for (const [name, schema] of collector.schemas()) schemas[name] = schema as Json;
    out.push({ path: gvPath, group, version, document: { openapi: '3.0.0', info: { ...INFO }, paths, components: { schemas } } });
  }
  return out;
}
