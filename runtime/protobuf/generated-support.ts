// The small helpers generated codecs call (generated/<group>/<version>/protobuf-codecs.ts).
// The generator writes one decode function (a `switch` over field numbers) and one encode
// function (present fields in tag order) per message; what repeats in every field — type checks
// that throw ProtobufEncodeError, kube's zero rule, map entries, packed lists, special
// encodings — lives here once, so the generated code stays short. The behaviour is exactly the
// descriptor interpreter's (message-codec.ts), which the tests keep as the reference.
import type { FieldDescriptor, MessageDescriptor, SpecialEncoding } from './descriptor.js';
import { ProtobufDecodeError, ProtobufEncodeError } from './errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { MAX_MESSAGE_DEPTH } from './message-codec.js';
import { decodeEnvelopedObject, type ProtobufCodec } from './registry.js';
import { SPECIAL_ENCODINGS, type SpecialCodec, type SpecialContext } from './special/index.js';
import { WireReader } from './wire-reader.js';
import { WIRE_TYPE_NAMES, WireType } from './wire-types.js';
import { WireWriter } from './wire-writer.js';

export { MAX_MESSAGE_DEPTH, WireReader, WireWriter, type JsonObject, type JsonValue };

export type Encoder = (w: WireWriter, obj: JsonObject) => void;
export type Decoder = (r: WireReader, depth: number, target: JsonObject) => JsonObject;

/** A kind's codec from its generated functions. */
export function codec(encode: Encoder, decode: Decoder): ProtobufCodec {
  return {
    encode(obj: JsonObject): Buffer {
      const w = new WireWriter();
      encode(w, obj);
      return w.finish();
    },
    decode: (raw: Uint8Array, depth = 0): JsonObject => decode(new WireReader(raw), depth, {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Decoding

export function tooDeep(r: WireReader): never {
  throw new ProtobufDecodeError(`messages nested more than ${MAX_MESSAGE_DEPTH} levels deep`, r.pos);
}

/** A known field with the wrong wire type (`json` is `<embedded n>` for an embedded struct). */
export function badWire(message: string, json: string, key: number, expected: number, at: number): never {
  throw new ProtobufDecodeError(
    `${message}.${json} (field ${key >>> 3}) has wire type ${WIRE_TYPE_NAMES[key & 7]}, expected ${WIRE_TYPE_NAMES[expected]}`,
    at,
  );
}

/** Kube's zero rule for a singular non-pointer scalar: a zero on the wire means "not set". */
export function put(t: JsonObject, json: string, v: JsonValue): void {
  if (v === '' || v === 0 || v === false) delete t[json];
  else t[json] = v;
}

/** A special encoding's value, or a later empty one removing an earlier value. */
export function putOptional(t: JsonObject, json: string, v: JsonValue | undefined): void {
  if (v === undefined) delete t[json];
  else t[json] = v;
}

/** The object a repeated occurrence of a message field merges into. */
export function obj(existing: JsonValue | undefined): JsonObject {
  return isJsonObject(existing) ? existing : {};
}

export function listOf(t: JsonObject, json: string): JsonValue[] {
  const existing = t[json];
  if (Array.isArray(existing)) return existing;
  const list: JsonValue[] = [];
  t[json] = list;
  return list;
}

function mapOf(t: JsonObject, json: string): JsonObject {
  const existing = t[json];
  if (isJsonObject(existing)) return existing;
  const into: JsonObject = {};
  t[json] = into;
  return into;
}

export type PackableType = 'int32' | 'int64' | 'bool' | 'double';

/** Packed scalars: one length-delimited run of values. */
export function packed(r: WireReader, list: JsonValue[], type: PackableType): void {
  while (!r.eof()) {
    list.push(type === 'int32' ? r.readInt32() : type === 'int64' ? r.readInt64() : type === 'bool' ? r.readBool() : r.readDouble());
  }
}

/** A special encoding at one field: the runtime codec with the field it serves. */
export interface Special {
  readonly codec: SpecialCodec;
  readonly field: FieldDescriptor;
  readonly ctx: SpecialContext;
}

const noMessages: SpecialContext = {
  encodeMessage: () => {
    throw new Error('this special encoding holds no messages');
  },
  decodeMessage: () => {
    throw new Error('this special encoding holds no messages');
  },
  decodeEnveloped: (raw, depth) => decodeEnvelopedObject(raw, depth),
};

// The json-schema-props-or-* codecs ask the context for JSONSchemaProps through a descriptor;
// generated contexts ignore it and call the generated functions instead.
const GENERATED_SCHEMA: MessageDescriptor = { name: 'JSONSchemaProps (generated)', fields: [] };

export function special(encoding: Exclude<SpecialEncoding, `json-schema-props-${string}`>, json: string, tag: number): Special {
  return { codec: SPECIAL_ENCODINGS[encoding], field: { json, tag, type: encoding }, ctx: noMessages };
}

export function schemaSpecial(encoding: Extract<SpecialEncoding, `json-schema-props-${string}`>, json: string, tag: number, encode: Encoder, decode: Decoder): Special {
  return {
    codec: SPECIAL_ENCODINGS[encoding],
    field: { json, tag, type: encoding, message: () => GENERATED_SCHEMA },
    ctx: {
      encodeMessage: (w, _desc, o) => encode(w, o),
      decodeMessage: (r, _desc, depth) => decode(r, depth, {}),
      decodeEnveloped: (raw, depth) => decodeEnvelopedObject(raw, depth),
    },
  };
}

/** Reads one special-encoded value (wire type already checked); `depth` is the parent's. */
export function readSpecial(r: WireReader, depth: number, s: Special): JsonValue | undefined {
  if (depth + 1 > MAX_MESSAGE_DEPTH) tooDeep(r);
  return s.codec.decode(r.readSubReader(), s.field, s.ctx, depth + 1);
}

/** `{repeated string items = 1}`: the verbs and extra-value wrappers. */
function readStringList(r: WireReader, message: string, json: string, tag: number): string[] {
  const out: string[] = [];
  while (!r.eof()) {
    const at = r.pos;
    const key = r.readKey();
    if (key >>> 3 === 1) {
      if ((key & 7) !== WireType.LengthDelimited) badWire(message, json, (tag << 3) | (key & 7), WireType.LengthDelimited, at);
      out.push(r.readString());
    } else {
      r.skip(key & 7, key >>> 3);
    }
  }
  return out;
}

export function verbs(r: WireReader, t: JsonObject, message: string, json: string, tag: number): void {
  const items = readStringList(r, message, json, tag);
  const existing = t[json];
  t[json] = Array.isArray(existing) ? existing.concat(items) : items;
}

/** How a map field's values are read: wire type, one value, and the value of an entry without one. */
export interface MapField {
  readonly message: string;
  readonly json: string;
  readonly tag: number;
  readonly wireType: number;
  /** Reads one value; `depth` is the entry's. */
  read(r: WireReader, depth: number): JsonValue | undefined;
  zero(depth: number): JsonValue;
}

const EMPTY = new Uint8Array(0);
const SCALAR_WIRE: Record<string, number> = { int32: WireType.Varint, int64: WireType.Varint, bool: WireType.Varint, double: WireType.Fixed64 };

export function scalarMap(message: string, json: string, tag: number, type: 'string' | 'bytes' | PackableType): MapField {
  const read =
    type === 'string' ? (r: WireReader) => r.readString()
    : type === 'bytes' ? (r: WireReader) => r.readBase64()
    : type === 'int32' ? (r: WireReader) => r.readInt32()
    : type === 'int64' ? (r: WireReader) => r.readInt64()
    : type === 'bool' ? (r: WireReader) => r.readBool()
    : (r: WireReader) => r.readDouble();
  const zero: JsonValue = type === 'string' || type === 'bytes' ? '' : type === 'bool' ? false : 0;
  return { message, json, tag, wireType: SCALAR_WIRE[type] ?? WireType.LengthDelimited, read, zero: () => zero };
}

export function messageMap(message: string, json: string, tag: number, decode: Decoder): MapField {
  return { message, json, tag, wireType: WireType.LengthDelimited, read: (r, depth) => decode(r.readSubReader(), depth + 1, {}), zero: () => ({}) };
}

export function specialMap(message: string, json: string, tag: number, s: Special): MapField {
  return {
    message,
    json,
    tag,
    wireType: WireType.LengthDelimited,
    read: (r, depth) => readSpecial(r, depth, s),
    zero: (depth) => s.codec.decode(new WireReader(EMPTY), s.field, s.ctx, depth + 1) ?? null,
  };
}

export function extraValueMap(message: string, json: string, tag: number): MapField {
  return { message, json, tag, wireType: WireType.LengthDelimited, read: (r) => readStringList(r.readSubReader(), message, json, tag), zero: () => [] };
}

/** Map keys come from the wire: `__proto__` must become a plain property, not a prototype. */
function setEntry(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** One `{1 key, 2 value}` entry into `t[f.json]`; `depth` is the entry's. */
export function mapEntry(r: WireReader, t: JsonObject, depth: number, f: MapField): void {
  const into = mapOf(t, f.json);
  if (depth > MAX_MESSAGE_DEPTH) tooDeep(r);
  let key = '';
  let value: JsonValue | undefined;
  while (!r.eof()) {
    const at = r.pos;
    const k = r.readKey();
    const field = k >>> 3;
    const wt = k & 7;
    if (field === 1) {
      if (wt !== WireType.LengthDelimited) throw new ProtobufDecodeError(`${f.message}.${f.json}: map key has wire type ${WIRE_TYPE_NAMES[wt]}, expected length-delimited`, at);
      key = r.readString();
    } else if (field === 2) {
      if (wt !== f.wireType) badWire(f.message, f.json, (f.tag << 3) | wt, f.wireType, at);
      value = f.read(r, depth);
    } else {
      r.skip(wt, field);
    }
  }
  setEntry(into, key, value !== undefined ? value : f.zero(depth));
}

// ---------------------------------------------------------------------------------------------
// Encoding

function encodeError(message: string, json: string, expected: string): ProtobufEncodeError {
  return new ProtobufEncodeError(`${message}.${json}: expected ${expected}`);
}

/** `force`: write a zero too (list items, map values, pointer scalars). */
export function eString(w: WireWriter, tag: number, v: JsonValue, force: boolean, message: string, json: string): void {
  if (typeof v !== 'string') throw encodeError(message, json, 'a string');
  if (!force && v === '') return;
  w.key(tag, WireType.LengthDelimited);
  w.string(v);
}

export function eBytes(w: WireWriter, tag: number, v: JsonValue, force: boolean, message: string, json: string): void {
  if (typeof v !== 'string') throw encodeError(message, json, 'a base64 string');
  if (!force && v === '') return;
  w.key(tag, WireType.LengthDelimited);
  w.bytes(Buffer.from(v, 'base64'));
}

export function eInt(w: WireWriter, tag: number, v: JsonValue, force: boolean, message: string, json: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw encodeError(message, json, 'an integer');
  if (!force && v === 0) return;
  w.key(tag, WireType.Varint);
  w.int64(v);
}

export function eBool(w: WireWriter, tag: number, v: JsonValue, force: boolean, message: string, json: string): void {
  if (typeof v !== 'boolean') throw encodeError(message, json, 'a boolean');
  if (!force && !v) return;
  w.key(tag, WireType.Varint);
  w.bool(v);
}

export function eDouble(w: WireWriter, tag: number, v: JsonValue, force: boolean, message: string, json: string): void {
  if (typeof v !== 'number') throw encodeError(message, json, 'a number');
  if (!force && v === 0) return;
  w.key(tag, WireType.Fixed64);
  w.double(v);
}

export function eMessage(w: WireWriter, tag: number, v: JsonValue, message: string, json: string, encode: Encoder): void {
  if (!isJsonObject(v)) throw encodeError(message, json, 'an object');
  w.fork();
  encode(w, v);
  w.join(tag);
}

export function eSpecial(w: WireWriter, tag: number, v: JsonValue, s: Special): void {
  w.fork();
  s.codec.encode(w, v, s.field, s.ctx);
  w.join(tag);
}

/** `{repeated string items = 1}` as field `tag`: the verbs and extra-value wrappers. */
export function eStrings(w: WireWriter, tag: number, v: JsonValue, message: string, json: string): void {
  if (!Array.isArray(v)) throw encodeError(message, json, 'an array of strings');
  w.fork();
  for (const s of v) {
    if (typeof s !== 'string') throw encodeError(message, json, 'an array of strings');
    w.key(1, WireType.LengthDelimited);
    w.string(s);
  }
  w.join(tag);
}

/** The items of a repeated field, checked to be an array. */
export function items(v: JsonValue, message: string, json: string): readonly JsonValue[] {
  if (!Array.isArray(v)) throw encodeError(message, json, 'an array');
  return v;
}

/** One item of a repeated field: null has no place on the wire. */
export function item(v: JsonValue, message: string, json: string): JsonValue {
  if (v === null) throw encodeError(message, json, 'no null items');
  return v;
}

/**
 * Map entries sorted by key, as kube writes them, so equal objects give equal bytes. (Sorting by
 * UTF-16 units differs from Go's byte order only between U+E000-U+FFFF and astral characters.)
 * `write` gets every value, null included; it writes field 2.
 */
export function eMap(w: WireWriter, tag: number, v: JsonValue, message: string, json: string, write: (value: JsonValue) => void): void {
  if (!isJsonObject(v)) throw encodeError(message, json, 'an object');
  const keys = Object.keys(v);
  if (keys.length > 1) keys.sort();
  for (const k of keys) {
    w.fork();
    w.key(1, WireType.LengthDelimited);
    w.string(k);
    write(v[k]!);
    w.join(tag);
  }
}
