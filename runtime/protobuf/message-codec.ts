// The descriptor interpreter: it walks a MessageDescriptor to encode a JSON object, and walks
// the wire to decode one. The server uses generated codecs (generated-support.ts says how);
// this is their reference behaviour (test/protobuf/generated-vs-interpreter.test.ts) and runs
// messages tests describe by hand. Descriptors are compiled once and cached.
//
// Kube's zero rule, precisely: a singular scalar field without `explicitPresence` whose decoded
// value is '' / 0 / false / empty bytes is left out of the JSON object, because kube's encoder
// writes such values for every non-pointer Go field whether set or not. Items of lists and
// values of maps are always kept, empty or not. Messages (and special encodings other than
// Time) are kept when present on the wire, even empty (`spec: {}`). On encode a field absent
// or null in JSON is not written, and neither is a zero singular scalar without
// `explicitPresence` (it would decode as absent anyway). Fields are written in tag order and
// map entries sorted by key, as kube writes them.
import type { FieldDescriptor, FieldType, MessageDescriptor, SpecialEncoding } from './descriptor.js';
import { ProtobufDecodeError, ProtobufEncodeError } from './errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { SPECIAL_ENCODINGS, type SpecialCodec, type SpecialContext } from './special/index.js';
import { WireReader } from './wire-reader.js';
import { WIRE_TYPE_NAMES, WireType } from './wire-types.js';
import { WireWriter } from './wire-writer.js';

/** Messages nested deeper than this are refused (the JSON body limit is the same). */
export const MAX_MESSAGE_DEPTH = 1000;

interface CompiledField {
  readonly json: string;
  readonly tag: number;
  readonly type: FieldType;
  readonly wireType: number;
  readonly repeated: boolean;
  readonly map: boolean;
  readonly explicit: boolean;
  readonly listWrapper: boolean;
  readonly extraValue: boolean;
  readonly special: SpecialCodec | undefined;
  readonly source: FieldDescriptor;
  readonly message: (() => CompiledMessage) | undefined;
  /** An embedded Go struct: its fields live in the parent's JSON object. */
  readonly inline: CompiledMessage | undefined;
}

interface CompiledMessage {
  readonly name: string;
  /** Indexed by field number (kube's numbers are small, so a dense array beats a Map). */
  readonly byTag: ReadonlyArray<CompiledField | undefined>;
  readonly order: readonly CompiledField[];
}

const compiled = new WeakMap<MessageDescriptor, CompiledMessage>();

function wireTypeOf(type: FieldType): number {
  switch (type) {
    case 'int32':
    case 'int64':
    case 'bool':
      return WireType.Varint;
    case 'double':
      return WireType.Fixed64;
    default:
      return WireType.LengthDelimited;
  }
}

function isSpecial(type: FieldType): type is SpecialEncoding {
  return type in SPECIAL_ENCODINGS;
}

export function compileMessage(desc: MessageDescriptor): CompiledMessage {
  const hit = compiled.get(desc);
  if (hit) return hit;
  const result = compileFields(desc.name, desc.fields);
  compiled.set(desc, result);
  return result;
}

function compileFields(name: string, fields: readonly FieldDescriptor[]): CompiledMessage {
  const byTag = new Map<number, CompiledField>();
  const embedded = new Map<number, FieldDescriptor[]>();
  const add = (f: CompiledField): void => {
    if (byTag.has(f.tag)) throw new Error(`${name}: field number ${f.tag} is used twice`);
    byTag.set(f.tag, f);
  };
  for (const f of fields) {
    if (f.embeddedIn && f.embeddedIn.length > 0) {
      const [outer, ...rest] = f.embeddedIn;
      const group = embedded.get(outer!) ?? [];
      group.push({ ...f, embeddedIn: rest });
      embedded.set(outer!, group);
      continue;
    }
    const thunk = f.message;
    let cache: CompiledMessage | undefined;
    add({
      json: f.json,
      tag: f.tag,
      type: f.type,
      wireType: f.listWrapper ? WireType.LengthDelimited : wireTypeOf(f.type),
      repeated: f.repeated === true,
      map: f.map === true,
      explicit: f.explicitPresence === true,
      listWrapper: f.listWrapper === 'verbs',
      extraValue: f.mapValue === 'extra-value',
      special: isSpecial(f.type) ? SPECIAL_ENCODINGS[f.type] : undefined,
      source: f,
      message: thunk ? () => (cache ??= compileMessage(thunk())) : undefined,
      inline: undefined,
    });
    if (f.type === 'message' && !thunk) throw new Error(`${name}.${f.json}: a message field needs its descriptor`);
  }
  for (const [tag, group] of embedded) {
    const inner = compileFields(`${name}(embedded ${tag})`, group);
    add({
      json: '',
      tag,
      type: 'message',
      wireType: WireType.LengthDelimited,
      repeated: false,
      map: false,
      explicit: false,
      listWrapper: false,
      extraValue: false,
      special: undefined,
      source: { json: '', tag, type: 'message' },
      message: undefined,
      inline: inner,
    });
  }
  const order = [...byTag.values()].sort((a, b) => a.tag - b.tag);
  const dense: Array<CompiledField | undefined> = [];
  for (const f of order) dense[f.tag] = f;
  return { name, byTag: Array.from(dense), order };
}

// ---------------------------------------------------------------------------------------------
// Encoding

const context: SpecialContext = {
  encodeMessage: (w, desc, obj) => encodeFields(w, compileMessage(desc), obj),
  decodeMessage: (r, desc, depth) => decodeFields(r, compileMessage(desc), {}, depth),
  decodeEnveloped: (raw, depth) => decodeEnvelopedHook(raw, depth),
};

/** Set by the registry: decoding a RawExtension that holds an enveloped object needs it. */
let decodeEnvelopedHook: (raw: Uint8Array, depth: number) => JsonObject = () => {
  throw new ProtobufDecodeError('no codec registry to decode an embedded object');
};

export function setEnvelopedDecoder(fn: (raw: Uint8Array, depth: number) => JsonObject): void {
  decodeEnvelopedHook = fn;
}

export function encodeMessage(desc: MessageDescriptor, obj: JsonObject): Buffer {
  const w = new WireWriter();
  encodeFields(w, compileMessage(desc), obj);
  return w.finish();
}

function hasAny(m: CompiledMessage, obj: JsonObject): boolean {
  for (const f of m.order) {
    if (f.inline ? hasAny(f.inline, obj) : obj[f.json] !== undefined && obj[f.json] !== null) return true;
  }
  return false;
}

function encodeFields(w: WireWriter, m: CompiledMessage, obj: JsonObject): void {
  for (const f of m.order) {
    if (f.inline) {
      if (!hasAny(f.inline, obj)) continue;
      w.fork();
      encodeFields(w, f.inline, obj);
      w.join(f.tag);
      continue;
    }
    const v = obj[f.json];
    if (v === undefined || v === null) continue;
    if (f.map) {
      if (!isJsonObject(v)) throw encodeError(m, f, 'an object');
      // Sorted like kube's encoder sorts map keys, so equal objects give equal bytes. (Sorting
      // by UTF-16 units differs from Go's byte order only between U+E000-U+FFFF and astral
      // characters.)
      const keys = Object.keys(v);
      if (keys.length > 1) keys.sort();
      for (const k of keys) {
        w.fork();
        w.key(1, WireType.LengthDelimited);
        w.string(k);
        const item = v[k]!;
        if (f.extraValue) writeStringList(w, m, f, item, 2);
        else if (item !== null) writeValue(w, m, f, item, 2, true);
        w.join(f.tag);
      }
    } else if (f.listWrapper) {
      writeStringList(w, m, f, v, f.tag);
    } else if (f.repeated) {
      if (!Array.isArray(v)) throw encodeError(m, f, 'an array');
      for (const item of v) {
        if (item === null) throw encodeError(m, f, 'no null items');
        writeValue(w, m, f, item, f.tag, true);
      }
    } else {
      writeValue(w, m, f, v, f.tag, f.explicit);
    }
  }
}

/** `{repeated string items = 1}` as field `tag`: the verbs and extra-value wrappers. */
function writeStringList(w: WireWriter, m: CompiledMessage, f: CompiledField, v: JsonValue, tag: number): void {
  if (!Array.isArray(v)) throw encodeError(m, f, 'an array of strings');
  w.fork();
  for (const s of v) {
    if (typeof s !== 'string') throw encodeError(m, f, 'an array of strings');
    w.key(1, WireType.LengthDelimited);
    w.string(s);
  }
  w.join(tag);
}

function writeValue(w: WireWriter, m: CompiledMessage, f: CompiledField, v: JsonValue, tag: number, force: boolean): void {
  switch (f.type) {
    case 'string':
      if (typeof v !== 'string') throw encodeError(m, f, 'a string');
      if (!force && v === '') return;
      w.key(tag, WireType.LengthDelimited);
      w.string(v);
      return;
    case 'bytes': {
      if (typeof v !== 'string') throw encodeError(m, f, 'a base64 string');
      if (!force && v === '') return;
      w.key(tag, WireType.LengthDelimited);
      w.bytes(Buffer.from(v, 'base64'));
      return;
    }
    case 'int32':
    case 'int64':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw encodeError(m, f, 'an integer');
      if (!force && v === 0) return;
      w.key(tag, WireType.Varint);
      w.int64(v);
      return;
    case 'bool':
      if (typeof v !== 'boolean') throw encodeError(m, f, 'a boolean');
      if (!force && !v) return;
      w.key(tag, WireType.Varint);
      w.bool(v);
      return;
    case 'double':
      if (typeof v !== 'number') throw encodeError(m, f, 'a number');
      if (!force && v === 0) return;
      w.key(tag, WireType.Fixed64);
      w.double(v);
      return;
    case 'message':
      if (!isJsonObject(v)) throw encodeError(m, f, 'an object');
      w.fork();
      encodeFields(w, f.message!(), v);
      w.join(tag);
      return;
    default:
      w.fork();
      f.special!.encode(w, v, f.source, context);
      w.join(tag);
  }
}

function encodeError(m: CompiledMessage, f: CompiledField, expected: string): ProtobufEncodeError {
  return new ProtobufEncodeError(`${m.name}.${f.json}: expected ${expected}`);
}

// ---------------------------------------------------------------------------------------------
// Decoding

export function decodeMessage(desc: MessageDescriptor, bytes: Uint8Array, depth = 0): JsonObject {
  return decodeFields(new WireReader(bytes), compileMessage(desc), {}, depth);
}

/** Map keys come from the wire: `__proto__` must become a plain property, not a prototype. */
function setEntry(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function decodeFields(r: WireReader, m: CompiledMessage, target: JsonObject, depth: number): JsonObject {
  if (depth > MAX_MESSAGE_DEPTH) throw new ProtobufDecodeError(`messages nested more than ${MAX_MESSAGE_DEPTH} levels deep`, r.pos);
  while (!r.eof()) {
    const keyAt = r.pos;
    const key = r.readKey();
    const tag = key >>> 3;
    const wt = key & 7;
    const f = m.byTag[tag];
    if (f === undefined) {
      r.skip(wt, tag);
      continue;
    }
    if (f.inline) {
      checkWireType(m, f, wt, WireType.LengthDelimited, keyAt);
      decodeFields(r.readSubReader(), f.inline, target, depth + 1);
      continue;
    }
    if (f.map) {
      checkWireType(m, f, wt, WireType.LengthDelimited, keyAt);
      const existing = target[f.json];
      const into = isJsonObject(existing) ? existing : (target[f.json] = {});
      decodeMapEntry(r.readSubReader(), m, f, into, depth + 1);
    } else if (f.listWrapper) {
      checkWireType(m, f, wt, WireType.LengthDelimited, keyAt);
      const items = readStringList(r.readSubReader(), m, f);
      const existing = target[f.json];
      target[f.json] = Array.isArray(existing) ? existing.concat(items) : items;
    } else if (f.repeated) {
      const existing = target[f.json];
      const list = Array.isArray(existing) ? existing : (target[f.json] = []);
      if (wt === WireType.LengthDelimited && f.wireType !== WireType.LengthDelimited) {
        // Packed scalars: one length-delimited run of values.
        const sub = r.readSubReader();
        while (!sub.eof()) list.push(readScalar(sub, f.type));
      } else {
        checkWireType(m, f, wt, f.wireType, keyAt);
        const v = readValue(r, f, depth, undefined);
        if (v !== undefined) list.push(v);
      }
    } else {
      checkWireType(m, f, wt, f.wireType, keyAt);
      const existing = target[f.json];
      // A message seen twice is merged, as protobuf specifies.
      const v = readValue(r, f, depth, f.type === 'message' && isJsonObject(existing) ? existing : undefined);
      if (v === undefined || (!f.explicit && isZeroScalar(f.type, v))) delete target[f.json];
      else target[f.json] = v;
    }
  }
  return target;
}

function isZeroScalar(type: FieldType, v: JsonValue): boolean {
  switch (type) {
    case 'string':
    case 'bytes':
      return v === '';
    case 'int32':
    case 'int64':
    case 'double':
      return v === 0;
    case 'bool':
      return v === false;
    default:
      return false;
  }
}

function checkWireType(m: CompiledMessage, f: CompiledField, actual: number, expected: number, at: number): void {
  if (actual !== expected) {
    throw new ProtobufDecodeError(
      `${m.name}.${f.json || `<embedded ${f.tag}>`} (field ${f.tag}) has wire type ${WIRE_TYPE_NAMES[actual]}, expected ${WIRE_TYPE_NAMES[expected]}`,
      at,
    );
  }
}

function readScalar(r: WireReader, type: FieldType): JsonValue {
  switch (type) {
    case 'int32':
      return r.readInt32();
    case 'int64':
      return r.readInt64();
    case 'bool':
      return r.readBool();
    case 'double':
      return r.readDouble();
    default:
      throw new ProtobufDecodeError(`${type} values cannot be packed`, r.pos);
  }
}

/** One value of field `f` (wire type already checked); `undefined` when the value is absent. */
function readValue(r: WireReader, f: CompiledField, depth: number, mergeInto: JsonObject | undefined): JsonValue | undefined {
  switch (f.type) {
    case 'string':
      return r.readString();
    case 'bytes':
      return r.readBase64();
    case 'int32':
    case 'int64':
    case 'bool':
    case 'double':
      return readScalar(r, f.type);
    case 'message':
      return decodeFields(r.readSubReader(), f.message!(), mergeInto ?? {}, depth + 1);
    default: {
      if (depth + 1 > MAX_MESSAGE_DEPTH) throw new ProtobufDecodeError(`messages nested more than ${MAX_MESSAGE_DEPTH} levels deep`, r.pos);
      return f.special!.decode(r.readSubReader(), f.source, context, depth + 1);
    }
  }
}

function readStringList(r: WireReader, m: CompiledMessage, f: CompiledField): string[] {
  const out: string[] = [];
  while (!r.eof()) {
    const at = r.pos;
    const key = r.readKey();
    if (key >>> 3 === 1) {
      checkWireType(m, f, key & 7, WireType.LengthDelimited, at);
      out.push(r.readString());
    } else {
      r.skip(key & 7, key >>> 3);
    }
  }
  return out;
}

const EMPTY_READER_BYTES = new Uint8Array(0);

function decodeMapEntry(r: WireReader, m: CompiledMessage, f: CompiledField, into: JsonObject, depth: number): void {
  if (depth > MAX_MESSAGE_DEPTH) throw new ProtobufDecodeError(`messages nested more than ${MAX_MESSAGE_DEPTH} levels deep`, r.pos);
  let key = '';
  let value: JsonValue | undefined;
  while (!r.eof()) {
    const at = r.pos;
    const k = r.readKey();
    const field = k >>> 3;
    const wt = k & 7;
    if (field === 1) {
      if (wt !== WireType.LengthDelimited) throw new ProtobufDecodeError(`${m.name}.${f.json}: map key has wire type ${WIRE_TYPE_NAMES[wt]}, expected length-delimited`, at);
      key = r.readString();
    } else if (field === 2) {
      if (f.extraValue) {
        checkWireType(m, f, wt, WireType.LengthDelimited, at);
        value = readStringList(r.readSubReader(), m, f);
      } else {
        checkWireType(m, f, wt, f.wireType, at);
        value = readValue(r, f, depth, undefined);
      }
    } else {
      r.skip(wt, field);
    }
  }
  // An entry without its value holds the type's zero value.
  setEntry(into, key, value !== undefined ? value : zeroValue(f, depth));
}

function zeroValue(f: CompiledField, depth: number): JsonValue {
  if (f.extraValue) return [];
  switch (f.type) {
    case 'string':
    case 'bytes':
      return '';
    case 'int32':
    case 'int64':
    case 'double':
      return 0;
    case 'bool':
      return false;
    case 'message':
      return {};
    default:
      return f.special!.decode(new WireReader(EMPTY_READER_BYTES), f.source, context, depth + 1) ?? null;
  }
}
