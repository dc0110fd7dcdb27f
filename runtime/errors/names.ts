// How kube names a resource or kind inside messages: "configmaps" / "roles.rbac.authorization.k8s.io"
// and "ConfigMap" / "Role.rbac.authorization.k8s.io".

export interface GroupResource {
  group: string;
  resource: string;
}

export interface GroupKind {
  group: string;
  kind: string;
}

export const groupResourceString = (gr: GroupResource): string =>
  gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;

export const groupKindString = (gk: GroupKind): string => (gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`);
