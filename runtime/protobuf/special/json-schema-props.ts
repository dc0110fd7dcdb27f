// apiextensions' JSONSchemaPropsOr{Array,Bool,StringArray}: one JSON property that is either a
// schema or something else, written as a two-field message. The field descriptor's `message`
// is JSONSchemaProps.
import { ProtobufDecodeError, ProtobufEncodeError } from '../errors.js';
import type { FieldDescriptor, MessageDescriptor } from '../descriptor.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import type { WireReader } from '../wire-reader.js';
import type { WireWriter } from '../wire-writer.js';
import { WireType } from '../wire-types.js';
import type { SpecialCodec, SpecialContext } from './context.js';

function schemaOf(field: FieldDescriptor): MessageDescriptor {
  if (!field.message) throw new Error(`field ${field.json} needs the JSONSchemaProps descriptor`);
  return field.message();
}

function writeSchema(w: WireWriter, tag: number, value: JsonValue, field: FieldDescriptor, ctx: SpecialContext): void {
  if (!isJsonObject(value)) throw new ProtobufEncodeError(`${field.json} must hold schema objects`);
  w.fork();
  ctx.encodeMessage(w, schemaOf(field), value);
  w.join(tag);
}

function expectWireType(r: WireReader, what: string, field: number, actual: number, expected: number): void {
  if (actual !== expected) throw new ProtobufDecodeError(`${what} field ${field} has wire type ${actual}, expected ${expected}`, r.pos);
}

export const jsonSchemaPropsOrArrayEncoding: SpecialCodec = {
  encode(w, value, field, ctx): void {
    if (Array.isArray(value)) for (const item of value) writeSchema(w, 2, item, field, ctx);
    else writeSchema(w, 1, value, field, ctx);
  },
  decode(r, field, ctx, depth): JsonValue | undefined {
    let schema: JsonObject | undefined;
    const list: JsonObject[] = [];
    while (!r.eof()) {
      const key = r.readKey();
      const f = key >>> 3;
      if (f === 1 || f === 2) {
        expectWireType(r, 'JSONSchemaPropsOrArray', f, key & 7, WireType.LengthDelimited);
        const obj = ctx.decodeMessage(r.readSubReader(), schemaOf(field), depth + 1);
        if (f === 1) schema = obj;
        else list.push(obj);
      } else {
        r.skip(key & 7, f);
      }
    }
    return list.length > 0 ? list : schema;
  },
};

export const jsonSchemaPropsOrBoolEncoding: SpecialCodec = {
  encode(w, value, field, ctx): void {
    if (typeof value === 'boolean') {
      w.key(1, WireType.Varint);
      w.bool(value);
      return;
    }
    // A schema means "allowed, with this schema".
    w.key(1, WireType.Varint);
    w.bool(true);
    writeSchema(w, 2, value, field, ctx);
  },
  decode(r, field, ctx, depth): JsonValue {
    let allows = false;
    let schema: JsonObject | undefined;
    while (!r.eof()) {
      const key = r.readKey();
      const f = key >>> 3;
      if (f === 1) {
        expectWireType(r, 'JSONSchemaPropsOrBool', f, key & 7, WireType.Varint);
        allows = r.readBool();
      } else if (f === 2) {
        expectWireType(r, 'JSONSchemaPropsOrBool', f, key & 7, WireType.LengthDelimited);
        schema = ctx.decodeMessage(r.readSubReader(), schemaOf(field), depth + 1);
      } else {
        r.skip(key & 7, f);
      }
    }
    return schema ?? allows;
  },
};

export const jsonSchemaPropsOrStringArrayEncoding: SpecialCodec = {
  encode(w, value, field, ctx): void {
    if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item !== 'string') throw new ProtobufEncodeError(`${field.json} must hold strings or a schema`);
        w.key(2, WireType.LengthDelimited);
        w.string(item);
      }
    } else {
      writeSchema(w, 1, value, field, ctx);
    }
  },
  decode(r, field, ctx, depth): JsonValue | undefined {
    let schema: JsonObject | undefined;
    const names: string[] = [];
    while (!r.eof()) {
      const key = r.readKey();
      const f = key >>> 3;
      if (f === 1) {
        expectWireType(r, 'JSONSchemaPropsOrStringArray', f, key & 7, WireType.LengthDelimited);
        schema = ctx.decodeMessage(r.readSubReader(), schemaOf(field), depth + 1);
      } else if (f === 2) {
        expectWireType(r, 'JSONSchemaPropsOrStringArray', f, key & 7, WireType.LengthDelimited);
        names.push(r.readString());
      } else {
        r.skip(key & 7, f);
      }
    }
    return names.length > 0 ? names : schema;
  },
};
