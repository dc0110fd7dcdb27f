// The admission chain of one server: in-process mutating plugins, then mutating webhooks
// (with one reinvocation round when a webhook asks for it, which re-runs every in-process
// mutating plugin too, as kube does); and, after the strategy has validated, in-process
// validating plugins, then validating webhooks.
import { Agent } from 'node:https';
import { cloneJson, type JsonValue } from '../patch/index.js';
import type { RegistryObject } from '../registry/index.js';
import type { AdmissionAttributes } from './attributes.js';
import { asStatusError, forbidden } from './errors.js';
import type { AdmissionContext, MutatingHook, MutatingPlugin, Unregister, ValidatingHook, ValidatingPlugin } from './plugin.js';
import {
  hookCache,
  Reinvocation,
  runMutatingWebhooks,
  runValidatingWebhooks,
  type CallDeps,
  type NamespaceLabelsLookup,
  type ServiceResolver,
  type WebhookSink,
  type WebhookSource,
} from './webhook/index.js';

export interface AdmissionOptions {
  /** Webhook configurations; unset: no webhooks. The admission owns it and stops it. */
  readonly webhookSource?: WebhookSource;
  /** Labels of a namespace, for namespaceSelector; null when the namespace does not exist. */
  readonly namespaceLabels?: NamespaceLabelsLookup;
  /** Where clientConfig.service webhooks are reached. */
  readonly resolveService?: ServiceResolver;
  /** Errors that do not fail the request: webhooks failing open, the source's watch errors. */
  readonly onError: (err: unknown) => void;
  /** How long a request waits for the webhook source's first sync; default 10 s. */
  readonly syncTimeoutMs?: number;
}

export interface AdmitResult {
  /** The object after every mutation (null on DELETE). */
  readonly object: RegistryObject | null;
  readonly warnings: string[];
  readonly auditAnnotations: Record<string, string>;
}

export interface ValidateResult {
  readonly warnings: string[];
  readonly auditAnnotations: Record<string, string>;
}

export interface Admission {
  /** Mutating admission; throws a StatusError to reject. */
  admit(attrs: AdmissionAttributes): Promise<AdmitResult>;
  /** Validating admission, on the object as it will be stored; throws a StatusError to reject. */
  validate(attrs: AdmissionAttributes): Promise<ValidateResult>;
  /** Adds an in-process mutating plugin after those already registered. */
  registerMutating(name: string, hook: MutatingHook): Unregister;
  registerValidating(name: string, hook: ValidatingHook): Unregister;
  /**
   * Nothing could act on a request now: no in-process plugin and no webhook configured (and
   * the configurations are known). Synchronous, so a write path can skip admission for free.
   */
  idle(): boolean;
  /** Resolves once the webhook configurations are known. */
  synced(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_SYNC_TIMEOUT_MS = 10_000;

class Collector implements WebhookSink {
  readonly warnings: string[] = [];
  readonly auditAnnotations: Record<string, string> = {};

  constructor(readonly onError: (err: unknown) => void) {}

  warn(message: string): void {
    this.warnings.push(message);
  }

  annotate(key: string, value: string): void {
    // The first value set for a key stays, as kube's audit annotations do.
    if (!(key in this.auditAnnotations)) this.auditAnnotations[key] = value;
  }

  contextFor(plugin: string): AdmissionContext {
    return {
      warn: (message) => this.warn(message),
      annotate: (key, value) => this.annotate(`${plugin}/${key}`, value),
    };
  }
}

const copyOf = (obj: RegistryObject | null | undefined): RegistryObject | null =>
  obj == null ? null : (cloneJson(obj as unknown as JsonValue) as unknown as RegistryObject);

function addPlugin<P>(list: P[], plugin: P): Unregister {
  list.push(plugin);
  return () => {
    const at = list.indexOf(plugin);
    if (at >= 0) list.splice(at, 1);
  };
}

export function createAdmission(opts: AdmissionOptions): Admission {
  const mutators: MutatingPlugin[] = [];
  const validators: ValidatingPlugin[] = [];
  const source = opts.webhookSource;
  const hooks = hookCache(source);
  // One connection pool for all webhooks; TLS options are part of its pooling key.
  const agent = new Agent({ keepAlive: true });
  const deps: CallDeps = {
    agent,
    ...(opts.resolveService ? { resolveService: opts.resolveService } : {}),
    ...(opts.namespaceLabels ? { namespaceLabels: opts.namespaceLabels } : {}),
  };
  let ready = source === undefined;
  const firstSync = (source?.synced() ?? Promise.resolve()).then(() => {
    ready = true;
  });

  async function awaitReady(attrs: AdmissionAttributes): Promise<void> {
    if (ready) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), opts.syncTimeoutMs ?? DEFAULT_SYNC_TIMEOUT_MS);
    });
    const ok = await Promise.race([firstSync.then(() => true), timedOut]);
    clearTimeout(timer);
    if (!ok) throw forbidden(attrs, 'not yet ready to handle request');
  }

  async function runMutators(attrs: AdmissionAttributes, object: RegistryObject | null, sink: Collector): Promise<RegistryObject | null> {
    for (const plugin of [...mutators]) {
      const working = copyOf(object);
      let returned: RegistryObject | null | void;
      try {
        returned = await plugin.admit({ ...attrs, object: working }, sink.contextFor(plugin.name));
      } catch (err) {
        throw asStatusError(err);
      }
      object = returned === undefined ? working : returned;
    }
    return object;
  }

  return {
    async admit(attrs) {
      const sink = new Collector(opts.onError);
      // Each plugin and each JSONPatch works on its own copy already.
      let object = attrs.object ?? null;
      const reinvocation = new Reinvocation();
      const round = async () => {
        object = await runMutators(attrs, object, sink);
        if (source !== undefined) {
          await awaitReady(attrs);
          object = await runMutatingWebhooks(hooks().mutating, { ...attrs, object }, reinvocation, deps, sink);
        }
      };
      await round();
      if (reinvocation.needed) {
        reinvocation.reinvoking = true;
        await round();
      }
      return { object, warnings: sink.warnings, auditAnnotations: sink.auditAnnotations };
    },

    async validate(attrs) {
      const sink = new Collector(opts.onError);
      for (const plugin of [...validators]) {
        try {
          await plugin.validate({ ...attrs, object: copyOf(attrs.object), oldObject: copyOf(attrs.oldObject) }, sink.contextFor(plugin.name));
        } catch (err) {
          throw asStatusError(err);
        }
      }
      if (source !== undefined) {
        await awaitReady(attrs);
        await runValidatingWebhooks(hooks().validating, attrs, deps, sink);
      }
      return { warnings: sink.warnings, auditAnnotations: sink.auditAnnotations };
    },

    registerMutating(name, hook) {
      return addPlugin(mutators, { name, admit: hook });
    },

    registerValidating(name, hook) {
      return addPlugin(validators, { name, validate: hook });
    },

    idle() {
      if (mutators.length > 0 || validators.length > 0) return false;
      if (source === undefined) return true;
      if (!ready) return false;
      const now = hooks();
      return now.mutating.length === 0 && now.validating.length === 0;
    },

    synced() {
      return firstSync;
    },

    async stop() {
      agent.destroy();
      await source?.stop();
    },
  };
}
