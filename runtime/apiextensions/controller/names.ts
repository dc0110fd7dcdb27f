// kube's naming rules for CRDs: a name a CRD asks for is granted unless another CRD of the
// same group (or a built-in resource of it) already holds it; the names already granted to a
// CRD stay its own. The reasons and messages are kube's.
import type { CustomResourceDefinition, CustomResourceDefinitionCondition, CustomResourceDefinitionNames } from '../crd.js';

export interface TakenNames {
  /** Plurals, singulars and short names held by others in the group. */
  readonly resources: ReadonlySet<string>;
  /** Kinds and list kinds held by others in the group. */
  readonly kinds: ReadonlySet<string>;
}

export interface NamingResult {
  readonly acceptedNames: CustomResourceDefinitionNames;
  readonly namesAccepted: CustomResourceDefinitionCondition;
}

/** Names held by `others` (CRDs, by their accepted names) and by built-in resources. */
export function takenNames(
  others: readonly CustomResourceDefinition[],
  builtins: readonly { plural: string; singular: string; shortNames: readonly string[]; kind: string; listKind: string }[],
): TakenNames {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const crd of others) {
    const n = crd.status?.acceptedNames;
    if (!n) continue;
    for (const r of [n.plural, n.singular ?? '', ...(n.shortNames ?? [])]) if (r) resources.add(r);
    for (const k of [n.kind, n.listKind ?? '']) if (k) kinds.add(k);
  }
  for (const b of builtins) {
    for (const r of [b.plural, b.singular, ...b.shortNames]) if (r) resources.add(r);
    for (const k of [b.kind, b.listKind]) if (k) kinds.add(k);
  }
  return { resources, kinds };
}

function conflict(requested: string, accepted: string, used: ReadonlySet<string>): string | null {
  if (requested === accepted || !used.has(requested)) return null;
  return `"${requested}" is already in use`;
}

export function acceptNames(crd: CustomResourceDefinition, taken: TakenNames): NamingResult {
  const requested = crd.spec.names;
  const accepted: CustomResourceDefinitionNames = crd.status?.acceptedNames ?? { plural: '', kind: '' };
  const next: { -readonly [K in keyof CustomResourceDefinitionNames]: CustomResourceDefinitionNames[K] } = { ...accepted };
  let failed: { reason: string; message: string } | null = null;

  const plural = conflict(requested.plural, accepted.plural, taken.resources);
  if (plural) failed = { reason: 'PluralConflict', message: plural };
  else next.plural = requested.plural;

  const singular = conflict(requested.singular ?? '', accepted.singular ?? '', taken.resources);
  if (singular) failed = { reason: 'SingularConflict', message: singular };
  else if (requested.singular !== undefined) next.singular = requested.singular;

  const wantShort = requested.shortNames ?? [];
  if (JSON.stringify(wantShort) !== JSON.stringify(accepted.shortNames ?? [])) {
    const own = new Set(accepted.shortNames ?? []);
    const errs = wantShort.filter((s) => !own.has(s)).map((s) => conflict(s, '', taken.resources)).filter((e): e is string => e !== null);
    if (errs.length > 0) failed = { reason: 'ShortNamesConflict', message: errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]` };
    else if (requested.shortNames !== undefined) next.shortNames = requested.shortNames;
  }

  const kind = conflict(requested.kind, accepted.kind, taken.kinds);
  if (kind) failed = { reason: 'KindConflict', message: kind };
  else next.kind = requested.kind;

  const listKind = conflict(requested.listKind ?? '', accepted.listKind ?? '', taken.kinds);
  if (listKind) failed = { reason: 'ListKindConflict', message: listKind };
  else if (requested.listKind !== undefined) next.listKind = requested.listKind;

  if (requested.categories !== undefined) next.categories = requested.categories;
  else delete next.categories;

  const namesAccepted: CustomResourceDefinitionCondition = failed
    ? { type: 'NamesAccepted', status: 'False', ...failed }
    : { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };
  return { acceptedNames: orderNames(next), namesAccepted };
}

/** Field order as kube serializes CustomResourceDefinitionNames. */
function orderNames(n: CustomResourceDefinitionNames): CustomResourceDefinitionNames {
  return {
    plural: n.plural,
    ...(n.singular ? { singular: n.singular } : {}),
    ...(n.shortNames && n.shortNames.length > 0 ? { shortNames: n.shortNames } : {}),
    kind: n.kind,
    ...(n.listKind ? { listKind: n.listKind } : {}),
    ...(n.categories && n.categories.length > 0 ? { categories: n.categories } : {}),
  };
}
