// OpenAPI documents for the served group versions, from the generator's JSON files
// (generated/openapi/), plus those of custom resources when a provider is given. A file is
// read and parsed the first time a document needs it, so startup pays nothing; only group
// versions with served resources are offered, and within them only the paths of resources
// that are served.
import { existsSync, readFileSync } from 'node:fs';
import { openApiDocuments, openApiV2File, type OpenApiDocumentFile } from '../../../generated/openapi/index.js';
import { referencedSchemas, type CustomResourceOpenApi, type CustomResourceOpenApiProvider } from '../../apiextensions/openapi/index.js';
import type { ServedResources } from '../../endpoints/served-resources.js';
import type { OpenApiSource } from './openapi.js';

type JsonObject = Record<string, unknown>;

// This module runs from runtime/server/core/ and, bundled, from dist/server/: the folder is
// found by climbing to the repository root rather than by a fixed relative path.
let generatedFolder: URL | undefined;
function generated(): URL {
  if (generatedFolder) return generatedFolder;
  for (let up = new URL('./', import.meta.url); ; up = new URL('../', up)) {
    const candidate = new URL('generated/openapi/', up);
    if (existsSync(new URL(openApiV2File, candidate))) return (generatedFolder = candidate);
    if (up.pathname === '/') throw new Error(`generated/openapi/ not found above ${import.meta.url}; run npm run codegen`);
  }
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const objectAt = (doc: JsonObject, key: string): JsonObject => (isObject(doc[key]) ? doc[key] : {});

/** The resource a path belongs to: `/api/v1/namespaces/{namespace}/configmaps/{name}` -> configmaps. */
function pluralOf(path: string): string | undefined {
  const rest = path.replace(/^\/api\/[^/]+\/|^\/apis\/[^/]+\/[^/]+\//, '').replace(/^watch\//, '').replace(/^namespaces\/\{namespace\}\//, '');
  const plural = rest.split('/')[0];
  return plural === '' ? undefined : plural;
}

// kube titles the documents it builds for custom resources this way.
const CUSTOM_RESOURCE_INFO = { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' };

export interface OpenApiFileSource extends OpenApiSource {
  /** The Swagger 2.0 document of every served resource, for GET /openapi/v2 as JSON. */
  v2(): object;
}

/**
 * `customResources` lists the documents of the CRDs to publish (see
 * customResourceOpenApiProvider); it is asked on every request, so it must be cheap.
 */
export function openApiSource(
  served: ServedResources,
  files: readonly OpenApiDocumentFile[] = openApiDocuments,
  customResources?: CustomResourceOpenApiProvider,
): OpenApiFileSource {
  const parsed = new Map<string, JsonObject>();
  const load = (file: string): JsonObject => {
    let doc = parsed.get(file);
    if (!doc) {
      doc = JSON.parse(readFileSync(new URL(file, generated()), 'utf8')) as JsonObject;
      parsed.set(file, doc);
    }
    return doc;
  };
  const isServed = (group: string, version: string, path: string): boolean => {
    const plural = pluralOf(path);
    return plural !== undefined && served.lookup(group, version, plural) !== undefined;
  };
  // A copy of `doc` whose paths keep only served resources; components stay whole (unused
  // schemas are harmless, and kube's documents carry shared meta types the same way).
  const restrict = (doc: JsonObject, keep: (path: string) => boolean): JsonObject => {
    const paths = objectAt(doc, 'paths');
    return { ...doc, paths: Object.fromEntries(Object.entries(paths).filter(([p]) => keep(p))) };
  };

  // Meta and autoscaling schemas that custom resource documents refer to, found in the
  // generated documents (already-parsed ones first, so usually no file is read for them).
  const shared = new Map<string, JsonObject | null>();
  const sharedSchema = (name: string): JsonObject | null => {
    const known = shared.get(name);
    if (known !== undefined) return known;
    const order = [...files.filter((f) => parsed.has(f.file)), ...files.filter((f) => !parsed.has(f.file))];
    let found: JsonObject | null = null;
    for (const f of order) {
      const s = objectAt(objectAt(load(f.file), 'components'), 'schemas')[name];
      if (isObject(s)) {
        found = s;
        break;
      }
    }
    shared.set(name, found);
    return found;
  };
  const withSharedSchemas = (paths: JsonObject, schemas: JsonObject): JsonObject => {
    const pending = [...referencedSchemas(paths), ...referencedSchemas(schemas)];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (schemas[name] !== undefined) continue;
      const s = sharedSchema(name);
      if (!s) continue;
      schemas[name] = s;
      pending.push(...referencedSchemas(s));
    }
    return schemas;
  };

  // One number for both inputs: bumped when the served set or the published CRDs change.
  let generation = 0;
  let seenServed = -1;
  let custom: readonly CustomResourceOpenApi[] = [];
  let customPrint = '';
  const refresh = (): number => {
    if (served.generation !== seenServed) {
      seenServed = served.generation;
      generation++;
    }
    if (customResources) {
      const list = [...customResources()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const print = list.map((c) => `${c.name}@${c.revision}`).join(',');
      if (print !== customPrint) {
        custom = list;
        customPrint = print;
        generation++;
      }
    }
    return generation;
  };

  // Documents are rebuilt only when what they are made of changed, so a CRD coming or going
  // hands the same objects back for every other group version (openapi.ts hashes by identity).
  const builtIns = new Map<string, { key: string; doc: JsonObject }>();
  const builtIn = (f: OpenApiDocumentFile): JsonObject | undefined => {
    const plurals = served.inGroupVersion(f.group, f.version).map((s) => s.descriptor.plural);
    if (plurals.length === 0) return undefined;
    const key = plurals.join(',');
    const hit = builtIns.get(f.path);
    if (hit && hit.key === key) return hit.doc;
    const doc = restrict(load(f.file), (p) => isServed(f.group, f.version, p));
    builtIns.set(f.path, { key, doc });
    return doc;
  };
  const customDocs = new Map<string, { key: string; base: JsonObject | undefined; doc: JsonObject }>();
  const customDoc = (documentPath: string, entries: readonly { crd: CustomResourceOpenApi; paths: JsonObject; schemas: JsonObject }[], base: JsonObject | undefined): JsonObject => {
    const key = entries.map((e) => `${e.crd.name}@${e.crd.revision}`).join(',');
    const hit = customDocs.get(documentPath);
    if (hit && hit.key === key && hit.base === base) return hit.doc;
    const paths: JsonObject = { ...(base ? objectAt(base, 'paths') : {}) };
    const schemas: JsonObject = { ...(base ? objectAt(objectAt(base, 'components'), 'schemas') : {}) };
    for (const e of entries) {
      for (const p of Object.keys(e.paths).sort()) paths[p] = e.paths[p];
      Object.assign(schemas, e.schemas);
    }
    const doc: JsonObject = {
      openapi: base?.['openapi'] ?? '3.0.0',
      info: base?.['info'] ?? CUSTOM_RESOURCE_INFO,
      paths,
      components: { ...(base ? objectAt(base, 'components') : {}), schemas: withSharedSchemas(paths, schemas) },
    };
    customDocs.set(documentPath, { key, base, doc });
    return doc;
  };

  let v2Cache: { generation: number; doc: object } | undefined;

  return {
    generation: refresh,
    documents() {
      refresh();
      const out = new Map<string, object>();
      for (const f of files) {
        const doc = builtIn(f);
        if (doc) out.set(f.path, doc);
      }
      const byPath = new Map<string, { crd: CustomResourceOpenApi; paths: JsonObject; schemas: JsonObject }[]>();
      for (const crd of custom) {
        for (const v of crd.versions) {
          const list = byPath.get(v.documentPath) ?? [];
          list.push({ crd, paths: v.v3.paths, schemas: v.v3.schemas });
          byPath.set(v.documentPath, list);
        }
      }
      for (const path of [...byPath.keys()].sort()) out.set(path, customDoc(path, byPath.get(path) ?? [], out.get(path) as JsonObject | undefined));
      for (const path of [...customDocs.keys()]) if (!byPath.has(path)) customDocs.delete(path);
      return out;
    },
    v2() {
      const now = refresh();
      if (v2Cache && v2Cache.generation === now) return v2Cache.doc;
      const servedGvs = files.filter((f) => served.inGroupVersion(f.group, f.version).length > 0);
      const doc = restrict(load(openApiV2File), (p) => servedGvs.some((f) => p.startsWith(`/${f.path}/`) && isServed(f.group, f.version, p)));
      if (custom.some((c) => c.versions.length > 0)) {
        const paths = { ...objectAt(doc, 'paths') };
        const definitions = { ...objectAt(doc, 'definitions') };
        for (const crd of custom) {
          for (const v of crd.versions) {
            Object.assign(paths, v.v2.paths);
            Object.assign(definitions, v.v2.definitions);
          }
        }
        doc['paths'] = paths;
        doc['definitions'] = definitions;
      }
      v2Cache = { generation: now, doc };
      return doc;
    },
  };
}
