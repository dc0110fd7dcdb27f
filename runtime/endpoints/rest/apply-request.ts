// PATCH with application/apply-patch+yaml (server-side apply): the body is an apply
// configuration in YAML (JSON is YAML), checked against the URL, then handed to the store as an
// update whose body is merged onto the live object there; an absent object is created.
import { statusErrors } from '../../errors/index.js';
import type { UpdateOptions } from '../../registry/index.js';
import type { ApiObject } from '../resource-handlers.js';
import { parseYamlBody } from '../decode-body.js';
import { groupVersionOf } from './type-meta.js';

export const APPLY_PATCH_TYPE = 'application/apply-patch+yaml';

export interface ApplyRequest {
  readonly body: Buffer;
  /** The kind the URL serves. */
  readonly kind: { group: string; version: string; kind: string };
  readonly name: string;
  readonly manager: string;
  readonly force: boolean;
  /** Field validation of the configuration (unknown fields dropped, warned about, or refused). */
  checkUnknown(obj: ApiObject): { obj: ApiObject; warnings: string[] };
  update(obj: ApiObject, opts: Pick<UpdateOptions<ApiObject>, 'apply' | 'fieldManager' | 'forceAllowCreate'>): Promise<{ object: ApiObject; warnings: readonly string[]; created?: boolean }>;
}

export async function applyApplyRequest(req: ApplyRequest): Promise<{ object: ApiObject; warnings: string[]; created: boolean }> {
  const config = decodeApplyConfiguration(req.body);
  const gv = groupVersionOf(req.kind);
  const apiVersion = typeof config.apiVersion === 'string' ? config.apiVersion : '';
  if (apiVersion !== gv) {
    throw statusErrors.badRequest(`Incorrect version specified in apply patch. Specified patch version: ${apiVersion}, expected: ${gv}`);
  }
  if (config.kind !== req.kind.kind) {
    throw statusErrors.badRequest(`the kind in the data (${typeof config.kind === 'string' ? config.kind : ''}) does not match the expected kind (${req.kind.kind})`);
  }
  const meta = config.metadata;
  if (meta !== undefined && meta !== null && (typeof meta !== 'object' || Array.isArray(meta))) {
    throw statusErrors.badRequest('error decoding YAML: metadata must be an object');
  }
  if (meta?.managedFields !== undefined && meta.managedFields !== null) throw statusErrors.badRequest('metadata.managedFields must be nil');
  const name = meta?.name;
  if (name !== undefined && name !== req.name) {
    throw statusErrors.badRequest(`the name of the object (${String(name)}) does not match the name on the URL (${req.name})`);
  }
  const checked = req.checkUnknown({ ...config, metadata: { ...(meta ?? {}), name: req.name } });
  const result = await req.update(checked.obj, { fieldManager: req.manager, apply: { force: req.force }, forceAllowCreate: true });
  return { object: result.object, warnings: [...checked.warnings, ...result.warnings], created: result.created === true };
}

function decodeApplyConfiguration(body: Buffer): ApiObject {
  const value = parseYamlBody(body, 'error decoding YAML');
  // An empty document is an empty configuration, which then fails the version check.
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw statusErrors.badRequest(`error decoding YAML: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into an object`);
  }
  return value as ApiObject;
}
