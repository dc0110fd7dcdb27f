// PATCH: read the current object, apply the patch by its media type, and write the result as
// an update. A resourceVersion inside the patch is the client's precondition (a conflict is
// returned); without one, a conflict with a concurrent writer is retried on a fresh read, as
// kube's patcher does.
import type { ResourceDescriptor } from '../../api/index.js';
import { isStatusError, statusErrors } from '../../errors/index.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError, type JsonValue } from '../../patch/index.js';
import type { ApiObject } from '../resource-handlers.js';
import { bodyMediaType, parseJsonBody } from '../decode-body.js';

export interface PatchRequest {
  readonly descriptor: ResourceDescriptor;
  readonly contentType: string | undefined;
  readonly body: Buffer;
  readonly custom: boolean;
  readonly subresource: string;
  get(): Promise<ApiObject>;
  update(obj: ApiObject): Promise<{ object: ApiObject; warnings: readonly string[] }>;
  /** Field validation of the patched object: it without unknown fields and the warnings, or a thrown 400 in Strict mode. */
  checkUnknown(obj: ApiObject): { obj: ApiObject; warnings: string[] };
  /** The kind of a subresource that answers another kind (Scale). */
  readonly kind?: { group: string; version: string; kind: string };
}

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
const APPLY_PATCH = 'application/apply-patch+yaml';
const MAX_ATTEMPTS = 5;

export function acceptedPatchTypes(custom: boolean): string[] {
  return custom ? [JSON_PATCH, MERGE_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH];
}

export async function applyPatchRequest(req: PatchRequest): Promise<{ object: ApiObject; warnings: string[] }> {
  const mediaType = bodyMediaType(req.contentType);
  const supported = [JSON_PATCH, MERGE_PATCH, ...(req.custom ? [] : [STRATEGIC_PATCH])];
  if (!supported.includes(mediaType)) throw statusErrors.unsupportedMediaType(acceptedPatchTypes(req.custom));
  const patch = parseJsonBody(req.body) as JsonValue;
  const clientPrecondition = mentionsResourceVersion(mediaType, patch);
  // The scale and other foreign-kind subresources carry no patch metadata of the parent kind.
  const fields = req.kind ? {} : req.descriptor.fields;

  for (let attempt = 1; ; attempt++) {
    const current = await req.get();
    let patched: JsonValue;
    try {
      const doc = current as unknown as JsonValue;
      if (mediaType === JSON_PATCH) patched = applyJsonPatch(doc, patch);
      else if (mediaType === MERGE_PATCH) patched = applyMergePatch(doc as never, patch);
      else patched = applyStrategicMergePatch(doc as never, patch, fields);
    } catch (err) {
      if (err instanceof PatchError) throw patchStatus(err);
      throw err;
    }
    if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) {
      throw statusErrors.badRequest('the patched object is not a JSON object');
    }
    const checked = req.checkUnknown(patched as unknown as ApiObject);
    const obj = checked.obj;
    const name = current.metadata?.name;
    if (obj.metadata?.name !== undefined && obj.metadata.name !== name) {
      throw statusErrors.badRequest(`the name of the object (${String(obj.metadata.name)}) does not match the name on the URL (${String(name)})`);
    }
    const warnings = checked.warnings;
    try {
      const result = await req.update(obj);
      return { object: result.object, warnings: [...warnings, ...result.warnings] };
    } catch (err) {
      const retry = !clientPrecondition && attempt < MAX_ATTEMPTS && isStatusError(err) && err.reason === 'Conflict';
      if (!retry) throw err;
    }
  }
}

function mentionsResourceVersion(mediaType: string, patch: JsonValue): boolean {
  if (mediaType === JSON_PATCH) {
    return Array.isArray(patch) && patch.some((op) => typeof op === 'object' && op !== null && !Array.isArray(op) && op['path'] === '/metadata/resourceVersion');
  }
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return false;
  const meta = patch['metadata'];
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta) && typeof meta['resourceVersion'] === 'string';
}

/** The engine already knows kube's answer: its status code, reason and message. */
function patchStatus(err: PatchError) {
  return statusErrors.failure(err.code, err.reason, err.message);
}
