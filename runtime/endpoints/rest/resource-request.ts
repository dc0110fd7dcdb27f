// Serves one request for a resource: the endpoint handler of kube-apiserver (negotiate ->
// decode -> defaults -> strategy and store -> encode), for every verb and subresource.
import type { GeneratedResource, ResourceDescriptor, Verb } from '../../api/index.js';
import type { Admission } from '../../admission/index.js';
import { statusErrors, statusFromError, type GroupResource } from '../../errors/index.js';
import type { RequestContext } from '../../registry/index.js';
import type { TableConvertor } from '../../table/index.js';
import { canEncodeProtobuf, decodeRequestBody, isProtobufMediaType, protobufErrorToStatus } from '../../protobuf/index.js';
import { decodeObjectBody, parseJsonBody } from '../decode-body.js';
import { negotiateResponse, type Negotiated } from '../negotiation.js';
import type { ApiObject, ResourceHandlers, SubresourceHandlers } from '../resource-handlers.js';
import type { ApiReply, ApiRequest, ObjectReply } from './api-request.js';
import { acceptedPatchTypes, applyPatchRequest } from './patch-request.js';
import { APPLY_PATCH_TYPE, applyApplyRequest } from './apply-request.js';
import { writeManagerFrom, type WriteOptionsKind } from './field-manager.js';
import { bodyMediaType } from '../decode-body.js';
import { pruneUnknownFields } from './prune.js';
import { requestAdmission, writeOptionFields, type RequestAdmission } from './admission-request.js';
import {
  deleteOptionsFrom,
  dryRunFrom,
  fieldValidationFrom,
  listOptionsFrom,
  watchOptionsFrom,
  bodyDryRun,
  type FieldValidation,
} from './query-options.js';
import { groupVersionOf } from './type-meta.js';
import { listView, objectView, type ViewContext } from './views.js';
import { defaultWatchTimeoutSeconds, encodeProtobufWatchEvent, encodeWatchEvent, pumpWatch } from './watch-stream.js';
import { PROTOBUF_WATCH_MEDIA_TYPE } from '../../protobuf/index.js';

export interface ResourceEndpoint {
  readonly descriptor: ResourceDescriptor;
  readonly handlers: ResourceHandlers;
  /** The generated schema functions, for field validation of request bodies. */
  readonly generated?: GeneratedResource;
  readonly table?: TableConvertor;
  readonly custom?: boolean;
  /** The server's admission chain; unset: writes are not admitted (tests of the REST layer alone). */
  readonly admission?: Admission;
}

export async function serveResourceRequest(endpoint: ResourceEndpoint, req: ApiRequest): Promise<ApiReply> {
  const d = endpoint.descriptor;
  const info = req.info;
  const gr: GroupResource = { group: d.group, resource: d.plural };
  const namespaced = d.scope === 'Namespaced';

  // Item paths of namespaced kinds exist only under a namespace, and cluster-scoped kinds have
  // none: anything else is a path no route serves.
  const crossNamespaceOk = info.verb === 'list' || info.verb === 'watch';
  if (namespaced && info.namespace === '' && !crossNamespaceOk) throw statusErrors.pathNotFound();
  if (!namespaced && info.namespace !== '' && !(d.group === '' && d.plural === 'namespaces')) throw statusErrors.pathNotFound();
  if (info.parts.length > 3) throw statusErrors.pathNotFound();

  const ctxBase: RequestContext = {
    user: req.user,
    ...(namespaced && info.namespace !== '' ? { namespace: info.namespace } : {}),
    ...(info.name !== '' ? { name: info.name } : {}),
  };
  const viewCtx: ViewContext = {
    descriptor: d,
    custom: endpoint.custom === true,
    query: req.query,
    ...(endpoint.table ? { table: endpoint.table } : {}),
  };
  const protobuf = endpoint.custom !== true && canEncodeProtobuf({ group: d.group, version: d.version, kind: d.kind });
  const negotiate = (allowViews = true) => negotiateResponse(req.header('accept'), { allowViews, protobuf });

  try {
    if (info.subresource !== '') return await serveSubresource(endpoint, req, ctxBase, viewCtx, negotiate);
    switch (info.verb) {
      case 'get':
        return reply(negotiate(), 200, objectView(viewCtx, negotiate().view, await need(endpoint.handlers.get, d, 'get')(info.name, { ...ctxBase, ...rvOnly(req.query) })));
      case 'list': {
        const list = need(endpoint.handlers.list, d, 'list');
        const n = negotiate();
        const result = await list({ ...ctxBase, ...listOptionsFrom(req.query) });
        return reply(n, 200, listView(viewCtx, n.view, result.items, result));
      }
      case 'watch':
        return serveWatch(endpoint, req, ctxBase, viewCtx, negotiate());
      case 'create':
        return await serveCreate(endpoint, req, ctxBase, negotiate());
      case 'update':
        return await serveUpdate(endpoint, req, ctxBase, negotiate());
      case 'patch':
        return await servePatch(endpoint, req, ctxBase, negotiate(), endpoint.handlers);
      case 'delete': {
        const del = need(endpoint.handlers.delete, d, 'delete');
        const n = negotiate(false);
        const body = deleteOptionsBody(req, d);
        const dryRun = dryRunFrom(req.query) || bodyDryRun(body);
        const options = deleteOptionsFrom(req.query, body);
        const adm = requestAdmission(endpoint, req);
        const result = await del(info.name, {
          ...ctxBase,
          dryRun,
          options,
          ...(adm ? { validate: adm.delete(writeOptionFields(dryRun, undefined, options)) } : {}),
        });
        const out = isStatusBody(result.body) ? result.body : objectView(viewCtx, n.view, result.body);
        return reply(n, result.code, out, withAdmission(result.warnings, adm));
      }
      case 'deletecollection': {
        const delAll = need(endpoint.handlers.deleteCollection, d, 'deletecollection');
        const n = negotiate(false);
        const body = deleteOptionsBody(req, d);
        const dryRun = dryRunFrom(req.query) || bodyDryRun(body);
        const options = deleteOptionsFrom(req.query, body);
        const adm = requestAdmission(endpoint, req);
        const result = await delAll({
          ...ctxBase,
          ...listOptionsFrom(req.query),
          dryRun,
          options,
          ...(adm ? { validate: adm.delete(writeOptionFields(dryRun, undefined, options)) } : {}),
        });
        return reply(n, 200, listView(viewCtx, n.view, result.items, { resourceVersion: result.resourceVersion }), withAdmission(result.warnings, adm));
      }
      default:
        throw statusErrors.methodNotSupported(gr, info.verb);
    }
  } catch (err) {
    throw statusFromError(err, { resource: gr, name: info.name, continuing: req.query.has('continue') });
  }
}

/** A DELETE body: DeleteOptions in JSON, or in protobuf as client-go sends it. */
function deleteOptionsBody(req: ApiRequest, d: ResourceDescriptor): unknown {
  if (!req.body || req.body.length === 0) return undefined;
  if (!isProtobufMediaType(req.header('content-type'))) return parseJsonBody(req.body);
  try {
    return decodeRequestBody(req.body, { group: d.group, version: d.version, kind: 'DeleteOptions' });
  } catch (err) {
    throw protobufErrorToStatus(err) ?? err;
  }
}

function need<F>(handler: F | undefined, d: ResourceDescriptor, verb: Verb | string): F {
  if (handler === undefined || (isVerb(verb) && !d.verbs.includes(verb))) {
    throw statusErrors.methodNotSupported({ group: d.group, resource: d.plural }, verb);
  }
  return handler;
}

const isVerb = (v: string): v is Verb => ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'].includes(v);

function rvOnly(query: URLSearchParams): { resourceVersion?: string } {
  const rv = query.get('resourceVersion');
  return rv ? { resourceVersion: rv } : {};
}

function isStatusBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}

/** The reply's warnings with admission's (webhooks' and plugins') after them. */
function withAdmission(warnings: readonly string[], adm: RequestAdmission | null | undefined): readonly string[] {
  return adm && adm.warnings.length > 0 ? [...warnings, ...adm.warnings] : warnings;
}

function reply(n: Negotiated, code: number, body: unknown, warnings: readonly string[] = []): ObjectReply {
  return { kind: 'object', code, body, contentType: n.contentType, serialization: n.serialization, warnings };
}

/** Decodes a create/update body, checks its kind, and applies field validation. */
function decodeForWrite(endpoint: ResourceEndpoint, req: ApiRequest, expect: { group: string; version: string; kind: string }): { obj: ApiObject; warnings: string[] } {
  if (!req.body || req.body.length === 0) throw statusErrors.badRequest('the body of the request was empty');
  const contentType = req.header('content-type');
  let value: unknown;
  if (isProtobufMediaType(contentType)) {
    // kube serves protobuf for built-in kinds only; custom resources answer 415.
    if (endpoint.custom) throw statusErrors.unsupportedMediaType(['application/json', 'application/yaml']);
    try {
      value = decodeRequestBody(req.body, expect);
    } catch (err) {
      throw protobufErrorToStatus(err) ?? err;
    }
  } else {
    value = decodeObjectBody(contentType, req.body).value;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw statusErrors.badRequest(`the object provided is unrecognized (must be of type ${expect.kind})`);
  }
  const obj = value as ApiObject & { apiVersion?: unknown; kind?: unknown };
  const gv = groupVersionOf(expect);
  if (obj.apiVersion !== undefined && obj.apiVersion !== gv) {
    throw statusErrors.badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${gv})`);
  }
  if (obj.kind !== undefined && obj.kind !== expect.kind) {
    throw statusErrors.badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${expect.kind})`);
  }
  const checked = checkUnknownFields(endpoint, req, obj, fieldValidationFrom(req.query));
  return { obj: { ...checked.obj, apiVersion: gv, kind: expect.kind }, warnings: checked.warnings };
}

/**
 * Field validation: unknown fields fail the request (Strict), or are dropped with a warning
 * (Warn) or silently (Ignore), as decoding into kube's typed objects drops them.
 */
function checkUnknownFields<T extends ApiObject>(endpoint: ResourceEndpoint, req: ApiRequest, obj: T, mode: FieldValidation): { obj: T; warnings: string[] } {
  if (!endpoint.generated) return { obj, warnings: [] };
  // A subresource taking another kind (scale -> Scale, token -> TokenRequest) is not checked
  // against the parent's schema, which would drop its whole body.
  if (req.info.subresource !== '') {
    const sub = endpoint.descriptor.subresources.find((s) => s.name === req.info.subresource);
    const kind = sub?.requestKind ?? sub?.kind;
    const d = endpoint.descriptor;
    if (!kind || kind.group !== d.group || kind.version !== d.version || kind.kind !== d.kind) return { obj, warnings: [] };
  }
  const unknown = endpoint.generated.validate(obj).unknownFields;
  if (unknown.length === 0) return { obj, warnings: [] };
  const messages = unknown.map((path) => `unknown field "${path}"`);
  if (mode === 'Strict') throw statusErrors.badRequest(`strict decoding error: ${messages.join(', ')}`);
  return { obj: pruneUnknownFields(obj, unknown), warnings: mode === 'Warn' ? messages : [] };
}

async function serveCreate(endpoint: ResourceEndpoint, req: ApiRequest, ctx: RequestContext, n: Negotiated): Promise<ApiReply> {
  const d = endpoint.descriptor;
  const create = need(endpoint.handlers.create, d, 'create');
  const fieldManager = managerOf(req, 'CreateOptions');
  const { obj, warnings } = decodeForWrite(endpoint, req, d);
  const dryRun = dryRunFrom(req.query);
  const adm = requestAdmission(endpoint, req);
  const fields = writeOptionFields(dryRun, req.query.get('fieldManager') ?? undefined);
  const admitted = adm ? await adm.create(obj, 'CreateOptions', fields) : obj;
  const result = await create(admitted, { ...ctx, dryRun, fieldManager, ...(adm ? { validate: adm.validateCreate('CreateOptions', fields) } : {}) });
  const viewCtx = { descriptor: d, custom: endpoint.custom === true, query: req.query, ...(endpoint.table ? { table: endpoint.table } : {}) };
  return reply(n, 201, objectView(viewCtx, n.view, result.object), withAdmission([...warnings, ...result.warnings], adm));
}

async function serveUpdate(endpoint: ResourceEndpoint, req: ApiRequest, ctx: RequestContext, n: Negotiated): Promise<ApiReply> {
  const d = endpoint.descriptor;
  const update = need(endpoint.handlers.update, d, 'update');
  const fieldManager = managerOf(req, 'UpdateOptions');
  const { obj, warnings } = decodeForWrite(endpoint, req, d);
  checkBodyName(obj, req.info.name);
  const dryRun = dryRunFrom(req.query);
  const adm = requestAdmission(endpoint, req);
  const hooks = adm?.update('UpdateOptions', writeOptionFields(dryRun, req.query.get('fieldManager') ?? undefined));
  const result = await update(req.info.name, obj, { ...ctx, dryRun, fieldManager, ...hooks });
  const viewCtx = { descriptor: d, custom: endpoint.custom === true, query: req.query, ...(endpoint.table ? { table: endpoint.table } : {}) };
  return reply(n, result.created ? 201 : 200, objectView(viewCtx, n.view, result.object), withAdmission([...warnings, ...result.warnings], adm));
}

/** The manager a non-apply write is recorded under, after kube's checks of its options. */
function managerOf(req: ApiRequest, kind: WriteOptionsKind): string {
  return writeManagerFrom(req.query, req.header('user-agent'), kind).manager;
}

/** kube: the name in a PUT body must match the URL's. */
function checkBodyName(obj: ApiObject, name: string): void {
  const bodyName = obj.metadata?.name;
  if (bodyName !== undefined && bodyName !== '' && bodyName !== name) {
    throw statusErrors.badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
  }
}

async function servePatch(
  endpoint: ResourceEndpoint,
  req: ApiRequest,
  ctx: RequestContext,
  n: Negotiated,
  target: { get?: ResourceHandlers['get']; update?: ResourceHandlers['update'] | SubresourceHandlers['update'] },
  kindOverride?: { group: string; version: string; kind: string },
): Promise<ApiReply> {
  const d = endpoint.descriptor;
  if (!req.info.subresource) need(endpoint.handlers.update, d, 'patch');
  const get = target.get;
  const update = target.update;
  if (!get || !update) throw statusErrors.methodNotSupported({ group: d.group, resource: d.plural }, 'patch');
  const apply = bodyMediaType(req.header('content-type')) === APPLY_PATCH_TYPE;
  // Apply speaks the URL's own kind; a Scale is not applied here.
  if (apply && kindOverride) throw statusErrors.unsupportedMediaType(acceptedPatchTypes(endpoint.custom === true).filter((t) => t !== APPLY_PATCH_TYPE));
  const { manager: fieldManager, force } = writeManagerFrom(req.query, req.header('user-agent'), 'PatchOptions', apply);
  const dryRun = dryRunFrom(req.query);
  const fieldValidation = fieldValidationFrom(req.query);
  const viewCtx = { descriptor: d, custom: endpoint.custom === true, query: req.query, ...(endpoint.table ? { table: endpoint.table } : {}) };
  // A PATCH is admitted as UPDATE (CREATE when apply creates) with PatchOptions, inside the store's loop.
  const adm = requestAdmission(endpoint, req);
  const hooks = adm?.update('PatchOptions', writeOptionFields(dryRun, req.query.get('fieldManager') ?? undefined, apply && force ? { force: true } : {}));
  if (apply) {
    const applied = await applyApplyRequest({
      body: req.body ?? Buffer.alloc(0),
      kind: d,
      name: req.info.name,
      manager: fieldManager,
      force,
      checkUnknown: (obj) => checkUnknownFields(endpoint, req, obj, fieldValidation),
      update: (obj, opts) => update(req.info.name, obj, { ...ctx, dryRun, ...hooks, ...opts }),
    });
    return reply(n, applied.created ? 201 : 200, objectView(viewCtx, n.view, applied.object), withAdmission(applied.warnings, adm));
  }
  const result = await applyPatchRequest({
    descriptor: d,
    contentType: req.header('content-type'),
    body: req.body ?? Buffer.alloc(0),
    custom: endpoint.custom === true,
    subresource: req.info.subresource,
    get: () => get(req.info.name, ctx),
    update: (obj) => update(req.info.name, obj, { ...ctx, dryRun, fieldManager, ...hooks }),
    checkUnknown: (obj) => checkUnknownFields(endpoint, req, obj, fieldValidation),
    ...(kindOverride ? { kind: kindOverride } : {}),
  });
  const body = kindOverride ? result.object : objectView(viewCtx, n.view, result.object);
  return reply(n, 200, body, withAdmission(result.warnings, adm));
}

async function serveSubresource(
  endpoint: ResourceEndpoint,
  req: ApiRequest,
  ctx: RequestContext,
  viewCtx: ViewContext,
  negotiate: (allowViews?: boolean) => Negotiated,
): Promise<ApiReply> {
  const d = endpoint.descriptor;
  const info = req.info;
  const sub = d.subresources.find((s) => s.name === info.subresource);
  const handlers = endpoint.handlers.subresources?.[info.subresource];
  if (!sub || !handlers || info.name === '') throw statusErrors.pathNotFound();
  const gr = { group: d.group, resource: `${d.plural}/${info.subresource}` };
  // A subresource answering another kind (scale -> autoscaling/v1 Scale) is encoded as that kind.
  const kind = sub.responseKind ?? sub.kind;
  const ownKind = kind.group === d.group && kind.version === d.version && kind.kind === d.kind;
  const present = (obj: ApiObject, n: Negotiated) =>
    ownKind ? objectView(viewCtx, n.view, obj) : { apiVersion: groupVersionOf(kind), kind: kind.kind, ...stripTypeMeta(obj) };

  switch (info.verb) {
    case 'get': {
      if (!handlers.get) throw statusErrors.methodNotSupported(gr, 'get');
      const n = negotiate(ownKind);
      return reply(n, 200, present(await handlers.get(info.name, { ...ctx, ...rvOnly(req.query) }), n));
    }
    case 'update': {
      if (!handlers.update) throw statusErrors.methodNotSupported(gr, 'update');
      const n = negotiate(ownKind);
      const fieldManager = managerOf(req, 'UpdateOptions');
      const { obj, warnings } = decodeForWrite(endpoint, req, sub.requestKind ?? kind);
      checkBodyName(obj, info.name);
      const dryRun = dryRunFrom(req.query);
      const adm = requestAdmission(endpoint, req);
      const hooks = adm?.update('UpdateOptions', writeOptionFields(dryRun, req.query.get('fieldManager') ?? undefined));
      const result = await handlers.update(info.name, obj, { ...ctx, dryRun, fieldManager, ...hooks });
      const created = 'created' in result && result.created;
      return reply(n, created ? 201 : 200, present(result.object, n), withAdmission([...warnings, ...result.warnings], adm));
    }
    case 'patch': {
      if (!handlers.update || !handlers.get) throw statusErrors.methodNotSupported(gr, 'patch');
      const n = negotiate(ownKind);
      const r = await servePatch(endpoint, req, ctx, n, { get: handlers.get, update: handlers.update }, ownKind ? undefined : kind);
      if (ownKind || r.kind !== 'object') return r;
      return { ...r, body: present(r.body as ApiObject, n) };
    }
    case 'create': {
      if (!handlers.create) throw statusErrors.methodNotSupported(gr, 'create');
      const n = negotiate(false);
      const fieldManager = managerOf(req, 'CreateOptions');
      const { obj, warnings } = decodeForWrite(endpoint, req, sub.requestKind ?? kind);
      const dryRun = dryRunFrom(req.query);
      const adm = requestAdmission(endpoint, req);
      const fields = writeOptionFields(dryRun, req.query.get('fieldManager') ?? undefined);
      // A subresource create (serviceaccounts/token) names its parent in the URL.
      const admitted = adm ? await adm.create(obj, 'CreateOptions', fields) : obj;
      const result = await handlers.create(info.name, admitted, { ...ctx, dryRun, fieldManager, ...(adm ? { validate: adm.validateCreate('CreateOptions', fields) } : {}) });
      return reply(n, 201, present(result.object, n), withAdmission([...warnings, ...result.warnings], adm));
    }
    default:
      throw statusErrors.methodNotSupported(gr, info.verb);
  }
}

function stripTypeMeta(obj: ApiObject): object {
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

function serveWatch(endpoint: ResourceEndpoint, req: ApiRequest, ctx: RequestContext, viewCtx: ViewContext, n: Negotiated): ApiReply {
  const d = endpoint.descriptor;
  const watch = need(endpoint.handlers.watch, d, 'watch');
  const opts = watchOptionsFrom(req.query);
  const watcher = watch({
    ...ctx,
    allowBookmarks: opts.allowBookmarks,
    ...(opts.resourceVersion !== undefined ? { resourceVersion: opts.resourceVersion } : {}),
    ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}),
    ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}),
    ...(opts.sendInitialEvents !== undefined ? { sendInitialEvents: opts.sendInitialEvents } : {}),
  });
  const timeout = opts.timeoutSeconds ?? defaultWatchTimeoutSeconds();
  return {
    kind: 'stream',
    code: 200,
    contentType: n.serialization === 'protobuf' ? PROTOBUF_WATCH_MEDIA_TYPE : n.serialization === 'json' ? n.contentType : 'application/json',
    run: (sink) =>
      pumpWatch(
        watcher,
        sink,
        n.serialization === 'protobuf'
          ? (event) => encodeProtobufWatchEvent(viewCtx, event)
          : (event, first) => encodeWatchEvent(viewCtx, n.view, event, first),
        timeout,
      ),
  };
}
