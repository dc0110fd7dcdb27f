// Configurations flattened into the ordered list of webhooks admission calls: configurations
// by name, then each configuration's webhooks in their listed order (kube's order), with
// selectors compiled once per change of the source.
import type {
  MutatingWebhook,
  ValidatingWebhook,
  WebhookClientConfig,
  RuleWithOperations,
} from '../../../generated/admissionregistration.k8s.io/v1/index.js';
import type { LabelSelector } from '../../selection/index.js';
import { compileSelector } from './selectors.js';
import type { WebhookConfigurations, WebhookSource } from './source.js';

export const DEFAULT_TIMEOUT_SECONDS = 10;
export const MAX_TIMEOUT_SECONDS = 30;

export interface Hook {
  /** Unique within one list: configuration name and position. */
  readonly uid: string;
  readonly configuration: string;
  readonly name: string;
  readonly rules: readonly RuleWithOperations[];
  readonly clientConfig: WebhookClientConfig;
  readonly failurePolicy: 'Fail' | 'Ignore';
  readonly sideEffects: string;
  readonly timeoutSeconds: number;
  readonly admissionReviewVersions: readonly string[];
  readonly reinvoke: boolean;
  /** null: selects everything. */
  readonly namespaceSelector: LabelSelector | null;
  readonly objectSelector: LabelSelector | null;
  /** Why the webhook cannot be used (a selector kube would refuse); calling it fails per failurePolicy. */
  readonly invalid?: string;
}

type AnyWebhook = MutatingWebhook | ValidatingWebhook;

function compile(configuration: string, index: number, w: AnyWebhook): Hook {
  let namespaceSelector: LabelSelector | null = null;
  let objectSelector: LabelSelector | null = null;
  let invalid: string | undefined;
  try {
    namespaceSelector = compileSelector(w.namespaceSelector);
    objectSelector = compileSelector(w.objectSelector);
  } catch (err) {
    invalid = `invalid selector: ${err instanceof Error ? err.message : String(err)}`;
  }
  const timeout = w.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  return {
    uid: `${configuration}/${w.name}/${index}`,
    configuration,
    name: w.name,
    rules: w.rules ?? [],
    clientConfig: w.clientConfig ?? {},
    failurePolicy: w.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail',
    sideEffects: w.sideEffects ?? '',
    timeoutSeconds: Math.min(Math.max(timeout, 1), MAX_TIMEOUT_SECONDS),
    admissionReviewVersions: w.admissionReviewVersions ?? [],
    reinvoke: 'reinvocationPolicy' in w && w.reinvocationPolicy === 'IfNeeded',
    namespaceSelector,
    objectSelector,
    ...(invalid !== undefined ? { invalid } : {}),
  };
}

function flatten(configs: readonly { metadata?: { name?: string }; webhooks?: readonly AnyWebhook[] }[]): Hook[] {
  const byName = [...configs].sort((a, b) => {
    const x = a.metadata?.name ?? '';
    const y = b.metadata?.name ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return byName.flatMap((c) => (c.webhooks ?? []).map((w, i) => compile(c.metadata?.name ?? '', i, w)));
}

export interface CompiledHooks {
  readonly mutating: readonly Hook[];
  readonly validating: readonly Hook[];
}

/** Compiled hooks of a source, recompiled only when the source reports a new snapshot. */
export function hookCache(source: WebhookSource | undefined): () => CompiledHooks {
  let seen: WebhookConfigurations | null = null;
  let hooks: CompiledHooks = { mutating: [], validating: [] };
  return () => {
    if (source === undefined) return hooks;
    const now = source.current();
    if (now !== seen) {
      seen = now;
      hooks = { mutating: flatten(now.mutating), validating: flatten(now.validating) };
    }
    return hooks;
  };
}
