// emit: ApiModel -> FileMap. Layout, one folder per group/version (or schema namespace):
//   <folder>/types.ts            every schema of the folder as a named type (openapi-typescript)
//   <folder>/validate.ts         validate<Schema>(value, path, ctx) per schema with checks
//   <folder>/defaults.ts         default<Schema>(value) per schema with defaults below it
//   <folder>/<kind>.resource.ts  descriptor, validate<Kind>, default<Kind>, <kind>Resource
//   <folder>/index.ts            the folder's public surface
//   <folder>/protobuf-codecs.ts  generated protobuf encode/decode functions, registered per kind
//   <folder>/protobuf.ts         protobuf MessageDescriptors (tests' reference) + the codecs' import
//   <folder>/<kind>.client.ts, .lister.ts, .informer.ts   typed clients, listers, informers
//   <folder>/clientset.ts, informers.ts                   the group/version's clients and informers
//   protobuf.ts                  imports every protobuf.ts (the root index imports it)
//   clientset.ts, informers.ts   createClientset / clientsetFor, InformerFactory
//   openapi/                     OpenAPI v3 documents per group/version, merged v2, their index
//   resources.ts                 `resources`: every GeneratedResource (what a server loads)
//   index.ts                     re-exports `resources`; folders as namespaces
//   .capstan-codegen             marker and manifest (added by generate(), see manifest.ts)
import type { ApiModel } from '../model/index.js';
import { emitClients } from './clients.js';
import { DefaulterPlan, emitDefaulters } from './defaulters.js';
import { sortedFileMap, tsHeader, type FileMap } from './file-map.js';
import { emitProtobuf, withProtobufImport } from './protobuf.js';
import { emitFolderIndex, emitResource, emitResourcesIndex, emitRootIndex, resourceFile } from './resources.js';
import { emitTypes } from './types.js';
import { ValidatorPlan, emitValidators } from './validators.js';

export type { FileMap } from './file-map.js';
export { MARKER_FILE, GENERATOR, tsHeader } from './file-map.js';
export { kindVarName, resourceFile } from './resources.js';
export { descriptorVarName, emitProtobuf, withProtobufImport } from './protobuf.js';

export interface EmitOptions {
  /** Path of runtime/api/index.ts relative to the output folder, `/`-separated. */
  readonly runtimeFromRoot: string;
  /** Spec files that went in, for the marker and the root index header. */
  readonly inputs: readonly string[];
}

export function emit(model: ApiModel, options: EmitOptions): FileMap {
  const files: FileMap = new Map();
  const vplan = new ValidatorPlan(model);
  const dplan = new DefaulterPlan(model);
  const rt = options.runtimeFromRoot;
  for (const folder of model.folders) {
    const schemaSources = [...new Set([...model.schemas.values()].filter((s) => s.folder === folder).map((s) => s.source.file))];
    const resources = model.resources.filter((r) => r.folder === folder);
    const folderSources = [...new Set([...schemaSources, ...resources.flatMap((r) => r.sources)])];
    const header = tsHeader(schemaSources);
    const types = emitTypes(model, folder, `${folder}/types.ts`);
    if (types !== undefined) files.set(`${folder}/types.ts`, header + types);
    const validate = emitValidators(model, vplan, folder, `${folder}/validate.ts`, rt);
    if (validate !== undefined) files.set(`${folder}/validate.ts`, header + validate);
    const defaults = emitDefaulters(model, dplan, folder, `${folder}/defaults.ts`, rt);
    if (defaults !== undefined) files.set(`${folder}/defaults.ts`, header + defaults);
    for (const r of resources) files.set(resourceFile(r), emitResource(model, r, vplan, dplan, rt));
    files.set(`${folder}/index.ts`, emitFolderIndex(folder, resources, types !== undefined, folderSources));
  }
  const protobuf = emitProtobuf(model, rt);
  for (const [path, text] of protobuf) files.set(path, text);
  files.set('index.ts', withProtobufImport(emitRootIndex(model, rt, options.inputs), protobuf));
  files.set('resources.ts', emitResourcesIndex(model, rt, options.inputs));
  emitClients(model, files, options);
  return sortedFileMap(files);
}
