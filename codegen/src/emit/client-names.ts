// Names the client emitters give to things: per-kind identifiers, clientset members and
// group/version aliases. Every bare identifier carries a suffix (`...Client`, `...Ref`,
// `...Informer`), so a kind called `Namespace` or `Function` cannot produce a keyword or a
// global; member names are only ever used as property names, where keywords are legal.
import type { Resource } from '../model/index.js';
import { kindFileName } from '../model/index.js';
import { kindVarName } from './resources.js';

/** `foo-bar.baz` -> `fooBarBaz`; an identifier whatever the input. */
export function camelize(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const out = words.map((w, i) => (i === 0 ? w[0]!.toLowerCase() + w.slice(1) : w[0]!.toUpperCase() + w.slice(1))).join('');
  return /^[0-9]/.test(out) || out === '' ? `_${out}` : out;
}

export function pascalize(text: string): string {
  const c = camelize(text).replace(/^_/, '');
  return c[0]!.toUpperCase() + c.slice(1);
}

export interface KindNames {
  /** `ConfigMapClient` */
  readonly client: string;
  /** `ConfigMapClientExpansion` */
  readonly expansion: string;
  /** `configMapRef` */
  readonly ref: string;
  /** `configMapInformer` */
  readonly informer: string;
  /** `configMapLister` */
  readonly lister: string;
  /** `configMaps`: the kind's member of its group/version clientset and informers. */
  readonly member: string;
  readonly clientFile: string;
  readonly informerFile: string;
  readonly listerFile: string;
}

/**
 * The member name keeps the kind's word breaks and takes the plural's ending:
 * ConfigMap/configmaps -> configMaps, NetworkPolicy/networkpolicies -> networkPolicies.
 */
export function memberName(r: Resource): string {
  const varName = kindVarName(r.kind);
  const kind = r.kind.toLowerCase();
  let common = 0;
  while (common < kind.length && common < r.plural.length && kind[common] === r.plural[common]) common++;
  if (common === 0) return camelize(r.plural);
  return camelize(varName.slice(0, common) + r.plural.slice(common));
}

export function kindNames(r: Resource): KindNames {
  const v = kindVarName(r.kind);
  const base = `${r.folder}/${kindFileName(r.kind)}`;
  return {
    client: `${r.kind}Client`,
    expansion: `${r.kind}ClientExpansion`,
    ref: `${v}Ref`,
    informer: `${v}Informer`,
    lister: `${v}Lister`,
    member: memberName(r),
    clientFile: `${base}.client.ts`,
    informerFile: `${base}.informer.ts`,
    listerFile: `${base}.lister.ts`,
  };
}

export interface GroupVersionNames {
  /** `coreV1`, `rbacV1`, `wardleV1alpha1`: the member of the clientset and informer factory. */
  readonly member: string;
  /** `CoreV1` */
  readonly pascal: string;
}

/**
 * A group is named by its first DNS label (`rbac.authorization.k8s.io` -> `rbac`, the core
 * group -> `core`), as client-go names its typed clients; groups whose first labels collide
 * are named in full instead, so no two group/versions share a member.
 */
export function groupVersionNames(gvs: readonly { group: string; version: string }[]): Map<string, GroupVersionNames> {
  const short = (g: string): string => (g === '' ? 'core' : camelize(g.split('.')[0]!));
  const groupsByShort = new Map<string, Set<string>>();
  for (const { group } of gvs) {
    const s = short(group);
    groupsByShort.set(s, (groupsByShort.get(s) ?? new Set()).add(group));
  }
  const out = new Map<string, GroupVersionNames>();
  for (const { group, version } of gvs) {
    const s = short(group);
    const g = groupsByShort.get(s)!.size > 1 ? camelize(group) : s;
    const member = `${g}${pascalize(version)}`;
    out.set(`${group}/${version}`, { member, pascal: member[0]!.toUpperCase() + member.slice(1) });
  }
  return out;
}

/** Subresources whose body is not a JSON object (logs) or that need a stream (connect). */
export function hasTypedSubresourceCalls(name: string, verbs: readonly string[]): boolean {
  return name !== 'log' && verbs.some((v) => v !== 'connect');
}
