// Admission for one write request: builds kube's admission attributes from the request and
// the served resource, and hands the store the hooks it calls at kube's points (mutating
// before the strategy, validating after it). Warnings and audit annotations collect here.
import {
  operationOptions,
  type Admission,
  type AdmissionAttributes,
  type AdmissionOperation,
  type GroupVersionKind,
  type OptionsKind,
} from '../../admission/index.js';
import type { AdmissionMutate, AdmissionValidate } from '../../registry/index.js';
import type { ApiObject } from '../resource-handlers.js';
import type { ApiRequest } from './api-request.js';
import type { ResourceEndpoint } from './resource-request.js';

type BaseAttributes = Omit<AdmissionAttributes, 'operation' | 'object' | 'oldObject' | 'options'>;

export interface RequestAdmission {
  /** Mutating admission of a CREATE, before the store: the object to create. */
  create(obj: ApiObject, options: OptionsKind, fields: Readonly<Record<string, unknown>>): Promise<ApiObject>;
  /** Hooks for a write through the store's update loop (UPDATE, or CREATE when it creates). */
  update(options: OptionsKind, fields: Readonly<Record<string, unknown>>): { admit: AdmissionMutate<ApiObject>; validate: AdmissionValidate<ApiObject> };
  /** Validating admission of a CREATE, after the strategy. */
  validateCreate(options: OptionsKind, fields: Readonly<Record<string, unknown>>): AdmissionValidate<ApiObject>;
  /** Both stages of a DELETE, run by the store against the object about to go. */
  delete(fields: Readonly<Record<string, unknown>>): (old: ApiObject) => Promise<void>;
  /** What webhooks and plugins asked to tell the client, without repeats. */
  readonly warnings: readonly string[];
}

/**
 * The admission of one request, or null when nothing would act on it (no plugin, no webhook):
 * then the write path makes no admission call at all.
 */
export function requestAdmission(endpoint: ResourceEndpoint, req: ApiRequest): RequestAdmission | null {
  const admission = endpoint.admission;
  if (admission === undefined || admission.idle()) return null;
  return new EndpointAdmission(admission, endpoint, req);
}

class EndpointAdmission implements RequestAdmission {
  private readonly seen = new Set<string>();
  readonly warnings: string[] = [];
  private readonly base: BaseAttributes;
  private readonly defaults: ((obj: unknown) => void) | undefined;
  private readonly namespaced: boolean;

  constructor(
    private readonly admission: Admission,
    endpoint: ResourceEndpoint,
    private readonly req: ApiRequest,
  ) {
    const d = endpoint.descriptor;
    const info = req.info;
    const sub = info.subresource === '' ? undefined : d.subresources.find((s) => s.name === info.subresource);
    // A subresource is admitted as the kind it speaks (.../scale: autoscaling/v1 Scale).
    const kind: GroupVersionKind = sub ? (sub.requestKind ?? sub.kind) : { group: d.group, version: d.version, kind: d.kind };
    const isNamespace = d.group === '' && d.plural === 'namespaces';
    this.namespaced = d.scope === 'Namespaced';
    this.base = {
      kind,
      resource: { group: d.group, version: d.version, resource: d.plural },
      ...(info.subresource !== '' ? { subresource: info.subresource } : {}),
      ...(info.name !== '' ? { name: info.name } : {}),
      // kube admits a Namespace with its own name as the namespace.
      namespace: isNamespace ? info.name : d.scope === 'Namespaced' ? info.namespace : '',
      userInfo: req.user,
    };
    // Only objects of the resource's own kind are defaulted (a Scale has no defaults here).
    const ownKind = kind.group === d.group && kind.version === d.version && kind.kind === d.kind;
    this.defaults = ownKind ? endpoint.generated?.applyDefaults : undefined;
  }

  async create(obj: ApiObject, options: OptionsKind, fields: Readonly<Record<string, unknown>>): Promise<ApiObject> {
    // Webhooks see the object decoded and defaulted, as kube hands it to them.
    this.defaults?.(obj);
    const name = obj.metadata?.name;
    const attrs = this.attrs('CREATE', obj, null, options, fields, name !== undefined && name !== '' ? name : undefined);
    const result = await this.admission.admit(attrs);
    this.collect(result);
    return result.object ?? obj;
  }

  validateCreate(options: OptionsKind, fields: Readonly<Record<string, unknown>>): AdmissionValidate<ApiObject> {
    return async (obj) => {
      this.collect(await this.admission.validate(this.attrs('CREATE', obj, null, options, fields, obj.metadata?.name)));
    };
  }

  update(options: OptionsKind, fields: Readonly<Record<string, unknown>>): { admit: AdmissionMutate<ApiObject>; validate: AdmissionValidate<ApiObject> } {
    return {
      admit: async (obj, old) => {
        // A patched or merged object is defaulted before admission, as kube decodes it.
        this.defaults?.(obj);
        const result = await this.admission.admit(this.attrs(old === null ? 'CREATE' : 'UPDATE', obj, old, options, fields, obj.metadata?.name));
        this.collect(result);
        return result.object ?? obj;
      },
      validate: async (obj, old) => {
        this.collect(await this.admission.validate(this.attrs(old === null ? 'CREATE' : 'UPDATE', obj, old, options, fields, obj.metadata?.name)));
      },
    };
  }

  delete(fields: Readonly<Record<string, unknown>>): (old: ApiObject) => Promise<void> {
    return async (old) => {
      // deletecollection reaches here once per item: name and namespace are the item's.
      const m = old.metadata ?? {};
      const attrs: AdmissionAttributes = {
        ...this.attrs('DELETE', null, old, 'DeleteOptions', fields, m.name),
        ...(this.namespaced && m.namespace !== undefined ? { namespace: m.namespace } : {}),
      };
      this.collect(await this.admission.admit(attrs));
      this.collect(await this.admission.validate(attrs));
    };
  }

  private isNamespace(): boolean {
    return this.base.resource.group === '' && this.base.resource.resource === 'namespaces';
  }

  private attrs(
    operation: AdmissionOperation,
    object: ApiObject | null,
    oldObject: ApiObject | null,
    options: OptionsKind,
    fields: Readonly<Record<string, unknown>>,
    name: string | undefined,
  ): AdmissionAttributes {
    const dryRun = Array.isArray(fields['dryRun']) && fields['dryRun'].length > 0;
    const namespace = this.isNamespace() && name !== undefined ? name : this.base.namespace;
    const { name: _ignored, ...base } = this.base;
    return {
      ...base,
      ...(name !== undefined && name !== '' ? { name } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      operation,
      object,
      oldObject,
      options: operationOptions(options, fields),
      dryRun,
    };
  }

  private collect(result: { warnings: readonly string[]; auditAnnotations: Readonly<Record<string, string>> }): void {
    // The store may retry a write: a repeated warning is sent once (kube's recorder dedups too).
    for (const w of result.warnings) {
      if (this.seen.has(w)) continue;
      this.seen.add(w);
      this.warnings.push(w);
    }
    const annotate = this.req.annotateAudit;
    if (annotate) for (const [k, v] of Object.entries(result.auditAnnotations)) annotate(k, v);
  }
}

/** The options object's fields admission sees for a write (what kube decoded from the query). */
export function writeOptionFields(dryRun: boolean, fieldManager: string | undefined, extra: object = {}): Record<string, unknown> {
  return {
    ...(dryRun ? { dryRun: ['All'] } : {}),
    ...(fieldManager !== undefined && fieldManager !== '' ? { fieldManager } : {}),
    ...extra,
  };
}
