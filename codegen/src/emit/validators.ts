// validate.ts per folder: one function per named schema, straight-line checks per property.
// Functions for schemas that check nothing are not emitted, and calls to them are dropped.
import type { ApiModel, NamedSchema, SchemaNode } from '../model/index.js';
import { folderAlias } from '../model/index.js';
import { importPath } from './paths.js';

const RUNTIME_NAMES = [
  'ValidationContext',
  'isObject',
  'isInteger',
  'childPath',
  'indexPath',
  'keyPath',
  'checkFormat',
  'checkEnum',
  'checkStringLength',
  'checkItemCount',
  'checkPropertyCount',
  'checkNumberBounds',
  'checkPattern',
  'checkSetUnique',
  'checkMapKeysUnique',
] as const;

const CHECKED_FORMATS = new Set(['int32', 'int64', 'byte', 'date', 'date-time']);

/** Decides, once per schema, whether it has anything to check. Cycles count as "checks". */
export class ValidatorPlan {
  private readonly memo = new Map<string, boolean>();
  constructor(private readonly model: ApiModel) {}

  hasChecks(name: string): boolean {
    const known = this.memo.get(name);
    if (known !== undefined) return known;
    this.memo.set(name, true);
    const s = this.model.schemas.get(name);
    const result = s !== undefined && this.nodeHasChecks(s.node);
    this.memo.set(name, result);
    return result;
  }

  nodeHasChecks(node: SchemaNode): boolean {
    if (node.ref !== undefined) return this.hasChecks(node.ref);
    return node.type !== undefined || node.unionTypes !== undefined || node.properties !== undefined || node.enum !== undefined;
  }
}

interface Gen {
  readonly model: ApiModel;
  readonly plan: ValidatorPlan;
  readonly folder: string;
  readonly fileName: string;
  readonly consts: string[];
  readonly imports: Map<string, string>;
  readonly used: Set<string>;
  n: number;
  /** Prefix of hoisted constants: the schema's name, so they stay unique across the file. */
  constPrefix: string;
}

function fresh(g: Gen, prefix: string): string {
  return `${prefix}${g.n++}`;
}

function hoist(g: Gen, prefix: string, expr: string): string {
  const name = `${g.constPrefix}_${fresh(g, prefix)}`;
  g.consts.push(`const ${name} = ${expr};`);
  return name;
}

function use(g: Gen, name: (typeof RUNTIME_NAMES)[number]): string {
  g.used.add(name);
  return name;
}

function callFor(g: Gen, ref: string): string | undefined {
  if (!g.plan.hasChecks(ref)) return undefined;
  const target = g.model.schemas.get(ref)!;
  const fn = `validate${target.tsName}`;
  if (target.folder === g.folder) return fn;
  const alias = folderAlias(target.folder);
  g.imports.set(alias, importPath(g.fileName, `${target.folder}/validate.ts`));
  return `${alias}.${fn}`;
}

function typeName(node: SchemaNode): string {
  if (node.unionTypes) return node.unionTypes.join(',');
  return node.type ?? (node.properties ? 'object' : 'unknown');
}

/** Statements checking value `x` (not undefined) at path expression `p`. */
function genNode(g: Gen, node: SchemaNode, x: string, p: string, ind: string): string[] {
  const out: string[] = [];
  if (node.ref !== undefined) {
    const fn = callFor(g, node.ref);
    if (fn) out.push(`${ind}${fn}(${x}, ${p}, c);`);
    return out;
  }
  const inner = `${ind}  `;
  if (node.unionTypes) {
    const tests = node.unionTypes.map((t) => primitiveTest(g, t, x));
    out.push(`${ind}if (!(${tests.join(' || ')})) c.wrongType(${p}, ${x}, ${JSON.stringify(typeName(node))});`);
    if (node.enum) out.push(`${ind}else ${use(g, 'checkEnum')}(c, ${p}, ${x}, ${hoist(g, 'E', JSON.stringify(node.enum))});`);
    return out;
  }
  const type = node.type ?? (node.properties ? 'object' : undefined);
  if (type === undefined) {
    if (node.enum) out.push(`${ind}${use(g, 'checkEnum')}(c, ${p}, ${x}, ${hoist(g, 'E', JSON.stringify(node.enum))});`);
    return out;
  }
  const body: string[] = [];
  if (node.enum) body.push(`${inner}${use(g, 'checkEnum')}(c, ${p}, ${x}, ${hoist(g, 'E', JSON.stringify(node.enum))});`);
  if (node.format && CHECKED_FORMATS.has(node.format)) body.push(`${inner}${use(g, 'checkFormat')}(c, ${p}, ${x}, ${JSON.stringify(node.format)});`);
  switch (type) {
    case 'string':
      if (node.minLength !== undefined || node.maxLength !== undefined) {
        body.push(`${inner}${use(g, 'checkStringLength')}(c, ${p}, ${x}, ${node.minLength}, ${node.maxLength});`);
      }
      if (node.pattern !== undefined) {
        const re = hoist(g, 'P', `new RegExp(${JSON.stringify(node.pattern)}, 'u')`);
        body.push(`${inner}${use(g, 'checkPattern')}(c, ${p}, ${x}, ${re}, ${JSON.stringify(node.pattern)});`);
      }
      break;
    case 'integer':
    case 'number':
      if (node.minimum !== undefined || node.maximum !== undefined) {
        const bounds = JSON.stringify({ minimum: node.minimum, maximum: node.maximum, exclusiveMinimum: node.exclusiveMinimum, exclusiveMaximum: node.exclusiveMaximum });
        body.push(`${inner}${use(g, 'checkNumberBounds')}(c, ${p}, ${x}, ${hoist(g, 'B', bounds)});`);
      }
      break;
    case 'array':
      body.push(...genArray(g, node, x, p, inner));
      break;
    case 'object':
      body.push(...genObject(g, node, x, p, inner));
      break;
    case 'boolean':
      break;
  }
  const test = primitiveTest(g, type, x);
  if (body.length === 0) out.push(`${ind}if (!(${test})) c.wrongType(${p}, ${x}, ${JSON.stringify(type)});`);
  else out.push(`${ind}if (!(${test})) c.wrongType(${p}, ${x}, ${JSON.stringify(type)});`, `${ind}else {`, ...body, `${ind}}`);
  return out;
}

function primitiveTest(g: Gen, type: string, x: string): string {
  switch (type) {
    case 'integer':
      return `${use(g, 'isInteger')}(${x})`;
    case 'number':
      return `typeof ${x} === 'number'`;
    case 'array':
      return `Array.isArray(${x})`;
    case 'object':
      return `${use(g, 'isObject')}(${x})`;
    default:
      return `typeof ${x} === '${type}'`;
  }
}

/** Checks an item or map value, where null is only fine for nullable schemas. */
function genElement(g: Gen, node: SchemaNode, x: string, p: string, ind: string): string[] {
  const checks = genNode(g, node, x, p, `${ind}  `);
  if (checks.length === 0) return [];
  if (nullableOf(g, node)) return [`${ind}if (${x} !== null) {`, ...checks, `${ind}}`];
  return checks.map((l) => l.slice(2));
}

function nullableOf(g: Gen, node: SchemaNode): boolean {
  if (node.nullable) return true;
  return node.ref !== undefined && g.model.schemas.get(node.ref)?.node.nullable === true;
}

function genArray(g: Gen, node: SchemaNode, x: string, p: string, ind: string): string[] {
  const out: string[] = [];
  if (node.minItems !== undefined || node.maxItems !== undefined) {
    out.push(`${ind}${use(g, 'checkItemCount')}(c, ${p}, ${x}, ${node.minItems}, ${node.maxItems});`);
  }
  if (node.listType === 'set' || node.uniqueItems) out.push(`${ind}${use(g, 'checkSetUnique')}(c, ${p}, ${x});`);
  if (node.listType === 'map' && node.listMapKeys) {
    out.push(`${ind}${use(g, 'checkMapKeysUnique')}(c, ${p}, ${x}, ${hoist(g, 'K', JSON.stringify(node.listMapKeys))});`);
  }
  if (node.items) {
    const i = fresh(g, 'i');
    const e = fresh(g, 'e');
    const checks = genElement(g, node.items, e, `${use(g, 'indexPath')}(${p}, ${i})`, `${ind}  `);
    if (checks.length > 0) out.push(`${ind}for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {`, `${ind}  const ${e}: unknown = ${x}[${i}];`, ...checks, `${ind}}`);
  }
  return out;
}

function genObject(g: Gen, node: SchemaNode, x: string, p: string, ind: string): string[] {
  const out: string[] = [];
  if (node.minProperties !== undefined || node.maxProperties !== undefined) {
    out.push(`${ind}${use(g, 'checkPropertyCount')}(c, ${p}, ${x}, ${node.minProperties}, ${node.maxProperties});`);
  }
  const props = node.properties ?? new Map<string, SchemaNode>();
  const required = new Set(node.required ?? []);
  for (const [name, child] of props) {
    const v = fresh(g, 'v');
    const cp = `${use(g, 'childPath')}(${p}, ${JSON.stringify(name)})`;
    const checks = genNode(g, child, v, cp, `${ind}  `);
    const isRequired = required.has(name);
    if (checks.length === 0 && !isRequired) continue;
    out.push(`${ind}const ${v}: unknown = ${x}[${JSON.stringify(name)}];`);
    // Go's decoder reads null as "not set", so null is absent unless the schema is nullable.
    const absent = nullableOf(g, child) ? `${v} === undefined` : `${v} === undefined || ${v} === null`;
    if (isRequired && checks.length > 0) out.push(`${ind}if (${absent}) c.required(${cp});`, `${ind}else {`, ...checks, `${ind}}`);
    else if (isRequired) out.push(`${ind}if (${absent}) c.required(${cp});`);
    else if (nullableOf(g, child)) out.push(`${ind}if (${v} !== undefined && ${v} !== null) {`, ...checks, `${ind}}`);
    else out.push(`${ind}if (${v} !== undefined && ${v} !== null) {`, ...checks, `${ind}}`);
  }
  for (const name of required) {
    if (!props.has(name)) out.push(`${ind}if (${x}[${JSON.stringify(name)}] === undefined) c.required(${use(g, 'childPath')}(${p}, ${JSON.stringify(name)}));`);
  }
  const ap = node.additionalProperties;
  if (ap && ap !== true) {
    const k = fresh(g, 'k');
    const e = fresh(g, 'e');
    const checks = genElement(g, ap, e, `${use(g, 'keyPath')}(${p}, ${k})`, `${ind}  `);
    if (checks.length > 0) out.push(`${ind}for (const ${k} of Object.keys(${x})) {`, `${ind}  const ${e}: unknown = ${x}[${k}];`, ...checks, `${ind}}`);
  } else if (!ap && !node.preserveUnknownFields && props.size > 0) {
    const known = hoist(g, 'F', `new Set(${JSON.stringify([...props.keys()])})`);
    const k = fresh(g, 'k');
    out.push(`${ind}for (const ${k} of Object.keys(${x})) if (!${known}.has(${k})) c.unknown(${use(g, 'childPath')}(${p}, ${k}));`);
  }
  return out;
}

export function emitValidators(model: ApiModel, plan: ValidatorPlan, folder: string, fileName: string, runtimeFromRoot: string): string | undefined {
  const own: NamedSchema[] = [...model.schemas.values()].filter((s) => s.folder === folder && plan.hasChecks(s.name));
  if (own.length === 0) return undefined;
  const g: Gen = { model, plan, folder, fileName, consts: [], imports: new Map(), used: new Set(), n: 0, constPrefix: '' };
  const fns: string[] = [];
  for (const s of own) {
    g.n = 0;
    g.constPrefix = s.tsName;
    const body = genNode(g, s.node, 'v', 'p', '  ');
    fns.push(`export function validate${s.tsName}(v: unknown, p: string, c: ValidationContext): void {\n${body.join('\n')}\n}`);
  }
  g.used.add('ValidationContext');
  const runtimeNames = RUNTIME_NAMES.filter((n) => g.used.has(n) && n !== 'ValidationContext');
  const rt = importPath(fileName, runtimeFromRoot);
  const lines = [`import type { ValidationContext } from '${rt}';`];
  if (runtimeNames.length > 0) lines.push(`import { ${runtimeNames.join(', ')} } from '${rt}';`);
  for (const alias of [...g.imports.keys()].sort()) lines.push(`import * as ${alias} from '${g.imports.get(alias)}';`);
  return [...lines, '', ...g.consts, ...(g.consts.length ? [''] : []), fns.join('\n\n'), ''].join('\n');
}
