// Type references from one generated client file to the kinds it names. A kind of the file's
// own folder is imported by name; a kind of another folder through that folder's namespace
// (`autoscaling_v1.Scale`), so two folders exporting the same name cannot collide.
import type { ApiModel, GroupVersionKind, NamedSchema } from '../model/index.js';
import { folderAlias } from '../model/index.js';
import { importPath } from './paths.js';

export function gvkKey(g: GroupVersionKind): string {
  return `${g.group}/${g.version}/${g.kind}`;
}

/** Named schemas by the kinds they declare; the first by name wins when several declare one. */
export function schemasByKind(model: ApiModel): Map<string, NamedSchema> {
  const out = new Map<string, NamedSchema>();
  for (const s of model.schemas.values()) {
    for (const g of s.gvks) if (!out.has(gvkKey(g))) out.set(gvkKey(g), s);
  }
  return out;
}

export class TypeImports {
  private readonly named = new Map<string, Set<string>>();
  private readonly spaces = new Map<string, string>();

  constructor(
    private readonly file: string,
    private readonly byKind: ReadonlyMap<string, NamedSchema>,
  ) {}

  /** The TypeScript expression naming `gvk`'s type, or `fallback` when no schema declares it. */
  kind(gvk: GroupVersionKind, fallback: string): string {
    const s = this.byKind.get(gvkKey(gvk));
    return s ? this.schema(s) : fallback;
  }

  schema(s: NamedSchema): string {
    const path = importPath(this.file, `${s.folder}/types.ts`);
    if (path === './types.js') {
      let names = this.named.get(path);
      if (!names) this.named.set(path, (names = new Set()));
      names.add(s.tsName);
      return s.tsName;
    }
    const alias = folderAlias(s.folder);
    this.spaces.set(path, alias);
    return `${alias}.${s.tsName}`;
  }

  /** Import lines, sorted, for whatever was named so far. */
  lines(): string[] {
    const out: string[] = [];
    for (const [path, names] of [...this.named].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(`import type { ${[...names].sort().join(', ')} } from '${path}';`);
    }
    for (const [path, alias] of [...this.spaces].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(`import type * as ${alias} from '${path}';`);
    }
    return out;
  }
}
