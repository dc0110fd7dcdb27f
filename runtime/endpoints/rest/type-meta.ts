// kind/apiVersion on what the REST layer answers: every single object carries them (kubectl
// refuses objects without), list items of built-in kinds do not (as kube-apiserver's).
import type { ResourceDescriptor } from '../../api/index.js';
import type { ApiObject } from '../resource-handlers.js';
import { rememberListSources } from './list-json.js';

export const groupVersionOf = (d: { group: string; version: string }): string =>
  d.group === '' ? d.version : `${d.group}/${d.version}`;

export function withTypeMeta<T extends ApiObject>(obj: T, d: ResourceDescriptor): T {
  const apiVersion = groupVersionOf(d);
  if (obj.apiVersion === apiVersion && obj.kind === d.kind) return obj;
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return { apiVersion, kind: d.kind, ...rest } as T;
}

export function withoutTypeMeta<T extends ApiObject>(obj: T): T {
  if (obj.apiVersion === undefined && obj.kind === undefined) return obj;
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return rest as T;
}

export interface ListMetaLike {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export function listObject(d: ResourceDescriptor, items: ApiObject[], meta: ListMetaLike, custom: boolean): object {
  const metadata: Record<string, unknown> = { resourceVersion: meta.resourceVersion };
  if (meta.continue) metadata['continue'] = meta.continue;
  if (meta.remainingItemCount !== undefined) metadata['remainingItemCount'] = meta.remainingItemCount;
  // Custom resources keep kind/apiVersion on items; built-in lists drop them.
  const itemOf = custom ? (item: ApiObject) => withTypeMeta(item, d) : (item: ApiObject) => withoutTypeMeta(item);
  const list = { kind: d.listKind, apiVersion: groupVersionOf(d), metadata, items: items.map(itemOf) };
  rememberListSources(list, { sources: items, itemOf, variant: custom ? `${groupVersionOf(d)}/${d.kind}` : '' });
  return list;
}
