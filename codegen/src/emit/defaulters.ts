// defaults.ts per folder: one function per named schema that has a `default` somewhere below
// it, applying each default where the field is absent, recursively into lists and maps.
import type { ApiModel, SchemaNode } from '../model/index.js';
import { folderAlias } from '../model/index.js';
import { importPath } from './paths.js';

/** Which named schemas need a defaulter, computed to a fixed point so cycles settle. */
export class DefaulterPlan {
  readonly needs = new Set<string>();
  constructor(model: ApiModel) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of model.schemas.values()) {
        if (!this.needs.has(s.name) && this.nodeNeeds(s.node)) {
          this.needs.add(s.name);
          changed = true;
        }
      }
    }
  }

  /** Whether anything below `node` (not the node's own default) must be filled in. */
  nodeNeeds(node: SchemaNode): boolean {
    if (node.ref !== undefined) return this.needs.has(node.ref);
    if (node.properties) for (const child of node.properties.values()) if (child.hasDefault || this.nodeNeeds(child)) return true;
    if (node.items && this.nodeNeeds(node.items)) return true;
    if (node.additionalProperties && node.additionalProperties !== true && this.nodeNeeds(node.additionalProperties)) return true;
    return false;
  }
}

interface Gen {
  readonly model: ApiModel;
  readonly plan: DefaulterPlan;
  readonly folder: string;
  readonly fileName: string;
  readonly consts: string[];
  readonly imports: Map<string, string>;
  readonly used: Set<string>;
  n: number;
  prefix: string;
}

function genNode(g: Gen, node: SchemaNode, x: string, ind: string): string[] {
  if (node.ref !== undefined) {
    if (!g.plan.needs.has(node.ref)) return [];
    const target = g.model.schemas.get(node.ref)!;
    let fn = `default${target.tsName}`;
    if (target.folder !== g.folder) {
      const alias = folderAlias(target.folder);
      g.imports.set(alias, importPath(g.fileName, `${target.folder}/defaults.ts`));
      fn = `${alias}.${fn}`;
    }
    return [`${ind}${fn}(${x});`];
  }
  const out: string[] = [];
  if (node.properties && [...node.properties.values()].some((c) => c.hasDefault || g.plan.nodeNeeds(c))) {
    const o = `o${g.n++}`;
    g.used.add('asObject');
    out.push(`${ind}const ${o} = asObject(${x});`, `${ind}if (${o}) {`);
    for (const [name, child] of node.properties) {
      if (child.hasDefault) {
        g.used.add('setDefault');
        const d = `${g.prefix}_D${g.n++}`;
        g.consts.push(`const ${d}: unknown = ${JSON.stringify(child.default)};`);
        out.push(`${ind}  setDefault(${o}, ${JSON.stringify(name)}, ${d});`);
      }
      if (g.plan.nodeNeeds(child)) out.push(...genNode(g, child, `${o}[${JSON.stringify(name)}]`, `${ind}  `));
    }
    out.push(`${ind}}`);
  }
  if (node.items && g.plan.nodeNeeds(node.items)) {
    g.used.add('eachItem');
    const e = `e${g.n++}`;
    out.push(`${ind}eachItem(${x}, (${e}) => {`, ...genNode(g, node.items, e, `${ind}  `), `${ind}});`);
  }
  const ap = node.additionalProperties;
  if (ap && ap !== true && g.plan.nodeNeeds(ap)) {
    g.used.add('eachValue');
    const e = `e${g.n++}`;
    out.push(`${ind}eachValue(${x}, (${e}) => {`, ...genNode(g, ap, e, `${ind}  `), `${ind}});`);
  }
  return out;
}

export function emitDefaulters(model: ApiModel, plan: DefaulterPlan, folder: string, fileName: string, runtimeFromRoot: string): string | undefined {
  const own = [...model.schemas.values()].filter((s) => s.folder === folder && plan.needs.has(s.name));
  if (own.length === 0) return undefined;
  const g: Gen = { model, plan, folder, fileName, consts: [], imports: new Map(), used: new Set(), n: 0, prefix: '' };
  const fns: string[] = [];
  for (const s of own) {
    g.n = 0;
    g.prefix = s.tsName;
    fns.push(`export function default${s.tsName}(v: unknown): void {\n${genNode(g, s.node, 'v', '  ').join('\n')}\n}`);
  }
  const lines = [`import { ${[...g.used].sort().join(', ')} } from '${importPath(fileName, runtimeFromRoot)}';`];
  for (const alias of [...g.imports.keys()].sort()) lines.push(`import * as ${alias} from '${g.imports.get(alias)}';`);
  return [...lines, '', ...g.consts, ...(g.consts.length ? [''] : []), fns.join('\n\n'), ''].join('\n');
}
