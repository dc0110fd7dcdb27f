// Authorization: the request-info record as attributes; anything but an allow is a 403 with
// kube's message (authentication has already passed, so never a 401 here).
import { attributesFor, forbiddenError, type Authorizer } from '../../auth/index.js';
import type { UserInfo } from '../../registry/index.js';
import type { RequestInfo } from '../request-info.js';

export function authorizeRequest(user: UserInfo, info: RequestInfo, authorizer: Authorizer): void {
  const attributes = attributesFor(user, info);
  const result = authorizer.authorize(attributes);
  if (result.decision !== 'allow') throw forbiddenError(attributes, result.reason);
}
