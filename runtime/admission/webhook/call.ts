// Whether a webhook is called for a request, and the call itself. Every way a call can fail
// becomes a WebhookCallError, which failurePolicy then judges; a webhook that refuses dry-run
// requests is refused before any call, regardless of failurePolicy.
import type { Agent } from 'node:https';
import type { AdmissionAttributes } from '../attributes.js';
import { dryRunUnsupported, WebhookCallError } from '../errors.js';
import { postReview, type ServiceResolver } from './client.js';
import type { Hook } from './hooks.js';
import { buildReview, readReview, reviewVersionFor, type ReviewResponse } from './review.js';
import { anyRuleMatches } from './rules.js';
import { namespaceSelectorMatches, objectSelectorMatches, type NamespaceLabelsLookup } from './selectors.js';

export interface CallDeps {
  readonly agent: Agent;
  readonly resolveService?: ServiceResolver;
  readonly namespaceLabels?: NamespaceLabelsLookup;
}

/**
 * Rules first (cheap, and most webhooks fail them), then the object's labels, then the
 * namespace's (which may need a lookup). matchConditions are CEL and not evaluated.
 */
export async function shouldCall(hook: Hook, attrs: AdmissionAttributes, deps: CallDeps): Promise<boolean> {
  if (!anyRuleMatches(hook.rules, attrs)) return false;
  if (hook.invalid !== undefined) return true; // called, to fail per failurePolicy
  if (!objectSelectorMatches(hook.objectSelector, attrs)) return false;
  return namespaceSelectorMatches(hook.namespaceSelector, attrs, deps.namespaceLabels);
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function httpFailure(statusCode: number, body: string): string {
  try {
    const doc: unknown = JSON.parse(body);
    if (typeof doc === 'object' && doc !== null && 'message' in doc && typeof doc.message === 'string' && doc.message) {
      return `failed to call webhook: ${doc.message}`;
    }
  } catch {
    // not JSON: fall through to the bare status
  }
  return `failed to call webhook: the server responded with HTTP ${statusCode}`;
}

export async function callHook(hook: Hook, attrs: AdmissionAttributes, deps: CallDeps, mutating: boolean): Promise<ReviewResponse> {
  if (attrs.dryRun === true && hook.sideEffects !== 'None' && hook.sideEffects !== 'NoneOnDryRun') {
    throw dryRunUnsupported(hook.name);
  }
  if (hook.invalid !== undefined) throw new WebhookCallError(hook.name, hook.invalid);
  const version = reviewVersionFor(hook.admissionReviewVersions);
  if (version === null) {
    throw new WebhookCallError(hook.name, 'webhook does not accept v1 or v1beta1 AdmissionReview');
  }
  const review = buildReview(attrs, version);
  let reply;
  try {
    reply = await postReview({
      config: hook.clientConfig,
      timeoutSeconds: hook.timeoutSeconds,
      body: review.body,
      agent: deps.agent,
      ...(deps.resolveService ? { resolveService: deps.resolveService } : {}),
    });
  } catch (err) {
    throw new WebhookCallError(hook.name, `failed to call webhook: ${message(err)}`);
  }
  if (reply.statusCode < 200 || reply.statusCode > 299) {
    throw new WebhookCallError(hook.name, httpFailure(reply.statusCode, reply.body));
  }
  try {
    return readReview(reply.body, review, mutating);
  } catch (err) {
    throw new WebhookCallError(hook.name, message(err));
  }
}
