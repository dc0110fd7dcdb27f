// Raw OpenAPI schema objects (v2 or v3) -> SchemaNode. Anything the generator would have to
// guess at (allOf of several schemas, `not`, oneOf of objects) is refused with its location.
import { pointerOf, type SpecProblem } from '../errors.js';
import { followPointer, splitRef, type SpecDocument } from '../load/index.js';
import type { PrimitiveType, ProtobufField, SchemaNode, SchemaType } from './ir.js';

export interface SchemaContext {
  readonly doc: SpecDocument;
  readonly byPath: ReadonlyMap<string, SpecDocument>;
  readonly problems: SpecProblem[];
}

const TYPES = new Set<SchemaType>(['string', 'integer', 'number', 'boolean', 'object', 'array']);
const PRIMITIVES = new Set<string>(['string', 'integer', 'number', 'boolean']);
const LIST_TYPES = new Set(['atomic', 'set', 'map']);
const MAP_TYPES = new Set(['atomic', 'granular']);

type Raw = Record<string, unknown>;

function isRaw(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Name of the named schema a `$ref` points at, or undefined (with a problem) when it is not one. */
export function refName(ref: string, ctx: SchemaContext, at: string): string | undefined {
  const target = splitRef(ref, ctx.doc);
  const targetDoc = ctx.byPath.get(target.path);
  const m = /^\/(?:components\/schemas|definitions)\/([^/]+)$/.exec(target.pointer);
  if (targetDoc && m && followPointer(targetDoc.root, target.pointer) === undefined) {
    ctx.problems.push({ file: ctx.doc.displayName, pointer: at, message: `dangling $ref ${JSON.stringify(ref)}` });
    return undefined;
  }
  if (!m || !targetDoc) {
    ctx.problems.push({ file: ctx.doc.displayName, pointer: at, message: `unsupported $ref ${JSON.stringify(ref)}: a schema may only reference a named schema (#/components/schemas/<name> or #/definitions/<name>)` });
    return undefined;
  }
  return m[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
}

function unsupported(ctx: SchemaContext, at: string, what: string): void {
  ctx.problems.push({ file: ctx.doc.displayName, pointer: at, message: `unsupported construct: ${what}` });
}

function num(raw: Raw, key: string): number | undefined {
  const v = raw[key];
  return typeof v === 'number' ? v : undefined;
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

// Tag values are checked here (checkProtobufTags); test/specs/protobuf-tags.test.ts checks the facts.
function protobufField(raw: Raw): ProtobufField | undefined {
  const tag = raw['x-capstan-protobuf-tag'];
  if (typeof tag !== 'number' || !Number.isInteger(tag) || tag < 1) return undefined;
  const field: { -readonly [K in keyof ProtobufField]: ProtobufField[K] } = { tag };
  const embedded = raw['x-capstan-protobuf-embedded-in'];
  if (Array.isArray(embedded) && embedded.every((n) => typeof n === 'number')) field.embeddedIn = embedded as number[];
  if (raw['x-capstan-protobuf-map-value'] === 'extra-value') field.mapValue = 'extra-value';
  if (raw['x-capstan-protobuf-list-wrapper'] === 'verbs') field.listWrapper = 'verbs';
  if (raw['x-capstan-protobuf-optional'] === true) field.optional = true;
  return field;
}

/**
 * A schema that tags any property declares protobuf support: then every property needs a
 * field number (apiVersion/kind may both go untagged: they travel in the envelope), and the
 * numbers are unique within the message (or within the nested message they are embedded in).
 */
function checkProtobufTags(rawProps: Raw, props: ReadonlyMap<string, SchemaNode>, at: string, ctx: SchemaContext): void {
  const tagged = [...props.values()].some((p) => p.protobuf !== undefined);
  for (const [name, value] of Object.entries(rawProps)) {
    const rawTag = isRaw(value) ? value['x-capstan-protobuf-tag'] : undefined;
    if (rawTag !== undefined && props.get(name)?.protobuf === undefined) {
      ctx.problems.push({ file: ctx.doc.displayName, pointer: `${at}/properties/${pointerOf(name).slice(1)}/x-capstan-protobuf-tag`, message: `protobuf field number must be a positive integer, got ${JSON.stringify(rawTag)}` });
    }
  }
  if (!tagged) return;
  const header = ['apiVersion', 'kind'].every((n) => !props.has(n) || props.get(n)!.protobuf === undefined);
  const seen = new Map<string, string>();
  for (const [name, prop] of props) {
    const pointer = `${at}/properties/${pointerOf(name).slice(1)}`;
    if (prop.protobuf === undefined) {
      if (header && (name === 'apiVersion' || name === 'kind')) continue;
      ctx.problems.push({ file: ctx.doc.displayName, pointer, message: `property "${name}" has no x-capstan-protobuf-tag, but other properties of this schema have one` });
      continue;
    }
    const slot = [...(prop.protobuf.embeddedIn ?? []), prop.protobuf.tag].join('.');
    const other = seen.get(slot);
    if (other !== undefined) {
      ctx.problems.push({ file: ctx.doc.displayName, pointer: `${pointer}/x-capstan-protobuf-tag`, message: `protobuf field number ${slot} is used by both "${other}" and "${name}"` });
    } else {
      seen.set(slot, name);
    }
  }
}

export function toSchemaNode(raw: unknown, at: string, ctx: SchemaContext): SchemaNode {
  if (raw === true || (isRaw(raw) && Object.keys(raw).length === 0)) return {};
  if (!isRaw(raw)) {
    ctx.problems.push({ file: ctx.doc.displayName, pointer: at, message: 'expected a schema object' });
    return {};
  }
  const node: { -readonly [K in keyof SchemaNode]: SchemaNode[K] } = {};

  if (typeof raw['$ref'] === 'string') {
    const name = refName(raw['$ref'], ctx, at);
    if (name !== undefined) node.ref = name;
  }
  if (Array.isArray(raw['allOf'])) {
    const all = raw['allOf'];
    // `allOf: [ {$ref} ]` is how v3 attaches a description or default to a reference.
    if (all.length === 1 && isRaw(all[0]) && typeof all[0]['$ref'] === 'string' && node.ref === undefined) {
      const name = refName(all[0]['$ref'], ctx, `${at}/allOf/0`);
      if (name !== undefined) node.ref = name;
    } else {
      unsupported(ctx, `${at}/allOf`, 'allOf is only supported with a single $ref');
    }
  }
  if (raw['not'] !== undefined) unsupported(ctx, `${at}/not`, '`not` schemas');

  const intOrString = raw['x-kubernetes-int-or-string'] === true || raw['format'] === 'int-or-string';
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = raw[key];
    if (!Array.isArray(branches)) continue;
    if (intOrString) continue;
    const types: PrimitiveType[] = [];
    for (const [i, b] of branches.entries()) {
      if (isRaw(b) && typeof b['type'] === 'string' && PRIMITIVES.has(b['type']) && Object.keys(b).every((k) => k === 'type' || k === 'format' || k === 'description')) {
        if (!types.includes(b['type'] as PrimitiveType)) types.push(b['type'] as PrimitiveType);
      } else {
        unsupported(ctx, `${at}/${key}/${i}`, `${key} is only supported over plain primitive types`);
      }
    }
    node.unionTypes = types;
  }
  if (intOrString) {
    node.intOrString = true;
    node.unionTypes = ['integer', 'string'];
  }

  const type = raw['type'];
  if (typeof type === 'string') {
    if (!TYPES.has(type as SchemaType)) unsupported(ctx, `${at}/type`, `type ${JSON.stringify(type)}`);
    else if (!intOrString) node.type = type as SchemaType;
  } else if (Array.isArray(type)) {
    const rest = type.filter((t) => t !== 'null');
    if (type.includes('null')) node.nullable = true;
    if (rest.length === 1 && TYPES.has(rest[0] as SchemaType)) node.type = rest[0] as SchemaType;
    else if (rest.length > 1 && rest.every((t) => PRIMITIVES.has(String(t)))) node.unionTypes = rest as PrimitiveType[];
    else unsupported(ctx, `${at}/type`, `type ${JSON.stringify(type)}`);
  } else if (type !== undefined) {
    unsupported(ctx, `${at}/type`, 'type must be a string');
  }
  if (typeof raw['format'] === 'string' && !intOrString) node.format = raw['format'];
  if (typeof raw['description'] === 'string') node.description = raw['description'];
  if (Array.isArray(raw['enum'])) node.enum = raw['enum'];
  if ('default' in raw) {
    node.default = raw['default'];
    node.hasDefault = true;
  }
  if (raw['nullable'] === true || raw['x-nullable'] === true) node.nullable = true;

  if (raw['properties'] !== undefined) {
    if (!isRaw(raw['properties'])) unsupported(ctx, `${at}/properties`, 'properties must be an object');
    else {
      const props = new Map<string, SchemaNode>();
      for (const [k, v] of Object.entries(raw['properties'])) props.set(k, toSchemaNode(v, `${at}/properties/${pointerOf(k).slice(1)}`, ctx));
      node.properties = props;
      checkProtobufTags(raw['properties'] as Raw, props, at, ctx);
      if (node.type === undefined && node.ref === undefined) node.type = 'object';
    }
  }
  const required = stringList(raw['required']);
  if (required) node.required = required;
  else if (raw['required'] !== undefined) unsupported(ctx, `${at}/required`, 'required must be a list of property names');

  const ap = raw['additionalProperties'];
  if (ap === true) node.additionalProperties = true;
  else if (isRaw(ap)) node.additionalProperties = Object.keys(ap).length === 0 ? true : toSchemaNode(ap, `${at}/additionalProperties`, ctx);

  if (raw['items'] !== undefined) {
    if (Array.isArray(raw['items'])) unsupported(ctx, `${at}/items`, 'tuple items (items must be one schema)');
    else node.items = toSchemaNode(raw['items'], `${at}/items`, ctx);
    if (node.type === undefined && node.ref === undefined) node.type = 'array';
  }

  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    const v = num(raw, key);
    if (v !== undefined) node[key] = v;
  }
  if (raw['exclusiveMinimum'] === true) node.exclusiveMinimum = true;
  if (raw['exclusiveMaximum'] === true) node.exclusiveMaximum = true;
  // OpenAPI 3.1 spells exclusive bounds as numbers.
  if (typeof raw['exclusiveMinimum'] === 'number') {
    node.minimum = raw['exclusiveMinimum'];
    node.exclusiveMinimum = true;
  }
  if (typeof raw['exclusiveMaximum'] === 'number') {
    node.maximum = raw['exclusiveMaximum'];
    node.exclusiveMaximum = true;
  }
  if (typeof raw['pattern'] === 'string') {
    try {
      new RegExp(raw['pattern'], 'u');
      node.pattern = raw['pattern'];
    } catch {
      ctx.problems.push({ file: ctx.doc.displayName, pointer: `${at}/pattern`, message: `pattern is not a valid regular expression: ${raw['pattern']}` });
    }
  }
  if (raw['uniqueItems'] === true) node.uniqueItems = true;

  if (raw['x-kubernetes-preserve-unknown-fields'] === true) node.preserveUnknownFields = true;
  if (raw['x-kubernetes-embedded-resource'] === true) node.embeddedResource = true;
  const listType = raw['x-kubernetes-list-type'];
  if (listType !== undefined) {
    if (typeof listType === 'string' && LIST_TYPES.has(listType)) node.listType = listType as 'atomic' | 'set' | 'map';
    else unsupported(ctx, `${at}/x-kubernetes-list-type`, `list type ${JSON.stringify(listType)}`);
  }
  const mapKeys = stringList(raw['x-kubernetes-list-map-keys']);
  if (mapKeys) node.listMapKeys = mapKeys;
  if (node.listType === 'map' && !mapKeys) {
    ctx.problems.push({ file: ctx.doc.displayName, pointer: at, message: 'x-kubernetes-list-type: map needs x-kubernetes-list-map-keys' });
  }
  const mapType = raw['x-kubernetes-map-type'];
  if (mapType !== undefined) {
    if (typeof mapType === 'string' && MAP_TYPES.has(mapType)) node.mapType = mapType as 'atomic' | 'granular';
    else unsupported(ctx, `${at}/x-kubernetes-map-type`, `map type ${JSON.stringify(mapType)}`);
  }
  if (typeof raw['x-kubernetes-patch-strategy'] === 'string') node.patchStrategy = raw['x-kubernetes-patch-strategy'];
  if (typeof raw['x-kubernetes-patch-merge-key'] === 'string') node.patchMergeKey = raw['x-kubernetes-patch-merge-key'];
  if (typeof raw['x-capstan-protobuf-encoding'] === 'string') node.protobufEncoding = raw['x-capstan-protobuf-encoding'];
  const protobuf = protobufField(raw);
  if (protobuf) node.protobuf = protobuf;
  return node;
}
