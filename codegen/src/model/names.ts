// Identifier rules for emitted code. Schema names become exported type names, so names that
// would shadow a keyword or a global the generated code relies on are refused up front
// (Prisma's denylist habit) instead of producing output that fails to compile.

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield any boolean number string symbol ' +
    'unknown never object undefined type declare namespace module keyof readonly infer is asserts await async of ' +
    'Array Object String Number Boolean Symbol Function Record Partial Readonly Required Pick Omit'
  ).split(' '),
);

export function isReservedName(name: string): boolean {
  return RESERVED.has(name);
}

export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/** Folder `rbac.authorization.k8s.io/v1` -> namespace alias `rbac_authorization_k8s_io_v1`. */
export function folderAlias(folder: string): string {
  return folder.replace(/[^A-Za-z0-9]+/g, '_');
}

/** `Deployment` -> `deployment`; the file name of a kind's per-resource module. */
export function kindFileName(kind: string): string {
  return kind.toLowerCase();
}
