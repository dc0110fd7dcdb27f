// The operations kube-apiserver publishes for one served version of a custom resource: list,
// create, deletecollection, get, replace, delete and patch (watching is the list's `watch`
// parameter; kube publishes no /watch/ paths for custom resources), and the status and scale
// subresources when the version enables them.
import type { KindNames } from './kind-schema.js';
import { operationId } from './names.js';
import { createOptions, deleteOptions, getOptions, listOptions, patchOptions, updateOptions, type QueryParameter } from './parameters.js';

/** What a route reads or returns: the kind, its list, or a shared meta/autoscaling type. */
export type Sample = 'kind' | 'list' | 'status' | 'scale' | 'patch' | 'deleteOptions';
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Route {
  readonly path: string;
  readonly method: Method;
  readonly action: 'list' | 'post' | 'deletecollection' | 'get' | 'put' | 'delete' | 'patch';
  readonly operationId: string;
  readonly description: string;
  readonly query: readonly QueryParameter[];
  readonly body?: { readonly sample: Sample; readonly required: boolean };
  /** Status code -> what it returns. */
  readonly responses: ReadonlyArray<readonly [code: number, description: string, sample: Sample]>;
}

/** The patch types a custom resource accepts: no strategic merge, which needs Go struct tags. */
export const CUSTOM_RESOURCE_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'] as const;

const article = (noun: string): string => (/^[aeiou]/i.test(noun) ? 'an' : 'a');

export interface RouteInput {
  readonly names: KindNames;
  readonly namespaced: boolean;
  readonly status: boolean;
  readonly scale: boolean;
}

export function customResourceRoutes(input: RouteInput): Route[] {
  const { names, namespaced } = input;
  const { group, version, kind, plural } = names;
  const scope = namespaced ? 'Namespaced' : '';
  const id = (verb: string, rest: string) => operationId(verb, rest, group, version);
  const root = namespaced ? `/apis/${group}/${version}/namespaces/{namespace}/${plural}` : `/apis/${group}/${version}/${plural}`;
  const item = `${root}/{name}`;
  const ok = (sample: Sample) => [200, 'OK', sample] as const;
  const routes: Route[] = [];
  if (namespaced) {
    routes.push({
      path: `/apis/${group}/${version}/${plural}`, method: 'get', action: 'list', operationId: id('list', `${kind}ForAllNamespaces`),
      description: `list objects of kind ${kind}`, query: listOptions, responses: [ok('list')],
    });
  }
  routes.push(
    { path: root, method: 'get', action: 'list', operationId: id('list', `${scope}${kind}`), description: `list objects of kind ${kind}`, query: listOptions, responses: [ok('list')] },
    {
      path: root, method: 'post', action: 'post', operationId: id('create', `${scope}${kind}`), description: `create ${article(kind)} ${kind}`,
      query: createOptions, body: { sample: 'kind', required: true },
      responses: [ok('kind'), [201, 'Created', 'kind'], [202, 'Accepted', 'kind']],
    },
    {
      path: root, method: 'delete', action: 'deletecollection', operationId: id('deletecollection', `${scope}${kind}`),
      description: `delete collection of ${kind}`, query: listOptions, responses: [ok('status')],
    },
    { path: item, method: 'get', action: 'get', operationId: id('read', `${scope}${kind}`), description: `read the specified ${kind}`, query: getOptions, responses: [ok('kind')] },
    {
      path: item, method: 'put', action: 'put', operationId: id('replace', `${scope}${kind}`), description: `replace the specified ${kind}`,
      query: updateOptions, body: { sample: 'kind', required: true }, responses: [ok('kind'), [201, 'Created', 'kind']],
    },
    {
      path: item, method: 'delete', action: 'delete', operationId: id('delete', `${scope}${kind}`), description: `delete ${article(kind)} ${kind}`,
      query: deleteOptions, body: { sample: 'deleteOptions', required: false }, responses: [ok('status'), [202, 'Accepted', 'status']],
    },
    {
      path: item, method: 'patch', action: 'patch', operationId: id('patch', `${scope}${kind}`), description: `partially update the specified ${kind}`,
      query: patchOptions, body: { sample: 'patch', required: true }, responses: [ok('kind')],
    },
  );
  const subresource = (sub: 'status' | 'scale', sample: Sample) => {
    const Sub = sub === 'status' ? 'Status' : 'Scale';
    const path = `${item}/${sub}`;
    routes.push(
      { path, method: 'get', action: 'get', operationId: id('read', `${scope}${kind}${Sub}`), description: `read ${sub} of the specified ${kind}`, query: getOptions, responses: [ok(sample)] },
      {
        path, method: 'put', action: 'put', operationId: id('replace', `${scope}${kind}${Sub}`), description: `replace ${sub} of the specified ${kind}`,
        query: updateOptions, body: { sample, required: true }, responses: [ok(sample), [201, 'Created', sample]],
      },
      {
        path, method: 'patch', action: 'patch', operationId: id('patch', `${scope}${kind}${Sub}`), description: `partially update ${sub} of the specified ${kind}`,
        query: patchOptions, body: { sample: 'patch', required: true }, responses: [ok(sample)],
      },
    );
  };
  if (input.status) subresource('status', 'kind');
  if (input.scale) subresource('scale', 'scale');
  return routes;
}
