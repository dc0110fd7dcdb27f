// Definition names and operation IDs, spelled as kube-apiserver spells them for custom
// resources so clients that look schemas up by name find them.

/** `example.com`, `v1`, `Widget` -> `com.example.v1.Widget` (the group's labels reversed). */
export function definitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const OBJECT_META = `${META}.ObjectMeta`;
export const LIST_META = `${META}.ListMeta`;
export const STATUS = `${META}.Status`;
export const DELETE_OPTIONS = `${META}.DeleteOptions`;
export const PATCH = `${META}.Patch`;
export const SCALE = 'io.k8s.api.autoscaling.v1.Scale';

/** Drops `.`, `-` and `/` and capitalizes what followed them: `stable.example.com` -> `StableExampleCom`. */
function camel(word: string, capitalizeFirst: boolean): string {
  const joined = word.replace(/[.\-/]+(.)/g, (_, c: string) => c.toUpperCase());
  return capitalizeFirst ? joined.charAt(0).toUpperCase() + joined.slice(1) : joined;
}

/** `list` + `NamespacedWidget` under group/version -> `listStableExampleComV1NamespacedWidget`. */
export function operationId(verb: string, rest: string, group: string, version: string): string {
  const g = group.replace(/\.k8s\.io$/, '');
  return `${verb}${camel(g, true)}${camel(version, true)}${rest}`;
}

/** The tag kube files a group version's operations under: `stableExampleCom_v1`. */
export function operationTag(group: string, version: string): string {
  return `${camel(group.replace(/\.k8s\.io$/, ''), false)}_${camel(version, false)}`;
}
