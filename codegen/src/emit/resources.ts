// Per-resource files and the indexes, from handlebars templates.
import type { ApiModel, Resource } from '../model/index.js';
import { folderAlias, kindFileName } from '../model/index.js';
import { tsHeader } from './file-map.js';
import { importPath } from './paths.js';
import { render } from './templates.js';
import type { DefaulterPlan } from './defaulters.js';
import type { ValidatorPlan } from './validators.js';

/** `APIService` -> `apiService`, `Pod` -> `pod`: a leading acronym is lowered as one word. */
export function kindVarName(kind: string): string {
  const m = /^[A-Z]+(?=[A-Z][a-z])|^[A-Z]+$|^[A-Z]/.exec(kind);
  return m ? m[0].toLowerCase() + kind.slice(m[0].length) : kind;
}

export function resourceFile(r: Resource): string {
  return `${r.folder}/${kindFileName(r.kind)}.resource.ts`;
}

function descriptorLiteral(r: Resource): string {
  const descriptor = {
    group: r.group,
    version: r.version,
    kind: r.kind,
    listKind: r.listKind,
    plural: r.plural,
    singular: r.singular,
    shortNames: r.shortNames,
    categories: r.categories,
    scope: r.scope,
    verbs: r.verbs,
    subresources: r.subresources,
    fields: r.fields,
    printerColumns: r.printerColumns,
    selectableFields: r.selectableFields,
  };
  return JSON.stringify(descriptor, null, 2);
}

export function emitResource(model: ApiModel, r: Resource, vplan: ValidatorPlan, dplan: DefaulterPlan, runtimeFromRoot: string): string {
  const file = resourceFile(r);
  const schema = r.schema === undefined ? undefined : model.schemas.get(r.schema);
  return render('resource', {
    header: tsHeader(r.sources),
    runtime: importPath(file, runtimeFromRoot),
    typeName: schema?.tsName ?? '',
    typeImport: schema ? importPath(file, `${schema.folder}/types.ts`) : '',
    validateImport: schema && vplan.hasChecks(schema.name) ? importPath(file, `${schema.folder}/validate.ts`) : '',
    defaultsImport: schema && dplan.needs.has(schema.name) ? importPath(file, `${schema.folder}/defaults.ts`) : '',
    schemaName: schema?.tsName ?? '',
    kind: r.kind,
    plural: r.plural,
    apiVersion: r.group === '' ? r.version : `${r.group}/${r.version}`,
    varName: kindVarName(r.kind),
    descriptor: descriptorLiteral(r),
  });
}

export function emitFolderIndex(folder: string, resources: readonly Resource[], hasTypes: boolean, sources: readonly string[]): string {
  return render('group-version-index', {
    header: tsHeader(sources),
    hasTypes,
    resources: resources.map((r) => ({
      varName: kindVarName(r.kind),
      kind: r.kind,
      file: importPath(`${folder}/index.ts`, resourceFile(r)).replace(/^\.\//, ''),
    })),
  });
}

export function emitRootIndex(model: ApiModel, _runtimeFromRoot: string, sources: readonly string[]): string {
  return render('root-index', {
    header: tsHeader(sources),
    folders: model.folders.map((f) => ({ alias: folderAlias(f), path: `${f}/index.js` })),
  });
}

/** generated/resources.ts: the resources alone, for servers (no clients, no type namespaces). */
export function emitResourcesIndex(model: ApiModel, runtimeFromRoot: string, sources: readonly string[]): string {
  return render('resources-index', {
    header: tsHeader(sources),
    runtime: importPath('index.ts', runtimeFromRoot),
    resources: model.resources.map((r) => ({
      varName: kindVarName(r.kind),
      alias: `${folderAlias(r.folder)}_${kindVarName(r.kind)}`,
      file: importPath('index.ts', resourceFile(r)).replace(/^\.\//, ''),
    })),
  });
}
