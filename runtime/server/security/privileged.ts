// kube-apiserver puts an authorizer for system:masters in front of every configured mode, so
// the admin credential works whatever the RBAC objects say (and before they exist).
import type { Authorizer } from '../../auth/index.js';

export const PRIVILEGED_GROUP = 'system:masters';

export function withPrivilegedGroup(next: Authorizer): Authorizer {
  return {
    authorize(attributes) {
      if ((attributes.user.groups ?? []).includes(PRIVILEGED_GROUP)) return { decision: 'allow', reason: '' };
      return next.authorize(attributes);
    },
  };
}
