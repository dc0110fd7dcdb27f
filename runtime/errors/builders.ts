// Constructors for the Status errors kube-apiserver answers with. Messages, reasons and codes
// are wire facts: clients (kubectl's "Error from server (NotFound): ...") print them verbatim.
import type { FieldError } from '../api/index.js';
import { fieldErrorBody, formatFieldErrors } from '../api/index.js';
import { groupKindString, groupResourceString, type GroupKind, type GroupResource } from './names.js';
import type { Status, StatusCause, StatusDetails, StatusReason } from './status.js';
import { StatusError } from './status-error.js';

export function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): StatusError {
  // Field order as kube-apiserver writes it.
  const status: Status =
    details === undefined
      ? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }
      : { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code };
  return new StatusError(status);
}

function resourceDetails(gr: GroupResource, name?: string): StatusDetails {
  const details: StatusDetails = {};
  if (name) details.name = name;
  if (gr.group) details.group = gr.group;
  details.kind = gr.resource;
  return details;
}

export const notFound = (gr: GroupResource, name: string): StatusError =>
  failure(404, 'NotFound', `${groupResourceString(gr)} "${name}" not found`, resourceDetails(gr, name));

export const alreadyExists = (gr: GroupResource, name: string): StatusError =>
  failure(409, 'AlreadyExists', `${groupResourceString(gr)} "${name}" already exists`, resourceDetails(gr, name));

/** generateName exhausted its retries (kube answers AlreadyExists with a hint). */
export const generateNameConflict = (gr: GroupResource, name: string): StatusError =>
  failure(
    409,
    'AlreadyExists',
    `${groupResourceString(gr)} "${name}" already exists, the server was not able to generate a unique name for the object`,
    resourceDetails(gr, name),
  );

export const OPTIMISTIC_LOCK_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

export const conflict = (gr: GroupResource, name: string, why: string): StatusError =>
  failure(409, 'Conflict', `Operation cannot be fulfilled on ${groupResourceString(gr)} "${name}": ${why}`, resourceDetails(gr, name));

export function invalid(gk: GroupKind, name: string, errors: readonly FieldError[]): StatusError {
  const causes: StatusCause[] = errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  const details: StatusDetails = {};
  if (name) details.name = name;
  if (gk.group) details.group = gk.group;
  details.kind = gk.kind;
  details.causes = causes;
  return failure(422, 'Invalid', `${groupKindString(gk)} "${name}" is invalid: ${formatFieldErrors(dedupe(errors))}`, details);
}

function dedupe(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${fieldErrorBody(e)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const badRequest = (message: string): StatusError => failure(400, 'BadRequest', message);

export const unauthorized = (message = 'Unauthorized'): StatusError => failure(401, 'Unauthorized', message);

/** `configmaps is forbidden: <why>` or `configmaps "x" is forbidden: <why>`. */
export function forbidden(gr: GroupResource, name: string, why: string): StatusError {
  const subject = name ? `${groupResourceString(gr)} "${name}"` : groupResourceString(gr);
  return failure(403, 'Forbidden', `${subject} is forbidden: ${why}`, resourceDetails(gr, name));
}

/** Forbidden for a non-resource URL, e.g. `forbidden: User "x" cannot get path "/metrics"`. */
export const forbiddenPath = (why: string): StatusError => failure(403, 'Forbidden', `forbidden: ${why}`, {});

export const methodNotSupported = (gr: GroupResource, action: string): StatusError =>
  failure(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${groupResourceString(gr)}"`, {
    ...(gr.group ? { group: gr.group } : {}),
    kind: gr.resource,
  });

export const notAcceptable = (accepted: readonly string[]): StatusError =>
  failure(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);

export const unsupportedMediaType = (accepted: readonly string[]): StatusError =>
  failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );

export const expired = (message: string): StatusError => failure(410, 'Expired', message);

export const gone = (message: string): StatusError => failure(410, 'Gone', message);

export const requestEntityTooLarge = (limitBytes: number): StatusError =>
  failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limitBytes}`);

export const tooManyRequests = (retryAfterSeconds = 1): StatusError =>
  failure(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });

export const internalError = (cause: unknown): StatusError => {
  const message = cause instanceof Error ? cause.message : String(cause);
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
};

export const serverTimeout = (gr: GroupResource, operation: string, retryAfterSeconds = 2): StatusError =>
  failure(
    500,
    'ServerTimeout',
    `The ${operation} operation against ${groupResourceString(gr)} could not be completed at this time, please try again.`,
    { ...(gr.group ? { group: gr.group } : {}), kind: gr.resource, retryAfterSeconds },
  );

export const timeout = (message: string, retryAfterSeconds = 0, causes?: StatusCause[]): StatusError =>
  failure(504, 'Timeout', `Timeout: ${message}`, {
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    ...(causes ? { causes } : {}),
  });

export const serviceUnavailable = (message: string): StatusError => failure(503, 'ServiceUnavailable', message);

/** The 404 for URLs no link of the server chain serves. */
export const pathNotFound = (): StatusError => failure(404, 'NotFound', 'the server could not find the requested resource', {});

export const CONTINUE_EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';
