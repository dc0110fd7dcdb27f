// The generic registry store: the only CRUD code. Every resource is served by one of these,
// parameterized by its generated resource and a strategy. The call order follows
// kube-apiserver's Store with rest.BeforeCreate / rest.BeforeUpdate / rest.BeforeDelete.
import { randomUUID } from 'node:crypto';
import type { FieldError, GeneratedResource } from '../api/index.js';
import { isStatusError, statusErrors, statusFromError, type GroupResource, type StatusError } from '../errors/index.js';
import { makePredicate, SelectorError, type SelectionPredicate } from '../selection/index.js';
import {
  isStorageError,
  namespacePrefix,
  objectKey,
  resourcePrefix,
  type ResourceKeyParts,
  type Storage,
  type Watcher,
} from '../storage/index.js';
import { checkDeletePreconditions, finalizersForDeletion, validateDeleteOptions } from './deletion.js';
import { applyOnto, recordUpdate, setManagedFields, type FieldScope, type FieldWriter } from './field-management.js';
import { GENERATE_NAME_ATTEMPTS, generateName, randomSuffix, type RandomSuffix } from './generate-name.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta-validation.js';
import { nameIsPathSegment } from './name-validation.js';
import { cloneObject, jsonEqual, metaOf, rfc3339Seconds, setOptional, type ObjectMeta, type RegistryObject } from './object-meta.js';
import type {
  CreateOptions,
  DeleteCollectionOptions,
  DeleteCollectionResult,
  DeleteOptions,
  DeleteOptionsBody,
  DeleteResult,
  DeleteSuccessStatus,
  GetOptions,
  ListOptions,
  ListResponse,
  ObjectResult,
  RequestContext,
  Scale,
  SelectorOptions,
  UpdateOptions,
  UpdateResult,
  WatchOptions,
} from './request.js';
import { applyScale, scaleOf, validateScale } from './scale.js';
import type { ResourceStrategy, SubresourceStrategy } from './strategy.js';
import type { ManagedFieldsEntry } from '../fieldmanager/index.js';

export interface NamespaceInfo {
  /** "Active" or "Terminating". */
  readonly phase?: string;
}

export interface RegistryStoreConfig<T extends RegistryObject> {
  readonly resource: GeneratedResource;
  readonly strategy: ResourceStrategy<T>;
  readonly storage: Storage<T>;
  /** Storage key prefix; default /registry. */
  readonly keyPrefix?: string;
  /**
   * Looks up a namespace for kube's NamespaceLifecycle rules (writes into a missing namespace
   * answer 404, creates into a terminating one 403). Unset: no check.
   */
  readonly namespaceLookup?: (namespace: string) => Promise<NamespaceInfo | null>;
  /** DELETE answers with the deleted object instead of a success Status (kube does this per kind). */
  readonly returnDeletedObject?: boolean;
  /** Source of generateName suffixes; tests inject a fixed one to force collisions. */
  readonly randomSuffix?: RandomSuffix;
  /** Parallel deletes in deleteCollection; default 4. */
  readonly deleteCollectionWorkers?: number;
  readonly now?: () => Date;
  /**
   * The kind's empty value as field management compares a create against (kube: the Go zero
   * value, in which built-in kinds' spec and status already exist). Default {} (custom resources).
   */
  readonly emptyObject?: object;
}

interface UpdateHooks<T> {
  readonly prepareForUpdate: (obj: T, old: T) => void;
  readonly validateUpdate: (obj: T, old: T) => FieldError[];
  readonly warningsOnUpdate: (obj: T, old: T) => string[];
  readonly allowCreate: boolean;
  /** The subresource the write came through, for managedFields ('' for the main resource). */
  readonly subresource: string;
}

/**
 * What the store does about managedFields on one write: nothing (server-internal writers),
 * track the writer's changes, or set the entries a server-side apply computed.
 */
type Ownership = null | { readonly track: FieldWriter } | { readonly applied: readonly ManagedFieldsEntry[] };

/** Thrown out of a tryUpdate that removed the last finalizer of an object being deleted. */
class DeleteDuringUpdate<T> {
  constructor(readonly object: T) {}
}

const OPTIMISTIC_LOCK = statusErrors.OPTIMISTIC_LOCK_MESSAGE;

export class RegistryStore<T extends RegistryObject> {
  readonly resource: GeneratedResource;
  readonly strategy: ResourceStrategy<T>;
  private readonly storage: Storage<T>;
  private readonly keyParts: ResourceKeyParts;
  private readonly gr: GroupResource;
  private readonly gk: { group: string; kind: string };
  private readonly config: RegistryStoreConfig<T>;
  private readonly fieldScope: FieldScope;

  constructor(config: RegistryStoreConfig<T>) {
    this.config = config;
    this.resource = config.resource;
    this.strategy = config.strategy;
    this.storage = config.storage;
    const d = config.resource.descriptor;
    this.keyParts = { group: d.group, resource: d.plural, ...(config.keyPrefix !== undefined ? { prefix: config.keyPrefix } : {}) };
    this.gr = { group: d.group, resource: d.plural };
    this.gk = { group: d.group, kind: d.kind };
    this.fieldScope = { fields: d.fields, gr: this.gr, ...(config.emptyObject ? { emptyObject: config.emptyObject } : {}) };
  }

  // ---- reads ----

  async get(name: string, opts: GetOptions = {}): Promise<T> {
    const key = this.key(name, opts.namespace);
    try {
      const obj = await this.storage.get(key, opts.resourceVersion !== undefined ? { resourceVersion: opts.resourceVersion } : {});
      if (obj === null) throw statusErrors.notFound(this.gr, name);
      return obj;
    } catch (err) {
      throw this.toStatus(err, name);
    }
  }

  async list(opts: ListOptions = {}): Promise<ListResponse<T>> {
    const predicate = this.predicate(opts);
    try {
      const res = await this.storage.list(this.listPrefix(opts.namespace), {
        ...(opts.resourceVersion !== undefined ? { resourceVersion: opts.resourceVersion } : {}),
        ...(opts.resourceVersionMatch !== undefined ? { resourceVersionMatch: opts.resourceVersionMatch } : {}),
        ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        ...(opts.continue !== undefined && opts.continue !== '' ? { continue: opts.continue } : {}),
        ...(predicate.empty ? {} : { predicate }),
      });
      return res;
    } catch (err) {
      throw statusFromError(err, { resource: this.gr, continuing: opts.continue !== undefined && opts.continue !== '' });
    }
  }

  /** The storage watcher, filtered by the selectors; the endpoint encodes its events. */
  watch(opts: WatchOptions = {}): Watcher<T> {
    const predicate = this.predicate(opts);
    try {
      return this.storage.watch(this.listPrefix(opts.namespace), {
        recursive: true,
        ...(opts.resourceVersion !== undefined ? { resourceVersion: opts.resourceVersion } : {}),
        ...(opts.allowBookmarks !== undefined ? { allowBookmarks: opts.allowBookmarks } : {}),
        ...(opts.sendInitialEvents !== undefined ? { sendInitialEvents: opts.sendInitialEvents } : {}),
        ...(predicate.empty ? {} : { predicate }),
      });
    } catch (err) {
      throw this.toStatus(err, '');
    }
  }

  // ---- create ----

  async create(input: T, opts: CreateOptions<T> = {}): Promise<ObjectResult<T>> {
    const obj = cloneObject(input);
    const meta = metaOf(obj);
    await this.admitNamespace(opts.namespace, 'create', meta.name || meta.generateName || 'Unknown');
    this.ensureNamespaceMatches(obj, opts.namespace);
    if (opts.name !== undefined && opts.name !== '' && (meta.name ?? '') !== opts.name) {
      throw statusErrors.badRequest(`the name of the object (${meta.name ?? ''}) does not match the name on the URL (${opts.name})`);
    }
    if (meta.resourceVersion !== undefined && /^\d+$/.test(meta.resourceVersion) && BigInt(meta.resourceVersion) !== 0n) {
      // kube's storage rejects this with a plain error, which reaches clients as a 500 with no
      // reason. Values that do not parse as a revision ("0", "-1") are dropped silently, as there.
      throw statusErrors.failure(500, '', 'resourceVersion should not be set on objects to be created');
    }
    delete meta.resourceVersion;
    const generate = (meta.name === undefined || meta.name === '') && typeof meta.generateName === 'string' && meta.generateName !== '';
    const attempts = generate ? GENERATE_NAME_ATTEMPTS : 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      // Only generated names need a fresh copy per attempt; obj is already the request's copy.
      const candidate = generate ? cloneObject(obj) : obj;
      if (generate) metaOf(candidate).name = generateName(meta.generateName!, this.config.randomSuffix ?? randomSuffix);
      try {
        return await this.createOnce(candidate, opts, generate);
      } catch (err) {
        lastError = this.toStatus(err, metaOf(candidate).name ?? '');
        if (!(isStatusError(err) && err.reason === 'AlreadyExists' && generate)) throw lastError;
      }
    }
    throw lastError;
  }

  private async createOnce(obj: T, opts: CreateOptions<T>, generated: boolean): Promise<ObjectResult<T>> {
    const warnings = this.beforeCreate(obj, opts, this.tracking(opts, obj, ''));
    if (opts.validate) await opts.validate(obj, null);
    const name = obj.metadata!.name!;
    const key = this.key(name, obj.metadata!.namespace);
    try {
      if (opts.dryRun) {
        const existing = await this.storage.get(key, { ignoreNotFound: true });
        if (existing !== null) throw statusErrors.alreadyExists(this.gr, name);
        return { object: obj, warnings };
      }
      return { object: await this.storage.create(key, obj), warnings };
    } catch (err) {
      if (!isStorageError(err, 'AlreadyExists') && !(isStatusError(err) && err.reason === 'AlreadyExists')) {
        throw this.toStatus(err, name);
      }
      const conflict = generated ? statusErrors.generateNameConflict(this.gr, name) : statusErrors.alreadyExists(this.gr, name);
      const existing = await this.storage.get(key, { ignoreNotFound: true }).catch(() => null);
      if (existing?.metadata?.deletionTimestamp === undefined) throw conflict;
      const { status } = conflict;
      throw statusErrors.failure(409, 'AlreadyExists', `object is being deleted: ${status.message ?? ''}`, status.details);
    }
  }

  /** rest.BeforeCreate: system fields, prepare, validate (strategy, then generic metadata), warnings, canonicalize. */
  private beforeCreate(obj: T, ctx: RequestContext, ownership: Ownership): string[] {
    const meta = metaOf(obj);
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    this.strategy.prepareForCreate(obj);
    meta.uid = randomUUID();
    meta.creationTimestamp = rfc3339Seconds(this.now(ctx));
    this.recordOwnership(obj, null, ownership);
    const errs = this.strategy.validate(obj);
    if (errs.length > 0) throw this.invalid(obj, errs);
    const metaErrs = validateObjectMeta(obj.metadata, { namespaced: this.strategy.namespaced, nameValidator: nameIsPathSegment });
    if (metaErrs.length > 0) throw this.invalid(obj, metaErrs);
    const warnings = this.strategy.warningsOnCreate(obj);
    this.strategy.canonicalize(obj);
    return warnings;
  }

  // ---- update ----

  async update(name: string, input: T, opts: UpdateOptions<T> = {}): Promise<UpdateResult<T>> {
    return this.updateWith(name, input, opts, {
      prepareForUpdate: (o, old) => this.strategy.prepareForUpdate(o, old),
      validateUpdate: (o, old) => this.strategy.validateUpdate(o, old),
      warningsOnUpdate: (o, old) => this.strategy.warningsOnUpdate(o, old),
      allowCreate: this.strategy.allowCreateOnUpdate || opts.forceAllowCreate === true,
      subresource: '',
    });
  }

  /** PUT .../status: only the status of the body is applied. */
  async updateStatus(name: string, input: T, opts: UpdateOptions<T> = {}): Promise<UpdateResult<T>> {
    const status = this.strategy.status;
    if (status === null) throw statusErrors.methodNotSupported(this.gr, 'update status');
    return this.updateWith(name, input, opts, {
      prepareForUpdate: (o, old) => status.prepareForUpdate(o, old),
      validateUpdate: (o, old) => status.validateUpdate(o, old),
      warningsOnUpdate: (o, old) => status.warningsOnUpdate(o, old),
      allowCreate: false,
      subresource: 'status',
    });
  }

  /**
   * PUT of a subresource that changes one part of the object (a namespace's finalize): the
   * part's hooks decide what is taken from the body. Like every update, it deletes an object
   * being deleted once it clears the last finalizer.
   */
  async updateWithStrategy(
    name: string,
    input: T,
    part: SubresourceStrategy<T>,
    opts: UpdateOptions<T> = {},
    subresource = '',
  ): Promise<UpdateResult<T>> {
    return this.updateWith(name, input, opts, {
      prepareForUpdate: (o, old) => part.prepareForUpdate(o, old),
      validateUpdate: (o, old) => part.validateUpdate(o, old),
      warningsOnUpdate: (o, old) => part.warningsOnUpdate(o, old),
      allowCreate: false,
      subresource,
    });
  }

  private async updateWith(name: string, input: T, opts: UpdateOptions<T>, hooks: UpdateHooks<T>): Promise<UpdateResult<T>> {
    if (opts.apply && opts.fieldManager === undefined) throw statusErrors.badRequest('fieldManager is required for apply');
    const body = cloneObject(input);
    const bodyMeta = metaOf(body);
    if ((bodyMeta.name ?? '') !== name) {
      throw statusErrors.badRequest(`the name of the object (${bodyMeta.name ?? ''}) does not match the name on the URL (${name})`);
    }
    const nsInfo = await this.admitNamespace(opts.namespace, 'update', name);
    this.ensureNamespaceMatches(body, opts.namespace);
    const key = this.key(name, bodyMeta.namespace);
    let warnings: string[] = [];
    let created = false;

    const tryUpdate = async (current: T | null): Promise<T> => {
      let obj = cloneObject(body);
      let ownership = this.tracking(opts, body, hooks.subresource);
      if (opts.apply && ownership !== null && 'track' in ownership) {
        // Apply runs before the strategy, as kube's patcher does; what it owns is set after.
        const applied = applyOnto(current, obj, ownership.track, this.fieldScope, opts.apply.force, name);
        obj = applied.object;
        ownership = { applied: applied.managedFields };
      }
      // Mutating admission sees the object as merged, before the strategy (kube's order).
      if (opts.admit) obj = await opts.admit(obj, current);
      const meta = metaOf(obj);
      created = false;
      if (current === null) {
        if (!hooks.allowCreate) throw statusErrors.notFound(this.gr, name);
        if (nsInfo?.phase === 'Terminating') throw this.terminatingNamespace(opts.namespace ?? '', name);
        created = true;
        delete meta.resourceVersion;
        warnings = this.beforeCreate(obj, opts, ownership);
        if (opts.validate) await opts.validate(obj, null);
        return obj;
      }
      const currentRV = current.metadata?.resourceVersion ?? '';
      const bodyRV = meta.resourceVersion ?? '';
      if (bodyRV === '') {
        if (!this.strategy.allowUnconditionalUpdate) {
          // kube reports this with the resource in the kind slot.
          throw statusErrors.invalid({ group: this.gr.group, kind: this.gr.resource }, name, [
            { type: 'FieldValueInvalid', field: 'metadata.resourceVersion', badValue: 0, detail: 'must be specified for an update' },
          ]);
        }
        meta.resourceVersion = currentRV;
      } else if (bodyRV !== currentRV) {
        throw statusErrors.conflict(this.gr, name, OPTIMISTIC_LOCK);
      }
      warnings = this.beforeUpdate(obj, current, hooks, ownership);
      if (opts.validate) await opts.validate(obj, current);
      if (this.shouldDeleteDuringUpdate(obj, current)) throw new DeleteDuringUpdate(obj);
      // Equal content writes nothing and keeps the resourceVersion.
      return jsonEqual(obj, current) ? current : obj;
    };

    try {
      if (opts.dryRun) {
        const current = await this.storage.get(key, { ignoreNotFound: true });
        const object = await tryUpdate(current);
        return { object, warnings, created };
      }
      const object = await this.storage.guaranteedUpdate(key, { ignoreNotFound: true }, (current) => tryUpdate(current));
      return { object, warnings, created };
    } catch (err) {
      if (err instanceof DeleteDuringUpdate) {
        const last = err.object as T;
        if (opts.dryRun) return { object: last, warnings, created: false };
        try {
          await this.storage.delete(key, { preconditions: { resourceVersion: last.metadata?.resourceVersion ?? '' } });
        } catch (delErr) {
          // Another request finished the deletion first: the update still succeeded.
          if (!isStorageError(delErr, 'NotFound')) throw this.toStatus(delErr, name);
        }
        return { object: last, warnings, created: false };
      }
      throw this.toStatus(err, name);
    }
  }

  /** rest.BeforeUpdate: carry over what an update cannot change, prepare, validate, warn, canonicalize. */
  private beforeUpdate(obj: T, old: T, hooks: UpdateHooks<T>, ownership: Ownership): string[] {
    const meta = metaOf(obj);
    const oldMeta = old.metadata ?? {};
    setOptional(meta, 'generation', oldMeta.generation);
    hooks.prepareForUpdate(obj, old);
    this.recordOwnership(obj, old, ownership);
    if (meta.uid === undefined || meta.uid === '') setOptional(meta, 'uid', oldMeta.uid);
    if (oldMeta.creationTimestamp) meta.creationTimestamp = oldMeta.creationTimestamp;
    if (oldMeta.deletionTimestamp !== undefined) meta.deletionTimestamp = oldMeta.deletionTimestamp;
    if (oldMeta.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds === undefined) {
      meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    }
    delete meta.selfLink;
    const errs = [
      ...validateObjectMetaUpdate(meta, oldMeta),
      ...validateObjectMeta(meta, { namespaced: this.strategy.namespaced, nameValidator: nameIsPathSegment }),
      ...hooks.validateUpdate(obj, old),
    ];
    if (errs.length > 0) throw this.invalid(obj, errs);
    const warnings = hooks.warningsOnUpdate(obj, old);
    this.strategy.canonicalize(obj);
    return warnings;
  }

  // ---- scale ----

  async getScale(name: string, opts: GetOptions = {}): Promise<Scale> {
    const paths = this.scalePaths();
    return scaleOf(await this.get(name, opts), paths);
  }

  async updateScale(name: string, input: Scale, opts: UpdateOptions<T> = {}): Promise<ObjectResult<Scale>> {
    const paths = this.scalePaths();
    const scale = cloneObject(input);
    const scaleName = scale.metadata?.name ?? '';
    if (scaleName !== name) {
      throw statusErrors.badRequest(`the name of the object (${scaleName}) does not match the name on the URL (${name})`);
    }
    const errs = validateScale(scale);
    if (errs.length > 0) throw statusErrors.invalid({ group: 'autoscaling', kind: 'Scale' }, name, errs);
    await this.admitNamespace(opts.namespace, 'update', name);
    const key = this.key(name, opts.namespace);
    let warnings: string[] = [];
    const hooks: UpdateHooks<T> = {
      prepareForUpdate: (o, old) => this.strategy.prepareForUpdate(o, old),
      validateUpdate: (o, old) => this.strategy.validateUpdate(o, old),
      warningsOnUpdate: (o, old) => this.strategy.warningsOnUpdate(o, old),
      allowCreate: false,
      subresource: 'scale',
    };
    const tryUpdate = async (current: T | null): Promise<T> => {
      if (current === null) throw statusErrors.notFound(this.gr, name);
      const wantRV = scale.metadata?.resourceVersion ?? '';
      if (wantRV !== '' && wantRV !== current.metadata?.resourceVersion) throw statusErrors.conflict(this.gr, name, OPTIMISTIC_LOCK);
      // Admission speaks the Scale (kube admits autoscaling/v1 Scale for .../scale): the
      // mutating stage sees the requested and the live Scale, the validating one both as
      // they would be stored.
      let asked = scale;
      if (opts.admit) {
        asked = (await opts.admit(cloneObject(scale) as unknown as T, scaleOf(current, paths) as unknown as T)) as unknown as Scale;
        const admittedErrs = validateScale(asked);
        if (admittedErrs.length > 0) throw statusErrors.invalid({ group: 'autoscaling', kind: 'Scale' }, name, admittedErrs);
      }
      const obj = cloneObject(current);
      applyScale(obj, asked, paths);
      // The Scale speaks autoscaling/v1; its entry is recorded in the parent's version, as kube does.
      warnings = this.beforeUpdate(obj, current, hooks, this.tracking(opts, current, 'scale'));
      if (opts.validate) await opts.validate(scaleOf(obj, paths) as unknown as T, scaleOf(current, paths) as unknown as T);
      return jsonEqual(obj, current) ? current : obj;
    };
    try {
      const object = opts.dryRun
        ? await tryUpdate(await this.storage.get(key, { ignoreNotFound: true }))
        : await this.storage.guaranteedUpdate(key, { ignoreNotFound: true }, (current) => tryUpdate(current));
      return { object: scaleOf(object, paths), warnings };
    } catch (err) {
      throw this.toStatus(err, name);
    }
  }

  private scalePaths() {
    const paths = this.strategy.scale;
    if (paths === null) throw statusErrors.methodNotSupported(this.gr, 'scale');
    return paths;
  }

  // ---- delete ----

  async delete(name: string, opts: DeleteOptions<T> = {}): Promise<DeleteResult<T>> {
    const options: DeleteOptionsBody = opts.options ?? {};
    const key = this.key(name, opts.namespace);
    const current = await this.get(name, opts);
    const forbidden = this.strategy.forbidDelete?.(current) ?? null;
    if (forbidden !== null) throw statusErrors.forbidden(this.gr, name, forbidden);
    const invalid = validateDeleteOptions(options);
    if (invalid) throw invalid;
    const preconditionFailure = checkDeletePreconditions(options, current.metadata ?? {}, this.gk);
    if (preconditionFailure) throw preconditionFailure;
    const preconditions = {
      ...(options.preconditions?.uid !== undefined ? { uid: options.preconditions.uid } : {}),
      ...(options.preconditions?.resourceVersion !== undefined ? { resourceVersion: options.preconditions.resourceVersion } : {}),
    };
    const now = this.now(opts);
    // 202 is kept for the one case kube uses it: not gone yet and orphanDependents=false.
    const keptCode: 200 | 202 = options.orphanDependents === false ? 202 : 200;

    const deletion = this.strategy.deletion ?? null;
    const kindPending = (obj: T) => (deletion === null ? 0 : deletion.pendingFinalizers(obj).length);
    if (deletion !== null && current.metadata?.deletionTimestamp !== undefined && kindPending(current) > 0) {
      const message = deletion.conflictWhilePending(current);
      if (message !== null) throw statusErrors.conflict(this.gr, name, message);
    }
    const { finalizers: initial, changed: initialChange } = finalizersForDeletion(options, current.metadata?.finalizers ?? []);
    if (initial.length > 0 || initialChange || kindPending(current) > 0) {
      // Finalizers (or a policy that adds one) keep the object: mark it as being deleted.
      const mark = async (obj: T | null): Promise<T> => {
        if (obj === null) throw statusErrors.notFound(this.gr, name);
        const next = cloneObject(obj);
        const meta = metaOf(next);
        const { finalizers, changed } = finalizersForDeletion(options, meta.finalizers ?? []);
        if (changed) meta.finalizers = finalizers;
        if (finalizers.length === 0 && kindPending(next) === 0) throw new DeleteDuringUpdate(obj);
        markAsDeleting(meta, now);
        deletion?.prepareForDeletion(next);
        if (opts.validate) await opts.validate(next);
        return jsonEqual(next, obj) ? obj : next;
      };
      try {
        const kept = opts.dryRun
          ? await mark(current)
          : await this.storage.guaranteedUpdate(key, { preconditions }, (obj) => mark(obj));
        return { body: kept, deleted: false, code: keptCode, warnings: [] };
      } catch (err) {
        if (!(err instanceof DeleteDuringUpdate)) throw this.toStatus(err, name);
        // Nothing holds the object (the policy removed the last GC finalizer): delete it now.
      }
    }

    if (opts.dryRun) {
      if (opts.validate) await opts.validate(current);
      return { body: this.deletedBody(current), deleted: true, code: 200, warnings: [] };
    }
    try {
      const deleted = await this.storage.delete(key, {
        preconditions,
        ...(opts.validate ? { validateDeletion: opts.validate } : {}),
      });
      return { body: this.deletedBody(deleted), deleted: true, code: 200, warnings: [] };
    } catch (err) {
      throw this.toStatus(err, name);
    }
  }

  async deleteCollection(opts: DeleteCollectionOptions<T> = {}): Promise<DeleteCollectionResult<T>> {
    const invalid = validateDeleteOptions(opts.options ?? {});
    if (invalid) throw invalid;
    const { limit: _l, continue: _c, ...listOpts } = opts;
    const listed = await this.list(listOpts);
    const workers = Math.max(1, this.config.deleteCollectionWorkers ?? 4);
    const queue = [...listed.items];
    const errors: StatusError[] = [];
    const run = async (): Promise<void> => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        const m = item.metadata ?? {};
        try {
          await this.delete(m.name ?? '', {
            ...opts,
            ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
          });
        } catch (err) {
          const status = this.toStatus(err, m.name ?? '');
          if (status.reason !== 'NotFound') errors.push(status);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, Math.max(1, queue.length)) }, run));
    if (errors.length > 0) throw errors[0]!;
    return { items: listed.items, resourceVersion: listed.resourceVersion, warnings: [] };
  }

  private deletedBody(obj: T): T | DeleteSuccessStatus {
    if (this.config.returnDeletedObject) return obj;
    const m = obj.metadata ?? {};
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: m.name ?? '',
        ...(this.gr.group ? { group: this.gr.group } : {}),
        kind: this.gr.resource,
        ...(m.uid ? { uid: m.uid } : {}),
      },
    };
  }

  // ---- helpers ----

  /** The managedFields work a write asks for: none without a field manager (server-internal writes). */
  private tracking(opts: CreateOptions<T> | UpdateOptions<T>, body: T, subresource: string): Ownership {
    const manager = opts.fieldManager;
    if (manager === undefined) return null;
    const d = this.resource.descriptor;
    const apiVersion = typeof body.apiVersion === 'string' && body.apiVersion !== '' ? body.apiVersion : d.group ? `${d.group}/${d.version}` : d.version;
    return { track: { manager, subresource, apiVersion, now: rfc3339Seconds(this.now(opts)) } };
  }

  private recordOwnership(obj: T, old: T | null, ownership: Ownership): void {
    if (ownership === null) return;
    if ('applied' in ownership) setManagedFields(obj, ownership.applied);
    else recordUpdate(obj, old, ownership.track, this.fieldScope);
  }

  private key(name: string, namespace: string | undefined): string {
    if (!this.strategy.namespaced) return objectKey(this.keyParts, name);
    if (namespace === undefined || namespace === '') throw statusErrors.badRequest('namespace is required for a namespaced resource');
    return objectKey(this.keyParts, name, namespace);
  }

  private listPrefix(namespace: string | undefined): string {
    return this.strategy.namespaced && namespace ? namespacePrefix(this.keyParts, namespace) : resourcePrefix(this.keyParts);
  }

  private predicate(opts: SelectorOptions): SelectionPredicate<T> {
    try {
      return makePredicate<T>({
        ...(opts.labelSelector !== undefined ? { labelSelector: opts.labelSelector } : {}),
        ...(opts.fieldSelector !== undefined ? { fieldSelector: opts.fieldSelector } : {}),
        getAttrs: (obj) => this.strategy.getAttrs(obj),
        selectableFields: this.strategy.selectableFields,
      });
    } catch (err) {
      if (err instanceof SelectorError) throw statusErrors.badRequest(err.message);
      throw err;
    }
  }

  /** EnsureObjectNamespaceMatchesRequestNamespace, with the expected namespace from the scope. */
  private ensureNamespaceMatches(obj: T, requestNamespace: string | undefined): void {
    const meta = metaOf(obj);
    const expected = this.strategy.namespaced ? (requestNamespace ?? '') : '';
    const actual = meta.namespace ?? '';
    if (actual === expected) return;
    if (actual === '') meta.namespace = expected;
    else if (expected === '') delete meta.namespace;
    else throw statusErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }

  /** NamespaceLifecycle: writes need the namespace to exist; creates need it not terminating. */
  private async admitNamespace(namespace: string | undefined, op: 'create' | 'update', name: string): Promise<NamespaceInfo | null> {
    const lookup = this.config.namespaceLookup;
    if (!this.strategy.namespaced || lookup === undefined || namespace === undefined || namespace === '') return null;
    const info = await lookup(namespace);
    if (info === null) throw statusErrors.notFound({ group: '', resource: 'namespaces' }, namespace);
    if (op === 'create' && info.phase === 'Terminating') throw this.terminatingNamespace(namespace, name);
    return info;
  }

  private terminatingNamespace(namespace: string, name: string): StatusError {
    const err = statusErrors.forbidden(this.gr, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    const details = err.status.details ?? (err.status.details = {});
    details.causes = [...(details.causes ?? []), { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }];
    return err;
  }

  /**
   * kube's ShouldDeleteDuringUpdate: the update removed the last finalizer (of metadata or of
   * the kind's own) of an object being deleted.
   */
  private shouldDeleteDuringUpdate(obj: T, old: T): boolean {
    const held = (o: T) => (o.metadata?.finalizers ?? []).length + (this.strategy.deletion?.pendingFinalizers(o).length ?? 0) > 0;
    const prev = old.metadata ?? {};
    if (held(obj) || !held(old)) return false;
    if (prev.deletionTimestamp === undefined) return false;
    return (prev.deletionGracePeriodSeconds ?? 0) === 0;
  }

  private invalid(obj: T, errs: FieldError[]): StatusError {
    return statusErrors.invalid(this.gk, obj.metadata?.name ?? '', errs);
  }

  private toStatus(err: unknown, name: string): StatusError {
    if (err instanceof DeleteDuringUpdate) return statusErrors.internalError('unexpected deletion during update');
    return statusFromError(err, { resource: this.gr, name });
  }

  private now(ctx: RequestContext): Date {
    return (ctx.now ?? this.config.now ?? (() => new Date()))();
  }
}

/**
 * Starts (or keeps) the deletion of an object that finalizers hold: generation moves on once,
 * the deletionTimestamp is set or moved earlier, the grace period is zero.
 */
function markAsDeleting(meta: ObjectMeta, now: Date): void {
  if (meta.deletionTimestamp === undefined && (meta.generation ?? 0) > 0) meta.generation = (meta.generation ?? 0) + 1;
  if (meta.deletionTimestamp === undefined || Date.parse(meta.deletionTimestamp) > now.getTime()) {
    meta.deletionTimestamp = rfc3339Seconds(now);
  }
  meta.deletionGracePeriodSeconds = 0;
}


export function createRegistryStore<T extends RegistryObject>(config: RegistryStoreConfig<T>): RegistryStore<T> {
  return new RegistryStore(config);
}
