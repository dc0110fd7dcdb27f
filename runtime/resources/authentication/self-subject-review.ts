// SelfSubjectReview (`kubectl auth whoami`): the caller's identity after authentication and
// impersonation, echoed in status.userInfo.
import type { ApiObject, ResourceHandlers } from '../../endpoints/resource-handlers.js';
import { statusErrors } from '../../errors/index.js';

export function selfSubjectReviewHandlers(): ResourceHandlers {
  return {
    create: async (obj, opts) => {
      const user = opts.user;
      if (!user) throw statusErrors.badRequest('no user present on request');
      const userInfo: Record<string, unknown> = { username: user.username };
      if (user.uid) userInfo['uid'] = user.uid;
      if (user.groups && user.groups.length > 0) userInfo['groups'] = [...user.groups];
      if (user.extra && Object.keys(user.extra).length > 0) userInfo['extra'] = user.extra;
      return { object: { ...obj, metadata: obj.metadata ?? {}, status: { userInfo } } as ApiObject, warnings: [] };
    },
  };
}
