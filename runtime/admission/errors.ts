// The Status errors admission answers with. Messages, codes and reasons are kube-apiserver's
// (wire facts clients print): plugin rejections are 403 Forbidden, webhook denials carry the
// webhook's own status, failures to reach a webhook are 500 InternalError.
import { StatusError, statusErrors, type Status, type StatusDetails, type StatusReason } from '../errors/index.js';
import type { AdmissionAttributes } from './attributes.js';

/** kube's admission.NewForbidden: `<resource> "<name>" is forbidden: <why>`. */
export function forbidden(attrs: AdmissionAttributes, why: string): StatusError {
  const gr = { group: attrs.resource.group, resource: attrs.resource.resource };
  return statusErrors.forbidden(gr, attrs.name ?? '', why);
}

/** The status a webhook's response carries, as far as admission reads it. */
export interface WebhookStatus {
  readonly code?: number;
  readonly reason?: string;
  readonly message?: string;
  readonly details?: StatusDetails;
}

/**
 * A webhook said allowed: false. Its code is kept when it is an error code (else 400), its
 * reason and details are passed through, and the message names the webhook.
 */
export function webhookDenied(webhook: string, status: WebhookStatus | undefined): StatusError {
  const deniedBy = `admission webhook "${webhook}" denied the request`;
  const code = typeof status?.code === 'number' && status.code >= 400 ? status.code : 400;
  const message = status?.message
    ? `${deniedBy}: ${status.message}`
    : status?.reason
      ? `${deniedBy}: ${status.reason}`
      : `${deniedBy} without explanation`;
  const body: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    // A webhook may answer any reason string; kube passes it through unchanged.
    reason: (status?.reason ?? '') as StatusReason,
    ...(status?.details !== undefined ? { details: status.details } : {}),
    code,
  };
  return new StatusError(body);
}

/** Why a call to a webhook failed; failurePolicy decides whether the request fails with it. */
export class WebhookCallError extends Error {
  constructor(
    readonly webhook: string,
    readonly reason: string,
  ) {
    super(`failed calling webhook "${webhook}": ${reason}`);
    this.name = 'WebhookCallError';
  }
}

export function isWebhookCallError(err: unknown): err is WebhookCallError {
  return err instanceof WebhookCallError;
}

/** failurePolicy Fail: 500 `Internal error occurred: failed calling webhook "<name>": ...`. */
export const webhookCallFailed = (err: WebhookCallError): StatusError => statusErrors.internalError(err);

/** A dry-run request meets a webhook that may have side effects: refused, whatever failurePolicy says. */
export const dryRunUnsupported = (webhook: string): StatusError =>
  statusErrors.badRequest(`admission webhook "${webhook}" does not support dry run`);

/** Anything a plugin throws that is not a StatusError. */
export function asStatusError(err: unknown): StatusError {
  return err instanceof StatusError ? err : statusErrors.internalError(err);
}
