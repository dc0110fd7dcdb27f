// Protobuf codecs as code: per group/version, `<folder>/protobuf-codecs.ts` holds, for every
// message schema, a decode function (a `switch` over field numbers calling WireReader) and an
// encode function (present fields in tag order through WireWriter), and registers a codec for
// every kind. Nested messages call each other's functions (across folders by import); what
// repeats per field is in runtime/protobuf/generated-support.ts. Wire behaviour is exactly
// the descriptor interpreter's (docs/protobuf.md, "Wire rules").
import type { ApiModel, GroupVersionKind, NamedSchema, SchemaNode } from '../model/index.js';
import { tsHeader } from './file-map.js';
import { importPath } from './paths.js';
import { descriptorVarName, fieldPlan, isMessage, quote, type FieldPlan } from './protobuf.js';

export const codecsFile = (folder: string): string => `${folder}/protobuf-codecs.ts`;

/** The message's tagged fields in tag order (the same order as its descriptor). */
export function messageFields(model: ApiModel, folders: ReadonlySet<string>, s: NamedSchema): FieldPlan[] {
  const fields: FieldPlan[] = [];
  for (const [json, prop] of s.node.properties ?? new Map<string, SchemaNode>()) {
    if (prop.protobuf) fields.push(fieldPlan(model, folders, s, json, prop, prop.protobuf));
  }
  return fields.sort((a, b) => a.field.tag - b.field.tag || (a.field.embeddedIn ?? []).join('.').localeCompare((b.field.embeddedIn ?? []).join('.')) || (a.json < b.json ? -1 : 1));
}

const PACKABLE = new Set(['int32', 'int64', 'bool', 'double']);
const SCALARS = new Set(['string', 'bytes', 'int32', 'int64', 'bool', 'double']);
const READ: Record<string, string> = { string: 'readString', bytes: 'readBase64', int32: 'readInt32', int64: 'readInt64', bool: 'readBool', double: 'readDouble' };
const WRITE: Record<string, string> = { string: 'eString', bytes: 'eBytes', int32: 'eInt', int64: 'eInt', bool: 'eBool', double: 'eDouble' };
const SCHEMA_SPECIALS = new Set(['json-schema-props-or-array', 'json-schema-props-or-bool', 'json-schema-props-or-string-array']);

const wireTypeOf = (type: string): number => (type === 'double' ? 1 : PACKABLE.has(type) ? 0 : 2);

/** A field at its own level: a plain field, or an embedded struct holding further fields. */
type Member = { kind: 'field'; f: FieldPlan } | { kind: 'embedded'; tag: number; group: Group };

interface Group {
  /** Identifier stem of the functions (`io_k8s_..._Foo`, `io_k8s_..._Foo_e2`). */
  readonly id: string;
  /** Name in error messages (`io.k8s....Foo(embedded 2)`). */
  readonly name: string;
  readonly members: readonly Member[];
}

interface Nested {
  readonly f: FieldPlan;
  readonly rest: readonly number[];
}

function groupOf(id: string, name: string, fields: readonly Nested[]): Group {
  const members: Array<Member & { sortTag: number }> = [];
  const embedded = new Map<number, Nested[]>();
  for (const n of fields) {
    if (n.rest.length > 0) {
      const [outer, ...rest] = n.rest;
      if (!embedded.has(outer!)) embedded.set(outer!, []);
      embedded.get(outer!)!.push({ f: n.f, rest });
    } else {
      members.push({ kind: 'field', f: n.f, sortTag: n.f.field.tag });
    }
  }
  for (const [tag, inner] of embedded) members.push({ kind: 'embedded', tag, group: groupOf(`${id}_e${tag}`, `${name}(embedded ${tag})`, inner), sortTag: tag });
  const tags = members.map((m) => m.sortTag);
  if (new Set(tags).size !== tags.length) throw new Error(`${name}: a field number is used twice`);
  members.sort((a, b) => a.sortTag - b.sortTag);
  return { id, name, members };
}

class Emitter {
  readonly imports = new Map<string, Set<string>>();
  readonly consts: string[] = [];
  readonly functions: string[] = [];

  /** Function names in use in this module, with the schema each stands for. */
  private readonly names = new Map<string, string>();

  constructor(
    private readonly model: ApiModel,
    private readonly folder: string,
    private readonly localIds: ReadonlyMap<string, string>,
  ) {
    for (const [schema, id] of localIds) {
      if (model.schemas.get(schema)!.folder !== folder) continue;
      this.names.set(`encode_${id}`, schema);
      this.names.set(`decode_${id}`, schema);
    }
  }

  /** `encode_X` / `decode_X` of a message schema, imported when it lives in another folder. */
  fn(which: 'encode' | 'decode', schema: string): string {
    const target = this.model.schemas.get(schema)!;
    const exported = `${which}_${this.localIds.get(schema)!}`;
    if (target.folder === this.folder) return exported;
    const from = importPath(codecsFile(this.folder), codecsFile(target.folder));
    // Short names are unique within a folder; an import that would clash gets its full name.
    const taken = this.names.get(exported);
    const local = taken === undefined || taken === schema ? exported : `${which}_${descriptorVarName(schema)}`;
    this.names.set(local, schema);
    if (!this.imports.has(from)) this.imports.set(from, new Set());
    this.imports.get(from)!.add(local === exported ? exported : `${exported} as ${local}`);
    return local;
  }

  special(g: Group, f: FieldPlan): string {
    const id = `s_${g.id}_${f.field.tag}`;
    const json = quote(f.json);
    if (SCHEMA_SPECIALS.has(f.type)) {
      this.consts.push(`const ${id} = pb.schemaSpecial('${f.type}', ${json}, ${f.field.tag}, ${this.fn('encode', f.message!)}, ${this.fn('decode', f.message!)});`);
    } else {
      this.consts.push(`const ${id} = pb.special('${f.type}', ${json}, ${f.field.tag});`);
    }
    return id;
  }

  mapField(g: Group, f: FieldPlan, special: string | undefined): string {
    const id = `m_${g.id}_${f.field.tag}`;
    const args = `M_${g.id}, ${quote(f.json)}, ${f.field.tag}`;
    const value =
      f.field.mapValue === 'extra-value' ? `pb.extraValueMap(${args})`
      : SCALARS.has(f.type) ? `pb.scalarMap(${args}, '${f.type}')`
      : f.type === 'message' ? `pb.messageMap(${args}, ${this.fn('decode', f.message!)})`
      : `pb.specialMap(${args}, ${special!})`;
    this.consts.push(`const ${id} = ${value};`);
    return id;
  }

  group(g: Group, exported: boolean): void {
    if (g.members.length > 0) this.consts.push(`const M_${g.id} = ${quote(g.name)};`);
    for (const m of g.members) if (m.kind === 'embedded') this.group(m.group, false);
    const specials = new Map<FieldPlan, string>();
    const maps = new Map<FieldPlan, string>();
    for (const m of g.members) {
      if (m.kind !== 'field') continue;
      const isSpecial = !SCALARS.has(m.f.type) && m.f.type !== 'message' && m.f.field.mapValue === undefined && !m.f.field.listWrapper;
      if (isSpecial) specials.set(m.f, this.special(g, m.f));
      if (m.f.map) maps.set(m.f, this.mapField(g, m.f, specials.get(m.f)));
    }
    const ex = exported ? 'export ' : '';
    this.functions.push(this.decoder(g, ex, specials, maps), this.encoder(g, ex, specials));
  }

  private decoder(g: Group, ex: string, specials: Map<FieldPlan, string>, maps: Map<FieldPlan, string>): string {
    const M = `M_${g.id}`;
    const lines = [`${ex}function decode_${g.id}(r: WireReader, depth: number, t: JsonObject): JsonObject {`, '  if (depth > pb.MAX_MESSAGE_DEPTH) pb.tooDeep(r);', '  while (!r.eof()) {'];
    if (g.members.length > 0) lines.push('    const at = r.pos;');
    lines.push('    const key = r.readKey();', '    switch (key >>> 3) {');
    const check = (json: string, wt: number): string => `if ((key & 7) !== ${wt}) pb.badWire(${M}, ${quote(json)}, key, ${wt}, at);`;
    for (const m of g.members) {
      if (m.kind === 'embedded') {
        lines.push(`      case ${m.tag}: ${check(`<embedded ${m.tag}>`, 2)} decode_${m.group.id}(r.readSubReader(), depth + 1, t); break;`);
        continue;
      }
      const f = m.f;
      const j = quote(f.json);
      const wt = wireTypeOf(f.type);
      const body: string[] = [];
      if (f.map) {
        body.push(check(f.json, 2), `pb.mapEntry(r.readSubReader(), t, depth + 1, ${maps.get(f)});`);
      } else if (f.field.listWrapper) {
        body.push(check(f.json, 2), `pb.verbs(r.readSubReader(), t, ${M}, ${j}, ${f.field.tag});`);
      } else if (f.repeated) {
        body.push(`const l = pb.listOf(t, ${j});`);
        if (PACKABLE.has(f.type)) {
          body.push(`if ((key & 7) === 2) pb.packed(r.readSubReader(), l, '${f.type}');`, `else { ${check(f.json, wt)} l.push(r.${READ[f.type]}()); }`);
        } else {
          body.push(check(f.json, wt));
          if (SCALARS.has(f.type)) body.push(`l.push(r.${READ[f.type]}());`);
          else if (f.type === 'message') body.push(`l.push(${this.fn('decode', f.message!)}(r.readSubReader(), depth + 1, {}));`);
          else body.push(`const v = pb.readSpecial(r, depth, ${specials.get(f)});`, 'if (v !== undefined) l.push(v);');
        }
      } else {
        body.push(check(f.json, wt));
        if (SCALARS.has(f.type)) body.push(f.field.optional ? `t[${j}] = r.${READ[f.type]}();` : `pb.put(t, ${j}, r.${READ[f.type]}());`);
        else if (f.type === 'message') body.push(`t[${j}] = ${this.fn('decode', f.message!)}(r.readSubReader(), depth + 1, pb.obj(t[${j}]));`);
        else body.push(`pb.putOptional(t, ${j}, pb.readSpecial(r, depth, ${specials.get(f)}));`);
      }
      lines.push(`      case ${f.field.tag}: {`, `        ${body.join(' ')} break;`, '      }');
    }
    lines.push('      default:', '        r.skip(key & 7, key >>> 3);', '    }', '  }', '  return t;', '}', '');
    return lines.join('\n');
  }

  private encoder(g: Group, ex: string, specials: Map<FieldPlan, string>): string {
    const M = `M_${g.id}`;
    const hasPlain = g.members.some((m) => m.kind === 'field');
    const params = g.members.length > 0 ? 'w: WireWriter, o: JsonObject' : '_w: WireWriter, _o: JsonObject';
    const lines = [`${ex}function encode_${g.id}(${params}): void {`];
    if (hasPlain) lines.push('  let v: JsonValue | undefined;');
    const value = (f: FieldPlan, x: string, tag: number, force: string): string => {
      if (SCALARS.has(f.type)) return `pb.${WRITE[f.type]}(w, ${tag}, ${x}, ${force}, ${M}, ${quote(f.json)})`;
      if (f.type === 'message') return `pb.eMessage(w, ${tag}, ${x}, ${M}, ${quote(f.json)}, ${this.fn('encode', f.message!)})`;
      return `pb.eSpecial(w, ${tag}, ${x}, ${specials.get(f)!})`;
    };
    for (const m of g.members) {
      if (m.kind === 'embedded') {
        const names = allJson(m.group).map((j) => `o[${quote(j)}] != null`);
        lines.push(`  if (${names.join(' || ')}) {`, '    w.fork();', `    encode_${m.group.id}(w, o);`, `    w.join(${m.tag});`, '  }');
        continue;
      }
      const f = m.f;
      const j = quote(f.json);
      const tag = f.field.tag;
      let stmt: string;
      if (f.map) {
        if (f.field.mapValue === 'extra-value') stmt = `pb.eMap(w, ${tag}, v, ${M}, ${j}, (x) => pb.eStrings(w, 2, x, ${M}, ${j}));`;
        else {
          const writer = value(f, 'x', 2, 'true');
          stmt = `pb.eMap(w, ${tag}, v, ${M}, ${j}, (x) => { if (x !== null) ${writer}; });`;
        }
      } else if (f.field.listWrapper) {
        stmt = `pb.eStrings(w, ${tag}, v, ${M}, ${j});`;
      } else if (f.repeated) {
        stmt = `for (const x of pb.items(v, ${M}, ${j})) ${value(f, `pb.item(x, ${M}, ${j})`, tag, 'true')};`;
      } else {
        stmt = `${value(f, 'v', tag, f.field.optional ? 'true' : 'false')};`;
      }
      lines.push(`  v = o[${j}];`, `  if (v != null) ${stmt}`);
    }
    lines.push('}', '');
    return lines.join('\n');
  }
}

function allJson(g: Group): string[] {
  return g.members.flatMap((m) => (m.kind === 'field' ? [m.f.json] : allJson(m.group)));
}

/**
 * The identifier stem of every message's functions: its short name (`ConfigMap`) when no other
 * message of its folder has the same one, else the full `io_k8s_api_core_v1_ConfigMap`. Short
 * names keep the generated modules (and type-checking them) small.
 */
export function localIds(model: ApiModel, folders: ReadonlySet<string>): Map<string, string> {
  const shortOf = (name: string): string => descriptorVarName(name.slice(name.lastIndexOf('.') + 1));
  const count = new Map<string, number>();
  const messages = [...model.schemas.values()].filter((s) => isMessage(s, folders));
  for (const s of messages) {
    const k = `${s.folder}/${shortOf(s.name)}`;
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  return new Map(messages.map((s) => [s.name, count.get(`${s.folder}/${shortOf(s.name)}`) === 1 ? shortOf(s.name) : descriptorVarName(s.name)]));
}

/** `<folder>/protobuf-codecs.ts`: the folder's message functions and its kinds' registrations. */
export function emitFolderCodecs(
  model: ApiModel,
  folders: ReadonlySet<string>,
  folder: string,
  kinds: ReadonlyArray<{ gvk: GroupVersionKind; schema: NamedSchema }>,
  runtimeFromRoot: string,
  ids: ReadonlyMap<string, string>,
): string {
  const e = new Emitter(model, folder, ids);
  const schemas = [...model.schemas.values()].filter((s) => s.folder === folder && isMessage(s, folders));
  for (const s of schemas) {
    const id = ids.get(s.name)!;
    e.group(groupOf(id, s.name, messageFields(model, folders, s).map((f) => ({ f, rest: f.field.embeddedIn ?? [] }))), true);
  }
  const registrations = kinds.map(
    (k) => `registerProtobufCodec({ group: ${quote(k.gvk.group)}, version: ${quote(k.gvk.version)}, kind: ${quote(k.gvk.kind)} }, pb.codec(encode_${ids.get(k.schema.name)!}, decode_${ids.get(k.schema.name)!}));`,
  );
  const runtime = importPath(codecsFile(folder), runtimeFromRoot.replace(/api\/index\.[jt]s$/, 'protobuf/index.ts'));
  const imports = [`import { generatedSupport, registerProtobufCodec, type JsonObject, type JsonValue, type WireReader, type WireWriter } from '${runtime}';`];
  for (const [from, names] of [...e.imports.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    imports.push(`import { ${[...names].sort().join(', ')} } from '${from}';`);
  }
  const sources = [...new Set(schemas.map((s) => s.source.file))];
  // A local constant: one plain-object property load per helper call, not an import binding.
  const local = 'const pb = generatedSupport;';
  return `${tsHeader(sources)}\n${imports.join('\n')}\n\n${local}\n${e.consts.join('\n')}\n\n${e.functions.join('\n')}\n${registrations.join('\n')}\n`;
}
