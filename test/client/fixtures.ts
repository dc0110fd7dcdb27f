// Resource refs and helpers the client tests share.
import type { ResourceDescriptor } from '../../runtime/api/index.js';
import type { ResourceRef } from '../../runtime/client/index.js';

/** Compile-time check: a generated descriptor can be handed to the client as its ResourceRef. */
export const refOfDescriptor = (descriptor: ResourceDescriptor): ResourceRef => descriptor;

export const configmaps: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', scope: 'Namespaced', kind: 'ConfigMap', listKind: 'ConfigMapList' };
export const namespaces: ResourceRef = { group: '', version: 'v1', plural: 'namespaces', scope: 'Cluster', kind: 'Namespace', listKind: 'NamespaceList' };
export const widgets: ResourceRef = { group: 'example.com', version: 'v1', plural: 'widgets', scope: 'Namespaced', kind: 'Widget', listKind: 'WidgetList' };
export const gadgets: ResourceRef = { group: 'example.com', version: 'v1', plural: 'gadgets', scope: 'Cluster', kind: 'Gadget', listKind: 'GadgetList' };

export interface ConfigMap {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; labels?: { [key: string]: string } };
  data?: { [key: string]: string };
  status?: unknown;
}

export interface ConfigMapList {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: ConfigMap[];
}

/** Waits until `check` returns true, polling; fails after `deadlineMs` (a hang guard, not a timing claim). */
export async function until(check: () => boolean, what: string, deadlineMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > deadlineMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A sleep that records what was asked and returns at once, for retry/backoff tests. */
export function recordingSleep(): { delays: number[]; sleep: (ms: number, signal?: AbortSignal) => Promise<void> } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      delays.push(ms);
      await new Promise((r) => setImmediate(r));
    },
  };
}
