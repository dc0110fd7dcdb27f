// openapi: the documents the server answers /openapi/v3/<prefix> and /openapi/v2 with, as
// JSON files, plus a small module listing them so the server can read each on first use.
//   openapi/v3/<prefix with / as __>.json   one self-contained OpenAPI 3.0 document per group/version
//   openapi/v2.json                         every group/version merged, Swagger 2.0
//   openapi/index.ts                        `openApiDocuments` and `openApiV2File`, names only
// These read the loaded spec documents rather than the model: what is served is the specs
// themselves (paths, parameters, bodies), made self-contained.
import type { LoadedSpecs } from '../../load/index.js';
import { tsHeader, type FileMap } from '../file-map.js';
import { swaggerDocument } from './v2.js';
import { groupVersionDocuments, type GroupVersionDocument } from './v3.js';

export { isBuiltinGroup } from './v3.js';

export const OPENAPI_FOLDER = 'openapi';

const fileOf = (doc: GroupVersionDocument) => `v3/${doc.path.replace(/\//g, '__')}.json`;
const json = (value: unknown) => `${JSON.stringify(value, null, 1)}\n`;

function indexModule(docs: readonly GroupVersionDocument[], sources: readonly string[]): string {
  const entries = docs.map((d) => `  { path: ${JSON.stringify(d.path)}, file: ${JSON.stringify(fileOf(d))}, group: ${JSON.stringify(d.group)}, version: ${JSON.stringify(d.version)} },`);
  return `${tsHeader(sources)}
/** A served OpenAPI v3 document: its key under /openapi/v3 and its JSON file beside this module. */
export interface OpenApiDocumentFile {
  readonly path: string;
  readonly file: string;
  readonly group: string;
  readonly version: string;
}

export const openApiDocuments: readonly OpenApiDocumentFile[] = [
${entries.join('\n')}
];

/** The merged Swagger 2.0 document of every group/version. Files are relative to this module's folder. */
export const openApiV2File = 'v2.json';
`;
}

export function emitOpenApi(specs: LoadedSpecs): FileMap {
  const files: FileMap = new Map();
  const docs = groupVersionDocuments(specs);
  if (docs.length === 0) return files;
  for (const doc of docs) files.set(`${OPENAPI_FOLDER}/${fileOf(doc)}`, json(doc.document));
  files.set(`${OPENAPI_FOLDER}/v2.json`, json(swaggerDocument(docs)));
  files.set(`${OPENAPI_FOLDER}/index.ts`, indexModule(docs, specs.documents.filter((d) => d.version === 3).map((d) => d.displayName)));
  return files;
}
