// model: loaded documents -> ApiModel. Collects every problem before failing.
import { CodegenError, type SpecProblem } from '../errors.js';
import type { LoadedSpecs } from '../load/index.js';
import type { ApiModel } from './ir.js';
import { buildResources } from './resources.js';
import { buildNamedSchemas, collectRawSchemas } from './schemas.js';

export * from './ir.js';
export { parsePath } from './resources.js';
export { folderAlias, kindFileName, isReservedName } from './names.js';

export function buildModel(specs: LoadedSpecs): ApiModel {
  const problems: SpecProblem[] = [];
  const raws = collectRawSchemas(specs, problems);
  const schemas = buildNamedSchemas(raws, problems);
  const resources = problems.length === 0 ? buildResources(specs, schemas, problems) : [];
  if (problems.length > 0) throw new CodegenError(problems);
  const folders = new Set<string>();
  for (const s of schemas.values()) folders.add(s.folder);
  for (const r of resources) folders.add(r.folder);
  resources.sort((a, b) => (a.folder === b.folder ? cmp(a.plural, b.plural) : cmp(a.folder, b.folder)));
  return { schemas, resources, folders: [...folders].sort() };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
