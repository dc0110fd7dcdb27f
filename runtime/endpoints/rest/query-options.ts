// Query parameters of resource requests, validated with kube's messages.
import { fieldErrors } from '../../api/index.js';
import { statusErrors } from '../../errors/index.js';
import type { DeleteOptionsBody, ListOptions } from '../../registry/index.js';
import type { ResourceVersionMatch } from '../../storage/index.js';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

const badParam = (message: string) => statusErrors.badRequest(message);

function integerParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badParam(`invalid value for ${name}: ${JSON.stringify(raw)}: not an integer`);
  return Number(raw);
}

function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (['true', '1', 't', 'T', 'TRUE', 'True'].includes(raw)) return true;
  if (['false', '0', 'f', 'F', 'FALSE', 'False'].includes(raw)) return false;
  throw badParam(`invalid value for ${name}: ${JSON.stringify(raw)}: not a boolean`);
}

export function listOptionsFrom(query: URLSearchParams): Omit<ListOptions, keyof import('../../registry/index.js').RequestContext> {
  const limit = integerParam(query, 'limit');
  if (limit !== undefined && limit < 0) {
    throw statusErrors.invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', [fieldErrors.invalid('limit', limit, 'must be greater than or equal to 0')]);
  }
  const match = query.get('resourceVersionMatch') || undefined;
  if (match !== undefined && match !== 'Exact' && match !== 'NotOlderThan') {
    throw statusErrors.invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', [
      fieldErrors.notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan']),
    ]);
  }
  const out: { -readonly [K in keyof ListOptions]?: ListOptions[K] } = {};
  if (limit !== undefined && limit > 0) out.limit = limit;
  const cont = query.get('continue');
  if (cont) out.continue = cont;
  const rv = query.get('resourceVersion');
  if (rv !== null && rv !== '') out.resourceVersion = rv;
  if (match) out.resourceVersionMatch = match as ResourceVersionMatch;
  const labelSelector = query.get('labelSelector');
  if (labelSelector) out.labelSelector = labelSelector;
  const fieldSelector = query.get('fieldSelector');
  if (fieldSelector) out.fieldSelector = fieldSelector;
  return out;
}

export interface WatchQuery {
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
}

export function watchOptionsFrom(query: URLSearchParams): WatchQuery {
  const out: WatchQuery = { allowBookmarks: booleanParam(query, 'allowWatchBookmarks') ?? false };
  const rv = query.get('resourceVersion');
  if (rv !== null && rv !== '') out.resourceVersion = rv;
  const labelSelector = query.get('labelSelector');
  if (labelSelector) out.labelSelector = labelSelector;
  const fieldSelector = query.get('fieldSelector');
  if (fieldSelector) out.fieldSelector = fieldSelector;
  const sendInitialEvents = booleanParam(query, 'sendInitialEvents');
  if (sendInitialEvents !== undefined) {
    // kube: sendInitialEvents needs resourceVersionMatch=NotOlderThan and bookmarks.
    if (query.get('resourceVersionMatch') !== 'NotOlderThan' || !out.allowBookmarks) {
      throw statusErrors.invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', [
        fieldErrors.forbidden('sendInitialEvents', "sendInitialEvents is forbidden for watch unless the resourceVersionMatch is set to NotOlderThan and allowWatchBookmarks is set to true"),
      ]);
    }
    out.sendInitialEvents = sendInitialEvents;
  }
  const timeoutSeconds = integerParam(query, 'timeoutSeconds');
  if (timeoutSeconds !== undefined) out.timeoutSeconds = timeoutSeconds;
  return out;
}

export function dryRunFrom(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values) {
    if (v !== 'All') {
      throw statusErrors.invalid({ group: 'meta.k8s.io', kind: 'CreateOptions' }, '', [fieldErrors.notSupported('dryRun', values, ['All'])]);
    }
  }
  return values.length > 0;
}

export function fieldValidationFrom(query: URLSearchParams): FieldValidation {
  const raw = query.get('fieldValidation');
  if (raw === null || raw === '') return 'Warn';
  if (raw === 'Ignore' || raw === 'Warn' || raw === 'Strict') return raw;
  throw badParam(`fieldValidation: Unsupported value: "${raw}": supported values: "Ignore", "Strict", "Warn"`);
}

/** DeleteOptions from the body (kube allows a DeleteOptions body with or without kind) and query. */
export function deleteOptionsFrom(query: URLSearchParams, body: unknown): DeleteOptionsBody {
  const fromBody = body !== undefined && body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw badParam('the body of the request was not a DeleteOptions object');
  }
  const out: { -readonly [K in keyof DeleteOptionsBody]?: DeleteOptionsBody[K] } = {};
  const grace = integerParam(query, 'gracePeriodSeconds') ?? (fromBody['gracePeriodSeconds'] as number | undefined);
  if (grace !== undefined && grace !== null) out.gracePeriodSeconds = grace;
  const policy = query.get('propagationPolicy') || (fromBody['propagationPolicy'] as string | undefined);
  if (policy) out.propagationPolicy = policy;
  const orphan = booleanParam(query, 'orphanDependents') ?? (fromBody['orphanDependents'] as boolean | undefined);
  if (orphan !== undefined && orphan !== null) out.orphanDependents = orphan;
  const preconditions = fromBody['preconditions'];
  if (preconditions && typeof preconditions === 'object') out.preconditions = preconditions as DeleteOptionsBody['preconditions'];
  return out;
}

export function bodyDryRun(body: unknown): boolean {
  const dryRun = body && typeof body === 'object' ? (body as { dryRun?: unknown }).dryRun : undefined;
  return Array.isArray(dryRun) && dryRun.includes('All');
}
