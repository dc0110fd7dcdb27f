// Protobuf descriptors: per group/version, `<folder>/protobuf.ts` holds one MessageDescriptor
// per message schema and lists the kinds; it imports `<folder>/protobuf-codecs.ts`
// (protobuf-codecs.ts here), the generated code that registers every kind. `protobuf.ts` at the
// root imports them all (the root index imports it for the side effect). The contract is
// docs/protobuf.md, "The generator's contract".
import type { ApiModel, GroupVersionKind, NamedSchema, ProtobufField, SchemaNode } from '../model/index.js';
import { tsHeader, type FileMap } from './file-map.js';
import { importPath } from './paths.js';
import { codecsFile, emitFolderCodecs, localIds } from './protobuf-codecs.js';

const NO_FORM = 'none';
const JSON_SCHEMA_PROPS_OR = new Set(['json-schema-props-or-array', 'json-schema-props-or-bool', 'json-schema-props-or-string-array']);
export const PROTOBUF_ROOT_FILE = 'protobuf.ts';
/**
 * Kinds are registered with generated encode/decode functions (`protobuf-codecs.ts`); with
 * false, with the descriptors and the runtime interpreter (the previous path, kept as the
 * reference the tests compare against).
 */
const GENERATED_CODECS = true;

/** `io.k8s.api.core.v1.ConfigMap` -> `io_k8s_api_core_v1_ConfigMap`. */
export function descriptorVarName(schema: string): string {
  return schema.replace(/[^A-Za-z0-9_]/g, '_');
}

const protobufFile = (folder: string): string => `${folder}/protobuf.ts`;

function hasTags(s: NamedSchema): boolean {
  return [...(s.node.properties?.values() ?? [])].some((p) => p.protobuf !== undefined);
}

/** Folders that speak protobuf: those with at least one tagged property (JSON-only groups have none). */
export function protobufFolders(model: ApiModel): Set<string> {
  const out = new Set<string>();
  for (const s of model.schemas.values()) if (hasTags(s)) out.add(s.folder);
  return out;
}

export function isMessage(s: NamedSchema, folders: ReadonlySet<string>): boolean {
  return folders.has(s.folder) && s.node.protobufEncoding === undefined;
}

export interface FieldPlan {
  readonly json: string;
  readonly field: ProtobufField;
  readonly type: string;
  /** Named schema whose descriptor `message` points at. */
  readonly message?: string;
  readonly repeated: boolean;
  readonly map: boolean;
}

class FolderPlan {
  readonly imports = new Map<string, Set<string>>();
  constructor(readonly folder: string) {}
  use(model: ApiModel, schema: string): string {
    const target = model.schemas.get(schema)!;
    const name = descriptorVarName(schema);
    if (target.folder !== this.folder) {
      const from = importPath(protobufFile(this.folder), protobufFile(target.folder));
      if (!this.imports.has(from)) this.imports.set(from, new Set());
      this.imports.get(from)!.add(name);
    }
    return name;
  }
}

export function fieldPlan(model: ApiModel, folders: ReadonlySet<string>, owner: NamedSchema, json: string, prop: SchemaNode, field: ProtobufField): FieldPlan {
  const where = `${owner.name}.${json}`;
  const map = prop.additionalProperties !== undefined && prop.additionalProperties !== true;
  const repeated = prop.type === 'array';
  const value = map ? (prop.additionalProperties as SchemaNode) : repeated ? prop.items ?? {} : prop;
  if (field.mapValue === 'extra-value') return { json, field, type: 'string', repeated: false, map: true };
  if (value.ref !== undefined) {
    const target = model.schemas.get(value.ref);
    if (!target) throw new Error(`${where}: refers to unknown schema ${value.ref}`);
    const encoding = target.node.protobufEncoding;
    if (encoding === NO_FORM) throw new Error(`${where}: refers to ${value.ref}, which has no protobuf form`);
    if (encoding !== undefined) {
      if (!JSON_SCHEMA_PROPS_OR.has(encoding)) return { json, field, type: encoding, repeated, map };
      const props = `${target.name.slice(0, target.name.lastIndexOf('.'))}.JSONSchemaProps`;
      if (!model.schemas.has(props)) throw new Error(`${where}: ${encoding} needs ${props}`);
      return { json, field, type: encoding, message: props, repeated, map };
    }
    if (!isMessage(target, folders)) throw new Error(`${where}: refers to ${value.ref}, which is not a protobuf message`);
    return { json, field, type: 'message', message: value.ref, repeated, map };
  }
  if (value.intOrString) return { json, field, type: 'int-or-string', repeated, map };
  const type =
    value.type === 'string' ? (value.format === 'byte' ? 'bytes' : 'string')
    : value.type === 'boolean' ? 'bool'
    : value.type === 'integer' ? (value.format === 'int32' ? 'int32' : 'int64')
    : value.type === 'number' ? 'double'
    : undefined;
  if (type === undefined) throw new Error(`${where}: no protobuf type for an inline ${value.type ?? 'untyped'} schema`);
  return { json, field, type, repeated, map };
}

function fieldLiteral(p: FieldPlan, plan: FolderPlan, model: ApiModel): string {
  const parts = [`json: ${quote(p.json)}`, `tag: ${p.field.tag}`, `type: '${p.type}'`];
  if (p.message !== undefined) parts.push(`message: () => ${plan.use(model, p.message)}`);
  if (p.repeated) parts.push('repeated: true');
  if (p.map) parts.push('map: true');
  if (p.field.optional) parts.push('explicitPresence: true');
  if (p.field.embeddedIn) parts.push(`embeddedIn: [${p.field.embeddedIn.join(', ')}]`);
  if (p.field.listWrapper) parts.push(`listWrapper: '${p.field.listWrapper}'`);
  if (p.field.mapValue) parts.push(`mapValue: '${p.field.mapValue}'`);
  return `    { ${parts.join(', ')} },`;
}

export const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const gvkKey = (g: GroupVersionKind): string => `${g.group}/${g.version}/${g.kind}`;

/** Every kind to register, with the schema that describes it, sorted; one schema per kind. */
export function kindsToRegister(model: ApiModel, folders: ReadonlySet<string>): Map<string, { gvk: GroupVersionKind; schema: NamedSchema }> {
  const out = new Map<string, { gvk: GroupVersionKind; schema: NamedSchema }>();
  const add = (gvk: GroupVersionKind, schema: NamedSchema | undefined): void => {
    if (!schema || !isMessage(schema, folders)) return;
    const k = gvkKey(gvk);
    const seen = out.get(k);
    if (seen && seen.schema.name !== schema.name) throw new Error(`kind ${k} is described by both ${seen.schema.name} and ${schema.name}`);
    out.set(k, { gvk: { group: gvk.group, version: gvk.version, kind: gvk.kind }, schema });
  };
  for (const s of model.schemas.values()) for (const g of s.gvks) add(g, s);
  for (const r of model.resources) {
    if (r.schema === undefined) continue;
    add({ group: r.group, version: r.version, kind: r.kind }, model.schemas.get(r.schema));
    add({ group: r.group, version: r.version, kind: r.listKind }, model.schemas.get(`${r.schema}List`));
  }
  // Status answers say `v1` whatever the group, but meta.k8s.io/v1 is its home too.
  const status = model.schemas.get('io.k8s.apimachinery.pkg.apis.meta.v1.Status');
  if (status) add({ group: 'meta.k8s.io', version: 'v1', kind: 'Status' }, status);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function emitFolder(model: ApiModel, folders: ReadonlySet<string>, folder: string, kinds: ReadonlyArray<{ gvk: GroupVersionKind; schema: NamedSchema }>, runtimeFromRoot: string): string {
  const plan = new FolderPlan(folder);
  const schemas = [...model.schemas.values()].filter((s) => s.folder === folder && isMessage(s, folders));
  const body: string[] = [];
  for (const s of schemas) {
    const fields: FieldPlan[] = [];
    for (const [json, prop] of s.node.properties ?? new Map<string, SchemaNode>()) {
      if (prop.protobuf) fields.push(fieldPlan(model, folders, s, json, prop, prop.protobuf));
    }
    fields.sort((a, b) => a.field.tag - b.field.tag || (a.field.embeddedIn ?? []).join('.').localeCompare((b.field.embeddedIn ?? []).join('.')) || (a.json < b.json ? -1 : 1));
    body.push(`export const ${descriptorVarName(s.name)}: MessageDescriptor = {`);
    body.push(`  name: ${quote(s.name)},`);
    if (fields.length === 0) body.push('  fields: [],');
    else {
      body.push('  fields: [');
      for (const f of fields) body.push(fieldLiteral(f, plan, model));
      body.push('  ],');
    }
    body.push('};', '');
  }
  body.push('/** Every message of this group/version. */');
  body.push(`export const protobufMessages: readonly MessageDescriptor[] = [${schemas.map((s) => descriptorVarName(s.name)).join(', ')}];`, '');
  body.push('/** The kinds whose codecs this module registers when it is imported. */');
  body.push('export const protobufKinds: ReadonlyArray<readonly [GroupVersionKind, MessageDescriptor]> = [');
  for (const k of kinds) body.push(`  [{ group: ${quote(k.gvk.group)}, version: ${quote(k.gvk.version)}, kind: ${quote(k.gvk.kind)} }, ${descriptorVarName(k.schema.name)}],`);
  body.push('];', '');
  if (!GENERATED_CODECS) body.push('for (const [gvk, descriptor] of protobufKinds) registerProtobufMessage(gvk, descriptor);', '');

  const runtime = importPath(protobufFile(folder), runtimeFromRoot.replace(/api\/index\.[jt]s$/, 'protobuf/index.ts'));
  const imports = [`import { ${GENERATED_CODECS ? '' : 'registerProtobufMessage, '}type GroupVersionKind, type MessageDescriptor } from '${runtime}';`];
  // Importing the descriptors registers the kinds, whichever path registers them.
  if (GENERATED_CODECS) imports.push(`import '${importPath(protobufFile(folder), codecsFile(folder))}';`);
  for (const [from, names] of [...plan.imports.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    imports.push(`import { ${[...names].sort().join(', ')} } from '${from}';`);
  }
  const sources = [...new Set(schemas.map((s) => s.source.file))];
  return `${tsHeader(sources)}\n${imports.join('\n')}\n\n${body.join('\n')}`;
}

/** `<folder>/protobuf.ts` for every protobuf folder, and the root module importing them all. */
export function emitProtobuf(model: ApiModel, runtimeFromRoot: string): FileMap {
  const files: FileMap = new Map();
  const folders = protobufFolders(model);
  if (folders.size === 0) return files;
  const kinds = [...kindsToRegister(model, folders).values()];
  const sorted = [...folders].sort();
  const ids = localIds(model, folders);
  for (const folder of sorted) {
    const own = kinds.filter((k) => k.schema.folder === folder);
    files.set(protobufFile(folder), emitFolder(model, folders, folder, own, runtimeFromRoot));
    if (GENERATED_CODECS) files.set(codecsFile(folder), emitFolderCodecs(model, folders, folder, own, runtimeFromRoot, ids));
  }
  const alias = (f: string): string => f.replace(/[^A-Za-z0-9]/g, '_');
  const lines = [
    tsHeader([...new Set([...model.schemas.values()].filter((s) => folders.has(s.folder)).map((s) => s.source.file))]),
    `import type { GroupVersionKind, MessageDescriptor } from '${importPath(PROTOBUF_ROOT_FILE, runtimeFromRoot.replace(/api\/index\.[jt]s$/, 'protobuf/index.ts'))}';`,
    ...sorted.map((f) => `import * as ${alias(f)} from '${importPath(PROTOBUF_ROOT_FILE, protobufFile(f))}';`),
    '',
    '/** Every generated message descriptor (importing this module registers every kind). */',
    `export const protobufMessages: readonly MessageDescriptor[] = [${sorted.map((f) => `...${alias(f)}.protobufMessages`).join(', ')}];`,
    '',
    '/** Every registered kind with its descriptor. */',
    `export const protobufKinds: ReadonlyArray<readonly [GroupVersionKind, MessageDescriptor]> = [${sorted.map((f) => `...${alias(f)}.protobufKinds`).join(', ')}];`,
    '',
  ];
  files.set(PROTOBUF_ROOT_FILE, lines.join('\n'));
  return files;
}

/** The root index with the side-effect import that registers every generated codec at startup. */
export function withProtobufImport(rootIndex: string, protobuf: FileMap): string {
  if (!protobuf.has(PROTOBUF_ROOT_FILE)) return rootIndex;
  const at = rootIndex.search(/^import /m);
  const line = `import './${PROTOBUF_ROOT_FILE.replace(/\.ts$/, '.js')}';\n`;
  return at < 0 ? `${rootIndex}\n${line}` : rootIndex.slice(0, at) + line + rootIndex.slice(at);
}
