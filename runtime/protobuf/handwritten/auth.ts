// TEMPORARY SCAFFOLDING (see meta.ts): the review kinds `kubectl auth can-i` and
// `kubectl auth whoami` send.
import type { MessageDescriptor } from '../descriptor.js';
import { ObjectMeta } from './meta.js';

function selectorRequirement(name: string): MessageDescriptor {
  return {
    name,
    fields: [
      { json: 'key', tag: 1, type: 'string' },
      { json: 'operator', tag: 2, type: 'string' },
      { json: 'values', tag: 3, type: 'string', repeated: true },
    ],
  };
}

export const FieldSelectorRequirement = selectorRequirement('io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement');
export const LabelSelectorRequirement = selectorRequirement('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement');

export const FieldSelectorAttributes: MessageDescriptor = {
  name: 'io.k8s.api.authorization.v1.FieldSelectorAttributes',
  fields: [
    { json: 'rawSelector', tag: 1, type: 'string' },
    { json: 'requirements', tag: 2, type: 'message', repeated: true, message: () => FieldSelectorRequirement },
  ],
};

export const LabelSelectorAttributes: MessageDescriptor = {
  name: 'io.k8s.api.authorization.v1.LabelSelectorAttributes',
  fields: [
    { json: 'rawSelector', tag: 1, type: 'string' },
    { json: 'requirements', tag: 2, type: 'message', repeated: true, message: () => LabelSelectorRequirement },
  ],
};

export const ResourceAttributes: MessageDescriptor = {
  name: 'io.k8s.api.authorization.v1.ResourceAttributes',
  fields: [
    { json: 'namespace', tag: 1, type: 'string' },
    { json: 'verb', tag: 2, type: 'string' },
    { json: 'group', tag: 3, type: 'string' },
    { json: 'version', tag: 4, type: 'string' },
    { json: 'resource', tag: 5, type: 'string' },
    { json: 'subresource', tag: 6, type: 'string' },
    { json: 'name', tag: 7, type: 'string' },
    { json: 'fieldSelector', tag: 8, type: 'message', message: () => FieldSelectorAttributes },
    { json: 'labelSelector', tag: 9, type: 'message', message: () => LabelSelectorAttributes },
  ],
};

export const NonResourceAttributes: MessageDescriptor = {
  name: 'io.k8s.api.authorization.v1.NonResourceAttributes',
  fields: [
    { json: 'path', tag: 1, type: 'string' },
    { json: 'verb', tag: 2, type: 'string' },
  ],
};

export const SelfSubjectAccessReviewSpec: MessageDescriptor = {
  name: 'io.k8s.api.authorization.v1.SelfSubjectAccessReviewSpec',
  fields: [
    { json: 'resourceAttributes', tag: 1, type: 'message', message: () => ResourceAttributes },
    { json: 'nonResourceAttributes', tag: 2, type: 'message', message: () => NonResourceAttributes },
  ],
};

export const SubjectAccessReviewStatus: MessageDescriptor = {
  name: 'io.k8s.api.authorization.v1.SubjectAccessReviewStatus',
  fields: [
    { json: 'allowed', tag: 1, type: 'bool' },
    { json: 'reason', tag: 2, type: 'string' },
    { json: 'evaluationError', tag: 3, type: 'string' },
    { json: 'denied', tag: 4, type: 'bool' },
  ],
};

export const SelfSubjectAccessReview: MessageDescriptor = {
  name: 'io.k8s.api.authorization.v1.SelfSubjectAccessReview',
  fields: [
    { json: 'metadata', tag: 1, type: 'message', message: () => ObjectMeta },
    { json: 'spec', tag: 2, type: 'message', message: () => SelfSubjectAccessReviewSpec },
    { json: 'status', tag: 3, type: 'message', message: () => SubjectAccessReviewStatus },
  ],
};

export const UserInfo: MessageDescriptor = {
  name: 'io.k8s.api.authentication.v1.UserInfo',
  fields: [
    { json: 'username', tag: 1, type: 'string' },
    { json: 'uid', tag: 2, type: 'string' },
    { json: 'groups', tag: 3, type: 'string', repeated: true },
    { json: 'extra', tag: 4, type: 'string', map: true, mapValue: 'extra-value' },
  ],
};

export const SelfSubjectReviewStatus: MessageDescriptor = {
  name: 'io.k8s.api.authentication.v1.SelfSubjectReviewStatus',
  fields: [{ json: 'userInfo', tag: 1, type: 'message', message: () => UserInfo }],
};

export const SelfSubjectReview: MessageDescriptor = {
  name: 'io.k8s.api.authentication.v1.SelfSubjectReview',
  fields: [
    { json: 'metadata', tag: 1, type: 'message', message: () => ObjectMeta },
    { json: 'status', tag: 2, type: 'message', message: () => SelfSubjectReviewStatus },
  ],
};
