// OpenAPI documents for the served group versions, from the generator's JSON files
// (generated/openapi/). A file is read and parsed the first time a document needs it, so
// startup pays nothing; only group versions with served resources are offered, and within
// them only the paths of resources that are served.
import { existsSync, readFileSync } from 'node:fs';
import { openApiDocuments, openApiV2File, type OpenApiDocumentFile } from '../../../generated/openapi/index.js';
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

/** The resource a path belongs to: `/api/v1/namespaces/{namespace}/configmaps/{name}` -> configmaps. */
function pluralOf(path: string): string | undefined {
  const rest = path.replace(/^\/api\/[^/]+\/|^\/apis\/[^/]+\/[^/]+\//, '').replace(/^watch\//, '').replace(/^namespaces\/\{namespace\}\//, '');
  const plural = rest.split('/')[0];
  return plural === '' ? undefined : plural;
}

export interface OpenApiFileSource extends OpenApiSource {
  /** The Swagger 2.0 document of every served resource, for GET /openapi/v2 as JSON. */
  v2(): object;
}

export function openApiSource(served: ServedResources, files: readonly OpenApiDocumentFile[] = openApiDocuments): OpenApiFileSource {
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
    const paths = isObject(doc['paths']) ? doc['paths'] : {};
    return { ...doc, paths: Object.fromEntries(Object.entries(paths).filter(([p]) => keep(p))) };
  };

  return {
    generation: () => served.generation,
    documents() {
      const out = new Map<string, object>();
      for (const f of files) {
        if (served.inGroupVersion(f.group, f.version).length === 0) continue;
        out.set(f.path, restrict(load(f.file), (p) => isServed(f.group, f.version, p)));
      }
      return out;
    },
    v2() {
      const servedGvs = files.filter((f) => served.inGroupVersion(f.group, f.version).length > 0);
      return restrict(load(openApiV2File), (p) => servedGvs.some((f) => p.startsWith(`/${f.path}/`) && isServed(f.group, f.version, p)));
    },
  };
}
