// SubjectAccessReview specs -> authorizer attributes, with kube's validation of the spec.
import type { FieldError } from '../../api/field-error.js';
import type { Attributes } from '../../auth/index.js';
import { statusErrors } from '../../errors/index.js';
import type { UserInfo } from '../../registry/index.js';

export interface ReviewSpec {
  resourceAttributes?: {
    namespace?: string;
    verb?: string;
    group?: string;
    version?: string;
    resource?: string;
    subresource?: string;
    name?: string;
  };
  nonResourceAttributes?: { path?: string; verb?: string };
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';

/** Exactly one of resourceAttributes and nonResourceAttributes (kube's rule for every access review). */
export function attributesFromSpec(kind: string, spec: ReviewSpec | undefined, user: UserInfo): Attributes {
  const errors: FieldError[] = [];
  const r = spec?.resourceAttributes;
  const n = spec?.nonResourceAttributes;
  if (!r && !n) errors.push({ type: 'FieldValueRequired', field: 'spec.resourceAttributes', detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' });
  if (r && n) errors.push({ type: 'FieldValueInvalid', field: 'spec.nonResourceAttributes', badValue: n, detail: 'cannot be specified in combination with resourceAttributes' });
  if (errors.length > 0) throw statusErrors.invalid({ group: AUTHORIZATION_GROUP, kind }, '', errors);
  if (n) return { user, isResourceRequest: false, verb: n.verb ?? '', path: n.path ?? '' };
  return {
    user,
    isResourceRequest: true,
    verb: r!.verb ?? '',
    apiGroup: r!.group ?? '',
    apiVersion: r!.version ?? '',
    namespace: r!.namespace ?? '',
    resource: r!.resource ?? '',
    subresource: r!.subresource ?? '',
    name: r!.name ?? '',
  };
}

/** The subject a SubjectAccessReview names; at least a user or a group (kube's validation). */
export function subjectFromSpec(kind: string, spec: ReviewSpec | undefined): UserInfo {
  if (!spec?.user && (!spec?.groups || spec.groups.length === 0)) {
    throw statusErrors.invalid({ group: AUTHORIZATION_GROUP, kind }, '', [
      { type: 'FieldValueInvalid', field: 'spec.user', badValue: '', detail: 'at least one of user or group must be specified' },
    ]);
  }
  return {
    username: spec.user ?? '',
    ...(spec.uid ? { uid: spec.uid } : {}),
    groups: [...(spec.groups ?? [])],
    ...(spec.extra ? { extra: spec.extra } : {}),
  };
}
