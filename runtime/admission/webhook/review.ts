// AdmissionReview (admission.k8s.io/v1, or v1beta1 for a webhook that only accepts that) as
// sent to a webhook, and the checks kube makes on the answer before believing it.
import { randomUUID } from 'node:crypto';
import type { StatusDetails } from '../../errors/index.js';
import type { AdmissionAttributes } from '../attributes.js';
import type { WebhookStatus } from '../errors.js';

const SUPPORTED = ['v1', 'v1beta1'] as const;
type ReviewVersion = (typeof SUPPORTED)[number];

/** The first version in the webhook's preference list that Capstan speaks, or null. */
export function reviewVersionFor(accepted: readonly string[]): ReviewVersion | null {
  for (const v of accepted) if ((SUPPORTED as readonly string[]).includes(v)) return v as ReviewVersion;
  return null;
}

export interface ReviewRequest {
  readonly uid: string;
  readonly version: ReviewVersion;
  readonly body: string;
}

function userInfoOf(attrs: AdmissionAttributes): Record<string, unknown> {
  const u = attrs.userInfo;
  return {
    ...(u.username ? { username: u.username } : {}),
    ...(u.uid ? { uid: u.uid } : {}),
    ...(u.groups && u.groups.length > 0 ? { groups: u.groups } : {}),
    ...(u.extra && Object.keys(u.extra).length > 0 ? { extra: u.extra } : {}),
  };
}

export function buildReview(attrs: AdmissionAttributes, version: ReviewVersion): ReviewRequest {
  const uid = randomUUID();
  const requestKind = attrs.requestKind ?? attrs.kind;
  const requestResource = attrs.requestResource ?? attrs.resource;
  const requestSubResource = attrs.requestSubResource ?? attrs.subresource ?? '';
  // Field order and omissions follow kube's AdmissionRequest JSON.
  const request = {
    uid,
    kind: attrs.kind,
    resource: attrs.resource,
    ...(attrs.subresource ? { subResource: attrs.subresource } : {}),
    requestKind,
    requestResource,
    ...(requestSubResource ? { requestSubResource } : {}),
    ...(attrs.name ? { name: attrs.name } : {}),
    ...(attrs.namespace ? { namespace: attrs.namespace } : {}),
    operation: attrs.operation,
    userInfo: userInfoOf(attrs),
    object: attrs.object ?? null,
    oldObject: attrs.oldObject ?? null,
    dryRun: attrs.dryRun === true,
    options: attrs.options ?? null,
  };
  const body = JSON.stringify({ kind: 'AdmissionReview', apiVersion: `admission.k8s.io/${version}`, request });
  return { uid, version, body };
}

export interface ReviewResponse {
  readonly allowed: boolean;
  readonly status?: WebhookStatus;
  /** Decoded JSON patch operations. */
  readonly patch?: unknown;
  readonly warnings: readonly string[];
  readonly auditAnnotations: Readonly<Record<string, string>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function statusOf(v: unknown): WebhookStatus | undefined {
  if (!isRecord(v)) return undefined;
  return {
    ...(typeof v['code'] === 'number' ? { code: v['code'] } : {}),
    ...(typeof v['reason'] === 'string' ? { reason: v['reason'] } : {}),
    ...(typeof v['message'] === 'string' ? { message: v['message'] } : {}),
    ...(isRecord(v['details']) ? { details: v['details'] as StatusDetails } : {}),
  };
}

/** Throws an Error whose message says why the answer is not a valid response to `sent`. */
export function readReview(text: string, sent: ReviewRequest, mutating: boolean): ReviewResponse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`received invalid webhook response: ${err instanceof Error ? err.message : String(err)}`);
  }
  const invalid = (why: string) => new Error(`received invalid webhook response: ${why}`);
  if (!isRecord(doc)) throw invalid('expected an AdmissionReview object');
  const expected = `admission.k8s.io/${sent.version}, Kind=AdmissionReview`;
  const got = `${String(doc['apiVersion'] ?? '')}, Kind=${String(doc['kind'] ?? '')}`;
  if (got !== expected) throw invalid(`expected webhook response of ${expected}, got ${got}`);
  const r = doc['response'];
  if (!isRecord(r)) throw invalid('webhook response was absent');
  const uid = typeof r['uid'] === 'string' ? r['uid'] : '';
  if (uid !== sent.uid) throw invalid(`expected response.uid="${sent.uid}", got "${uid}"`);
  const patch = typeof r['patch'] === 'string' ? r['patch'] : '';
  const patchType = typeof r['patchType'] === 'string' ? r['patchType'] : '';
  if (patch && !patchType) throw invalid('webhook returned response.patch but not response.patchType');
  if (!patch && patchType) throw invalid('webhook returned response.patchType but not response.patch');
  if (!mutating && patch) throw invalid('validating webhook may not return response.patch');
  if (!mutating && patchType) throw invalid('validating webhook may not return response.patchType');
  if (patchType && patchType !== 'JSONPatch') throw invalid(`webhook returned invalid response.patchType of "${patchType}"`);
  let decodedPatch: unknown;
  if (patch) {
    try {
      decodedPatch = JSON.parse(Buffer.from(patch, 'base64').toString('utf8'));
    } catch (err) {
      throw invalid(`response.patch is not a JSON patch: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const warnings = Array.isArray(r['warnings']) ? r['warnings'].filter((w): w is string => typeof w === 'string') : [];
  const annotations: Record<string, string> = {};
  if (isRecord(r['auditAnnotations'])) {
    for (const [k, v] of Object.entries(r['auditAnnotations'])) if (typeof v === 'string') annotations[k] = v;
  }
  const status = statusOf(r['status']);
  return {
    allowed: r['allowed'] === true,
    ...(status !== undefined ? { status } : {}),
    ...(decodedPatch !== undefined ? { patch: decodedPatch } : {}),
    warnings,
    auditAnnotations: annotations,
  };
}
