// Attributes from the request-info record the filter chain already parsed (its fields are
// matched structurally, so this module does not depend on the server's).
import type { UserInfo } from '../../registry/index.js';
import type { Attributes } from './attributes.js';

export interface RequestInfoLike {
  readonly isResourceRequest: boolean;
  readonly path: string;
  readonly verb: string;
  readonly apiGroup?: string;
  readonly apiVersion?: string;
  readonly namespace?: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly name?: string;
}

export function attributesFor(user: UserInfo, info: RequestInfoLike): Attributes {
  if (!info.isResourceRequest) return { user, isResourceRequest: false, verb: info.verb, path: info.path };
  return {
    user,
    isResourceRequest: true,
    verb: info.verb,
    apiGroup: info.apiGroup ?? '',
    apiVersion: info.apiVersion ?? '',
    namespace: info.namespace ?? '',
    resource: info.resource ?? '',
    subresource: info.subresource ?? '',
    name: info.name ?? '',
  };
}
