// Every verb of one resource, generic over its type and list type. A generated per-kind
// client is this class with T and TList filled in and the ResourceRef of its kind.
import type { KubeList, KubeObject, Status } from './objects.js';
import { apiVersionOf, isNamespaced, resourcePath, type ResourceRef } from './resource-ref.js';
import type { CallOptions, HttpMethod, QueryValue, RestClient } from './rest-client.js';
import { WatchStream } from './watch.js';

export type ResourceVersionMatch = 'Exact' | 'NotOlderThan';

/** Only meaningful for namespaced resources; a cluster-scoped one rejects it. */
export interface NamespaceOption {
  namespace?: string;
}

export interface GetOptions extends CallOptions, NamespaceOption {
  resourceVersion?: string;
}

export interface ListOptions extends CallOptions, NamespaceOption {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
  timeoutSeconds?: number;
}

export interface WatchOptions extends NamespaceOption {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  /** Aborting it ends the watch; so do stop() and return(). */
  signal?: AbortSignal;
  /** Time allowed until the response headers arrive. */
  timeoutMs?: number;
}

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export interface WriteOptions extends CallOptions, NamespaceOption {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface PatchOptions extends WriteOptions {
  /** Only for apply patches: take ownership of conflicting fields. */
  force?: boolean;
}

export interface ApplyOptions extends CallOptions, NamespaceOption {
  /** Server-side apply needs to know who owns the fields. */
  fieldManager: string;
  force?: boolean;
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions extends CallOptions, NamespaceOption {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type DeleteCollectionOptions = DeleteOptions & Omit<ListOptions, keyof CallOptions | 'namespace'>;

export interface SubresourceOptions extends WriteOptions {}

export class ResourceClient<T extends KubeObject, TList extends KubeList<T> = KubeList<T>> {
  constructor(
    readonly rest: RestClient,
    readonly ref: ResourceRef,
    /** The namespace a namespace(ns) view is bound to. */
    readonly boundNamespace?: string,
  ) {
    if (boundNamespace !== undefined && !isNamespaced(ref)) {
      throw new TypeError(`${ref.plural} is cluster-scoped and has no namespaces`);
    }
  }

  /** The same client with every call bound to `namespace`. */
  namespace(namespace: string): ResourceClient<T, TList> {
    return new ResourceClient<T, TList>(this.rest, this.ref, namespace);
  }

  get(name: string, options: GetOptions = {}): Promise<T> {
    return this.call('GET', 'get', this.itemPath(name, options.namespace), options, {
      query: { resourceVersion: options.resourceVersion },
    });
  }

  list(options: ListOptions = {}): Promise<TList> {
    return this.call('GET', 'list', this.collectionPath(options.namespace), options, { query: listQuery(options) });
  }

  /** Lists every page, following continue tokens; items are concatenated in order. */
  async listAll(options: ListOptions = {}): Promise<TList> {
    let page = await this.list(options);
    const items = [...page.items];
    while (page.metadata?.continue) {
      page = await this.list({ ...options, continue: page.metadata.continue });
      items.push(...page.items);
    }
    const metadata = { ...page.metadata };
    delete metadata.continue;
    delete metadata.remainingItemCount;
    return { ...page, metadata, items };
  }

  /** Opens a watch; resolves once the server accepted it. */
  async watch(options: WatchOptions = {}): Promise<WatchStream<T>> {
    const controller = new AbortController();
    const outer = options.signal;
    const forward = (): void => controller.abort(outer!.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener('abort', forward, { once: true });
    const release = (): void => outer?.removeEventListener('abort', forward);
    const stream = await this.rest.stream({
      method: 'GET',
      path: this.collectionPath(options.namespace),
      query: {
        watch: true,
        labelSelector: options.labelSelector || undefined,
        fieldSelector: options.fieldSelector || undefined,
        resourceVersion: options.resourceVersion,
        resourceVersionMatch: options.resourceVersionMatch,
        timeoutSeconds: options.timeoutSeconds,
        allowWatchBookmarks: options.allowWatchBookmarks || undefined,
        sendInitialEvents: options.sendInitialEvents,
      },
      signal: controller.signal,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      describe: { verb: 'watch', resource: this.ref.plural },
    }).catch((err: unknown) => {
      release();
      throw err;
    });
    stream.body.once('close', release);
    return new WatchStream<T>(stream, controller);
  }

  create(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.call('POST', 'create', this.collectionPath(this.namespaceFor(obj, options.namespace)), options, {
      query: writeQuery(options),
      body: this.withTypeMeta(obj),
    });
  }

  update(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.call('PUT', 'update', this.objectPath(obj, options.namespace), options, {
      query: writeQuery(options),
      body: this.withTypeMeta(obj),
    });
  }

  /** PUT to the status subresource: only status changes are kept by the server. */
  updateStatus(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.call('PUT', 'update', this.objectPath(obj, options.namespace, 'status'), options, {
      query: writeQuery(options),
      body: this.withTypeMeta(obj),
    });
  }

  patch(name: string, type: 'json', patch: readonly JsonPatchOperation[], options?: PatchOptions): Promise<T>;
  patch(name: string, type: Exclude<PatchType, 'json'>, patch: object, options?: PatchOptions): Promise<T>;
  patch(name: string, type: PatchType, patch: object, options: PatchOptions = {}): Promise<T> {
    return this.patchAt(name, undefined, type, patch, options);
  }

  /** Server-side apply of a (partial) object; creates it when missing. */
  apply(obj: Partial<T> & KubeObject, options: ApplyOptions): Promise<T> {
    const name = obj.metadata?.name;
    if (!name) throw new TypeError('apply needs metadata.name');
    const namespace = this.namespaceFor(obj, options.namespace);
    return this.patchAt(name, undefined, 'apply', this.withTypeMeta(obj), {
      ...options,
      ...(namespace !== undefined ? { namespace } : {}),
    });
  }

  /** The deleted object while finalizers or grace run, else a Success Status. */
  delete(name: string, options: DeleteOptions = {}): Promise<T | Status> {
    return this.call('DELETE', 'delete', this.itemPath(name, options.namespace), options, {
      body: deleteBody(options),
    });
  }

  deleteCollection(options: DeleteCollectionOptions = {}): Promise<TList | Status> {
    return this.call('DELETE', 'deletecollection', this.collectionPath(options.namespace), options, {
      query: listQuery(options),
      body: deleteBody(options),
    });
  }

  getSubresource<R>(name: string, subresource: string, options: GetOptions = {}): Promise<R> {
    return this.call('GET', 'get', this.itemPath(name, options.namespace, subresource), options, {
      query: { resourceVersion: options.resourceVersion },
    });
  }

  /** POST to a subresource, e.g. serviceaccounts/token or pods/eviction. */
  createSubresource<B, R = B>(name: string, subresource: string, body: B, options: SubresourceOptions = {}): Promise<R> {
    return this.call('POST', 'create', this.itemPath(name, options.namespace, subresource), options, {
      query: writeQuery(options),
      body,
    });
  }

  /** PUT to a subresource, e.g. scale or finalize. */
  updateSubresource<B, R = B>(name: string, subresource: string, body: B, options: SubresourceOptions = {}): Promise<R> {
    return this.call('PUT', 'update', this.itemPath(name, options.namespace, subresource), options, {
      query: writeQuery(options),
      body,
    });
  }

  patchSubresource<R>(name: string, subresource: string, type: PatchType, patch: object, options: PatchOptions = {}): Promise<R> {
    return this.patchAt(name, subresource, type, patch, options);
  }

  private patchAt<R>(name: string, subresource: string | undefined, type: PatchType, patch: object, options: PatchOptions): Promise<R> {
    if (options.force !== undefined && type !== 'apply') throw new TypeError('force is only valid for apply patches');
    if (type === 'apply' && !options.fieldManager) throw new TypeError('apply patches need a fieldManager');
    return this.call('PATCH', 'patch', this.itemPath(name, options.namespace, subresource), options, {
      query: { ...writeQuery(options), force: options.force },
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
    });
  }

  private call<R>(
    method: HttpMethod,
    verb: string,
    path: string,
    options: CallOptions,
    extra: { query?: Record<string, QueryValue>; body?: unknown; contentType?: string },
  ): Promise<R> {
    return this.rest.request<R>({
      method,
      path,
      ...extra,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      describe: { verb, resource: this.ref.plural },
    });
  }

  private resolveNamespace(namespace: string | undefined): string | undefined {
    if (!isNamespaced(this.ref)) {
      if (namespace !== undefined && namespace !== '') throw new TypeError(`${this.ref.plural} is cluster-scoped: no namespace may be given`);
      return undefined;
    }
    return namespace ?? this.boundNamespace;
  }

  private collectionPath(namespace: string | undefined): string {
    return resourcePath(this.ref, this.resolveNamespace(namespace));
  }

  private itemPath(name: string, namespace: string | undefined, subresource?: string): string {
    const ns = this.resolveNamespace(namespace);
    if (isNamespaced(this.ref) && !ns) throw new TypeError(`${this.ref.plural} is namespaced: give a namespace for "${name}"`);
    return resourcePath(this.ref, ns, name, subresource);
  }

  private objectPath(obj: KubeObject, namespace: string | undefined, subresource?: string): string {
    const name = obj.metadata?.name;
    if (!name) throw new TypeError('the object has no metadata.name');
    return this.itemPath(name, this.namespaceFor(obj, namespace), subresource);
  }

  /**
   * For writes of a whole object: the call's namespace, else the view's, else the object's.
   * A view wins over the object so that a mismatch reaches the server, which rejects it, as
   * client-go does, instead of silently writing elsewhere.
   */
  private namespaceFor(obj: KubeObject, explicit: string | undefined): string | undefined {
    if (!isNamespaced(this.ref)) return explicit;
    return explicit ?? this.boundNamespace ?? obj.metadata?.namespace;
  }

  /** Fills apiVersion and kind when the caller left them out; the server requires them. */
  private withTypeMeta<O extends KubeObject>(obj: O): O {
    if (obj.apiVersion && obj.kind) return obj;
    return { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(this.ref), ...(obj.kind || this.ref.kind ? { kind: obj.kind ?? this.ref.kind } : {}) };
  }
}

function listQuery(options: Omit<ListOptions, keyof CallOptions | 'namespace'>): Record<string, QueryValue> {
  return {
    labelSelector: options.labelSelector || undefined,
    fieldSelector: options.fieldSelector || undefined,
    limit: options.limit,
    continue: options.continue || undefined,
    resourceVersion: options.resourceVersion,
    resourceVersionMatch: options.resourceVersionMatch,
    timeoutSeconds: options.timeoutSeconds,
  };
}

function writeQuery(options: WriteOptions): Record<string, QueryValue> {
  return {
    dryRun: options.dryRun ? 'All' : undefined,
    fieldManager: options.fieldManager,
    fieldValidation: options.fieldValidation,
  };
}

function deleteBody(options: DeleteOptions): object {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
  if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
  if (options.preconditions) body.preconditions = options.preconditions;
  if (options.dryRun) body.dryRun = ['All'];
  return body;
}
