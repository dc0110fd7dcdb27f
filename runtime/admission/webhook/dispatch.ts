// Calling the matching webhooks for one request: mutating ones one after another, each seeing
// the object the previous one left; validating ones all at once. failurePolicy Ignore turns a
// failed call into an audit annotation and a reported error; Fail turns it into a 500.
import { applyJsonPatch, isPatchError, jsonEqual, type JsonValue } from '../../patch/index.js';
import { statusErrors } from '../../errors/index.js';
import type { RegistryObject } from '../../registry/index.js';
import type { AdmissionAttributes } from '../attributes.js';
import { isWebhookCallError, webhookCallFailed, webhookDenied } from '../errors.js';
import { callHook, shouldCall, type CallDeps } from './call.js';
import type { Hook } from './hooks.js';
import type { ReviewResponse } from './review.js';
import { isExemptFromWebhooks } from './rules.js';

/** What webhooks report besides their verdict. */
export interface WebhookSink {
  warn(message: string): void;
  /** An audit annotation, already carrying its final key. */
  annotate(key: string, value: string): void;
  /** A call that failed open (failurePolicy Ignore). */
  onError(err: unknown): void;
}

/**
 * kube's reinvocation bookkeeping for one request. A webhook with reinvocationPolicy IfNeeded
 * is called again, once, when a webhook after it changed the object.
 */
export class Reinvocation {
  private readonly invoked = new Set<string>();
  private readonly pending = new Set<string>();
  reinvoking = false;

  /** Whether a second round is needed. */
  get needed(): boolean {
    return this.pending.size > 0;
  }

  shouldRun(hook: Hook): boolean {
    return !this.reinvoking || this.pending.has(hook.uid);
  }

  /** A webhook ran; `changed` says whether it changed the object. */
  ran(hook: Hook, changed: boolean): void {
    if (!this.reinvoking && changed) for (const uid of this.invoked) this.pending.add(uid);
    if (hook.reinvoke) this.invoked.add(hook.uid);
  }
}

function collect(hook: Hook, response: ReviewResponse, sink: WebhookSink): void {
  for (const w of response.warnings) sink.warn(w);
  for (const [key, value] of Object.entries(response.auditAnnotations)) sink.annotate(`${hook.name}/${key}`, value);
}

function failedOpen(kind: 'mutating' | 'validating', round: number, index: number, hook: Hook, err: unknown, sink: WebhookSink): void {
  sink.annotate(`failed-open.${kind}.webhook.admission.k8s.io/round_${round}_index_${index}`, hook.name);
  sink.onError(err);
}

/** Runs one round of the mutating webhooks over `attrs.object`; answers the resulting object. */
export async function runMutatingWebhooks(
  hooks: readonly Hook[],
  attrs: AdmissionAttributes,
  reinvocation: Reinvocation,
  deps: CallDeps,
  sink: WebhookSink,
): Promise<RegistryObject | null> {
  let object = attrs.object ?? null;
  if (isExemptFromWebhooks(attrs)) return object;
  const round = reinvocation.reinvoking ? 1 : 0;
  for (const [index, hook] of hooks.entries()) {
    if (!reinvocation.shouldRun(hook)) continue;
    const current: AdmissionAttributes = { ...attrs, object };
    if (!(await shouldCall(hook, current, deps))) continue;
    let response: ReviewResponse;
    try {
      response = await callHook(hook, current, deps, true);
    } catch (err) {
      if (!isWebhookCallError(err)) throw err;
      if (hook.failurePolicy === 'Ignore') {
        failedOpen('mutating', round, index, hook, err, sink);
        continue;
      }
      throw webhookCallFailed(err);
    }
    if (!response.allowed) throw webhookDenied(hook.name, response.status);
    collect(hook, response, sink);
    let changed = false;
    // A patch needs an object to apply to; on DELETE there is none and it is dropped.
    if (response.patch !== undefined && object !== null) {
      let patched: JsonValue;
      try {
        // Objects in admission are plain JSON decoded from a request or read from storage.
        patched = applyJsonPatch(object as unknown as JsonValue, response.patch as JsonValue);
      } catch (err) {
        throw statusErrors.internalError(isPatchError(err) ? err.detail : err);
      }
      changed = !jsonEqual(patched, object as unknown as JsonValue);
      object = patched as unknown as RegistryObject;
    }
    sink.annotate(
      `mutation.webhook.admission.k8s.io/round_${round}_index_${index}`,
      JSON.stringify({ configuration: hook.configuration, webhook: hook.name, mutated: changed }),
    );
    reinvocation.ran(hook, changed);
  }
  return object;
}

/** Calls every matching validating webhook concurrently; the first rejection in webhook order wins. */
export async function runValidatingWebhooks(
  hooks: readonly Hook[],
  attrs: AdmissionAttributes,
  deps: CallDeps,
  sink: WebhookSink,
): Promise<void> {
  if (isExemptFromWebhooks(attrs)) return;
  type Outcome = { response: ReviewResponse } | { error: unknown } | null;
  const outcomes: Outcome[] = await Promise.all(
    hooks.map(async (hook): Promise<Outcome> => {
      try {
        if (!(await shouldCall(hook, attrs, deps))) return null;
        return { response: await callHook(hook, attrs, deps, false) };
      } catch (error) {
        return { error };
      }
    }),
  );
  let rejection: unknown;
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome === null) continue;
    const hook = hooks[index]!;
    if ('error' in outcome) {
      const err = outcome.error;
      if (isWebhookCallError(err) && hook.failurePolicy === 'Ignore') failedOpen('validating', 0, index, hook, err, sink);
      else rejection ??= isWebhookCallError(err) ? webhookCallFailed(err) : err;
      continue;
    }
    collect(hook, outcome.response, sink);
    if (!outcome.response.allowed) rejection ??= webhookDenied(hook.name, outcome.response.status);
  }
  if (rejection !== undefined) throw rejection;
}
