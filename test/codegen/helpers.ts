// Shared by the codegen tests: run the loader and model on specs given as text.
import { loadSpecs } from '../../codegen/src/load/index.js';
import { buildModel, type ApiModel } from '../../codegen/src/model/index.js';
import { CodegenError, type SpecProblem } from '../../codegen/src/errors.js';

export const VIRTUAL_CWD = '/virtual';

export function modelOf(files: Record<string, string>): ApiModel {
  const overrides = new Map(Object.entries(files).map(([name, text]) => [`${VIRTUAL_CWD}/${name}`, text]));
  return buildModel(loadSpecs({ cwd: VIRTUAL_CWD, inputs: [], overrides }));
}

/** The problems a bad spec set produces; fails the test when it loads cleanly. */
export function problemsOf(files: Record<string, string>): readonly SpecProblem[] {
  try {
    modelOf(files);
  } catch (err) {
    if (err instanceof CodegenError) return err.problems;
    throw err;
  }
  throw new Error('expected the specs to be rejected');
}

/** A minimal v3 document around some schemas and paths. */
export function v3(schemas: Record<string, unknown>, paths: Record<string, unknown> = {}): string {
  return JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: 'v1' }, paths, components: { schemas } });
}

export function gvk(group: string, version: string, kind: string): { group: string; version: string; kind: string } {
  return { group, version, kind };
}

/** A kind schema with apiVersion/kind/metadata and the given extra properties. */
export function kindSchema(group: string, version: string, kind: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'object',
    'x-kubernetes-group-version-kind': [gvk(group, version, kind)],
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...extra },
  };
}

/** list/create/get paths for a resource. */
export function resourcePaths(prefix: string, plural: string, g: { group: string; version: string; kind: string }, namespaced = true): Record<string, unknown> {
  const base = namespaced ? `${prefix}/namespaces/{namespace}/${plural}` : `${prefix}/${plural}`;
  const op = (action: string) => ({ 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': g, responses: { '200': { description: 'OK' } } });
  return { [base]: { get: op('list'), post: op('post') }, [`${base}/{name}`]: { get: op('get'), delete: op('delete') } };
}
