// The CRD controller: kube's naming, establishing and finalizer controllers and the CR handler's
// bookkeeping in one loop per CRD. It grants names (NamesAccepted), serves every served version
// and only then says Established, follows spec changes, and on deletion (the cleanup finalizer)
// deletes the custom resources, removes the finalizer and stops serving.
import { ResourceInformer, WorkQueue, hasReason, type ProcessResult } from '../../controllers/base/index.js';
import type { ServedResources } from '../../endpoints/served-resources.js';
import { cloneObject, type RegistryObject, type RegistryStore } from '../../registry/index.js';
import { customResourceOpenApiProvider, type CustomResourceOpenApiProvider } from '../openapi/index.js';
import { CLEANUP_FINALIZER, crdNameOf, isConditionTrue, setCondition, type CustomResourceDefinition } from '../crd.js';
import { ServedCrd, type ServedCustomResource, type ServingContext } from '../serving/index.js';
import { acceptNames, takenNames } from './names.js';

export interface CrdControllerOptions extends ServingContext {
  /** The registry store of customresourcedefinitions. */
  readonly crds: RegistryStore<RegistryObject>;
  readonly served: ServedResources;
  readonly workers?: number;
  readonly onError?: (err: unknown) => void;
  readonly now?: () => Date;
}

const asCrd = (obj: RegistryObject): CustomResourceDefinition => obj as unknown as CustomResourceDefinition;
const MAX_RECHECK_MS = 1_000;

export class CrdController {
  private readonly queue = new WorkQueue<string>({ maxDelayMs: 1_000 });
  private readonly informer: ResourceInformer;
  private readonly serving = new Map<string, ServedCrd>();
  private readonly processedOnce = new Set<string>();
  private readonly rechecks = new Map<string, number>();
  private running: Promise<void> | null = null;

  constructor(private readonly opts: CrdControllerOptions) {
    this.informer = new ResourceInformer({
      store: opts.crds,
      onEvent: (_type, obj) => {
        const crd = asCrd(obj);
        this.queue.add(crdNameOf(crd));
        // A name given up or taken by one CRD can change what the others of its group get.
        for (const other of this.informer.list()) {
          if (asCrd(other).spec?.group === crd.spec?.group) this.queue.add(crdNameOf(asCrd(other)));
        }
      },
      ...(opts.onError ? { onError: opts.onError } : {}),
    });
  }

  start(): void {
    this.running ??= this.queue.run(
      this.opts.workers ?? 2,
      (name) => this.sync(name),
      (_key, err) => {
        // Another replica wrote the CRD first (or removed it): the key is looked at again anyway.
        if (hasReason(err, 'Conflict') || hasReason(err, 'NotFound')) return;
        this.opts.onError?.(err);
      },
    );
  }

  /** Resolves once every CRD present at start has been looked at once (or after timeoutMs). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.informer.synced();
    const names = this.informer.list().map((o) => crdNameOf(asCrd(o)));
    while (Date.now() < deadline && !names.every((n) => this.processedOnce.has(n))) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** The custom resources served now, one entry per CRD (for GC and namespace deletion). */
  all(): ServedCustomResource[] {
    return [...this.serving.values()].map((s) => s.controlled()).filter((c): c is ServedCustomResource => c !== null);
  }

  /** The CRDs served now, as last seen. */
  definitions(): CustomResourceDefinition[] {
    return this.informer
      .list()
      .map(asCrd)
      .filter((crd) => this.serving.has(crdNameOf(crd)));
  }

  /** The OpenAPI documents of what is served now, for /openapi/v2 and /openapi/v3. */
  openApi(): CustomResourceOpenApiProvider {
    return customResourceOpenApiProvider(() => this.definitions());
  }

  async stop(): Promise<void> {
    this.queue.stop();
    await this.informer.stop();
    await this.running;
    await Promise.all([...this.serving.values()].map((s) => s.remove()));
    this.serving.clear();
  }

  private async sync(name: string): Promise<ProcessResult | void> {
    try {
      return await this.syncOnce(name);
    } finally {
      this.processedOnce.add(name);
    }
  }

  private async syncOnce(name: string): Promise<ProcessResult | void> {
    const crd = await this.get(name);
    if (crd === null) {
      await this.stopServing(name);
      return;
    }
    if (crd.metadata?.deletionTimestamp !== undefined) return this.finalize(crd);

    const others = this.informer
      .list()
      .map(asCrd)
      .filter((o) => crdNameOf(o) !== name && o.spec?.group === crd.spec.group);
    const builtins = this.opts.served
      .all()
      .filter((s) => s.custom !== true && s.descriptor.group === crd.spec.group)
      .map((s) => s.descriptor);
    const { acceptedNames, namesAccepted } = acceptNames(crd, takenNames(others, builtins));
    const next = cloneObject(crd);
    const now = this.now();
    setCondition(next, namesAccepted, now);
    if (namesAccepted.status === 'True') next.status!.acceptedNames = acceptedNames;
    else next.status!.acceptedNames ??= acceptedNames;
    const established = isConditionTrue(crd, 'Established');
    const serve = namesAccepted.status === 'True' || established;
    if (serve) {
      // Served before Established is written: a client that waited for it finds the resource.
      await this.serveCrd(next);
      setCondition(next, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }, now);
    } else {
      setCondition(next, { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }, now);
    }
    await this.writeStatus(crd, next);
  }

  private async serveCrd(crd: CustomResourceDefinition): Promise<ServedCrd> {
    const name = crdNameOf(crd);
    let s = this.serving.get(name);
    if (!s) {
      s = new ServedCrd(this.opts, crd);
      this.serving.set(name, s);
    }
    await s.apply(crd);
    return s;
  }

  private async stopServing(name: string): Promise<void> {
    const s = this.serving.get(name);
    if (!s) return;
    this.serving.delete(name);
    this.rechecks.delete(name);
    await s.remove();
  }

  /** kube's finalizer controller: Terminating, delete every instance, then let the CRD go. */
  private async finalize(crd: CustomResourceDefinition): Promise<ProcessResult | void> {
    const name = crdNameOf(crd);
    if (!(crd.metadata?.finalizers ?? []).includes(CLEANUP_FINALIZER)) return;
    const now = this.now();
    let current = crd;
    if (!isConditionTrue(crd, 'Terminating') || crd.status?.conditions?.find((c) => c.type === 'Terminating')?.reason !== 'InstanceDeletionInProgress') {
      const next = cloneObject(crd);
      setCondition(next, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' }, now);
      current = await this.writeStatus(crd, next);
    }
    const served = isConditionTrue(current, 'NamesAccepted') || isConditionTrue(current, 'Established');
    if (served) {
      const s = await this.serveCrd(current);
      const store = s.store();
      if (store) {
        await store.deleteCollection({});
        const left = await store.list({});
        if (left.items.length > 0) {
          // Instances held by their own finalizers: look again later, as kube's controller does.
          const wait = this.rechecks.get(name) ?? 50;
          this.rechecks.set(name, Math.min(wait * 2, MAX_RECHECK_MS));
          return { requeueAfterMs: wait };
        }
      }
    }
    this.rechecks.delete(name);
    const done = cloneObject(current);
    setCondition(done, { type: 'Terminating', status: 'False', reason: 'InstanceDeletionCompleted', message: 'removed all instances' }, now);
    current = await this.writeStatus(current, done);
    const released = cloneObject(current);
    released.metadata!.finalizers = (released.metadata!.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
    // Served while other finalizers still hold the CRD, as kube does; otherwise serving stops
    // before the object goes, so a client that sees the CRD gone finds its resources gone too.
    if ((released.metadata!.finalizers ?? []).length === 0) await this.stopServing(name);
    try {
      await this.opts.crds.update(name, released as unknown as RegistryObject, {});
    } catch (err) {
      if (!hasReason(err, 'NotFound')) throw err;
    }
  }

  private async writeStatus(old: CustomResourceDefinition, next: CustomResourceDefinition): Promise<CustomResourceDefinition> {
    if (JSON.stringify(old.status) === JSON.stringify(next.status)) return old;
    const result = await this.opts.crds.updateStatus(crdNameOf(next), next as unknown as RegistryObject, {});
    return asCrd(result.object);
  }

  private async get(name: string): Promise<CustomResourceDefinition | null> {
    try {
      return asCrd(await this.opts.crds.get(name));
    } catch (err) {
      if (hasReason(err, 'NotFound')) return null;
      throw err;
    }
  }

  private now(): Date {
    return (this.opts.now ?? (() => new Date()))();
  }
}
