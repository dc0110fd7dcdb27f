// The one error type every patch engine throws. It carries what the endpoint must answer
// (HTTP status, metav1 Status reason and message) so the handler maps it without knowing
// which engine failed. Statuses follow kube-apiserver's patch handler:
//   - a body that does not decode, or a malformed strategic-merge directive: 400 BadRequest;
//   - a JSON patch with more than 10,000 operations: 413 RequestEntityTooLarge;
//   - a JSON patch operation that does not apply (missing path, failed test, bad index):
//     422 Invalid with kube's fixed message; the specific reason is kept in `detail` only,
//     because kube does not put it on the wire either;
//   - a strategic merge patch with a list of lists: 422 Invalid, same fixed message;
//   - any other strategic-merge failure (missing merge key, unknown `$patch` value, wrong
//     directive type): 500 with an empty reason and the engine's message, which is what kube
//     answers for errors that are not API statuses (kubectl prints "Error from server: ...").
import { MAX_PATCH_DEPTH } from './limits.js';

/** `''` is metav1.StatusReasonUnknown. */
export type PatchErrorReason = 'BadRequest' | 'Invalid' | 'RequestEntityTooLarge' | '';

export class PatchError extends Error {
  /** HTTP status code for the metav1 Status. */
  readonly code: number;
  readonly reason: PatchErrorReason;
  /** What went wrong precisely; equals `message` unless kube hides it behind a fixed text. */
  readonly detail: string;

  constructor(code: number, reason: PatchErrorReason, message: string, detail: string = message) {
    super(message);
    this.name = 'PatchError';
    this.code = code;
    this.reason = reason;
    this.detail = detail;
  }
}

export function isPatchError(err: unknown): err is PatchError {
  return err instanceof PatchError;
}

/** kube's message for every 422 it builds with NewGenericServerResponse. */
export const UNPROCESSABLE_MESSAGE = 'the server rejected our request due to an error in our request';

export const badRequest = (message: string): PatchError => new PatchError(400, 'BadRequest', message);

export const unprocessable = (detail: string): PatchError =>
  new PatchError(422, 'Invalid', UNPROCESSABLE_MESSAGE, detail);

export const entityTooLarge = (message: string): PatchError =>
  new PatchError(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`, message);

export const internal = (message: string): PatchError => new PatchError(500, '', message);

/** A body nested deeper than MAX_PATCH_DEPTH, refused before any engine recurses into it. */
export const tooDeep = (): PatchError =>
  badRequest(`error decoding patch: json: exceeded max depth of ${MAX_PATCH_DEPTH} nested objects and arrays`);
