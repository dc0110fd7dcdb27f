// Objects and lists as the negotiated view asks: the object itself, a meta.k8s.io Table, or
// PartialObjectMetadata (what metadata-only clients and informers ask for).
import type { ResourceDescriptor } from '../../api/index.js';
import { parseIncludeObject, type JsonObject, type TableConvertor } from '../../table/index.js';
import { statusErrors } from '../../errors/index.js';
import type { View } from '../negotiation.js';
import type { ApiObject } from '../resource-handlers.js';
import { listObject, withTypeMeta, type ListMetaLike } from './type-meta.js';

export interface ViewContext {
  readonly descriptor: ResourceDescriptor;
  readonly table?: TableConvertor;
  readonly custom: boolean;
  readonly query: URLSearchParams;
}

function includeObjectOf(query: URLSearchParams) {
  try {
    return parseIncludeObject(query.get('includeObject') ?? undefined);
  } catch (err) {
    throw statusErrors.badRequest((err as Error).message);
  }
}

function partial(obj: ApiObject, version: string): object {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata ?? {} };
}

function tableOf(ctx: ViewContext, view: Extract<View, { kind: 'table' }>, objects: ApiObject | ApiObject[], listMeta?: ListMetaLike, noHeaders = false): object {
  if (!ctx.table) throw statusErrors.notAcceptable(['application/json', 'application/yaml']);
  const includeObject = includeObjectOf(ctx.query);
  const typed = Array.isArray(objects) ? objects.map((o) => withTypeMeta(o, ctx.descriptor)) : withTypeMeta(objects, ctx.descriptor);
  return ctx.table.toTable(typed as unknown as JsonObject | JsonObject[], {
    includeObject,
    version: view.version,
    noHeaders,
    ...(listMeta ? { listMeta: { resourceVersion: listMeta.resourceVersion, ...(listMeta.continue ? { continue: listMeta.continue } : {}), ...(listMeta.remainingItemCount !== undefined ? { remainingItemCount: listMeta.remainingItemCount } : {}) } } : {}),
  });
}

export function objectView(ctx: ViewContext, view: View, obj: ApiObject, opts: { noHeaders?: boolean } = {}): object {
  switch (view.kind) {
    case 'object':
      return withTypeMeta(obj, ctx.descriptor);
    case 'partial':
      return partial(obj, view.version);
    case 'table':
      return tableOf(ctx, view, obj, undefined, opts.noHeaders);
  }
}

export function listView(ctx: ViewContext, view: View, items: ApiObject[], meta: ListMetaLike): object {
  switch (view.kind) {
    case 'object':
      return listObject(ctx.descriptor, items, meta, ctx.custom);
    case 'partial': {
      const metadata: Record<string, unknown> = { resourceVersion: meta.resourceVersion };
      if (meta.continue) metadata['continue'] = meta.continue;
      if (meta.remainingItemCount !== undefined) metadata['remainingItemCount'] = meta.remainingItemCount;
      return { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${view.version}`, metadata, items: items.map((i) => partial(i, view.version)) };
    }
    case 'table':
      return tableOf(ctx, view, items, meta);
  }
}
