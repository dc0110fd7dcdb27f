// The encodings whose message is a single field: Quantity's text, and the three that carry
// JSON text as bytes (FieldsV1, apiextensions JSON, RawExtension).
//
// RawExtension: kube keeps whatever bytes came in. An object that arrived as JSON keeps its JSON
// text, so JSON text is what this writes; on reading, bytes starting with the `k8s\0` magic are
// an enveloped protobuf object (decoded through the codec registry), anything else is JSON.
import { ProtobufDecodeError, ProtobufEncodeError } from '../errors.js';
import type { JsonValue } from '../json.js';
import type { WireReader } from '../wire-reader.js';
import type { WireWriter } from '../wire-writer.js';
import { WireType } from '../wire-types.js';
import type { SpecialCodec, SpecialContext } from './context.js';
import { hasProtobufMagic } from '../magic.js';

/** Reads field 1 of a one-field message as bytes (its last occurrence); other fields are skipped. */
function readField1(r: WireReader, what: string): Uint8Array | undefined {
  let out: Uint8Array | undefined;
  while (!r.eof()) {
    const key = r.readKey();
    if (key >>> 3 === 1) {
      if ((key & 7) !== WireType.LengthDelimited) throw new ProtobufDecodeError(`${what} field 1 has wire type ${key & 7}, expected length-delimited`, r.pos);
      out = r.readBytes();
    } else {
      r.skip(key & 7, key >>> 3);
    }
  }
  return out;
}

function parseJsonText(bytes: Uint8Array, what: string): JsonValue {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')) as JsonValue;
  } catch (err) {
    throw new ProtobufDecodeError(`${what} does not hold valid JSON: ${(err as Error).message}`);
  }
}

function writeJsonText(w: WireWriter, value: JsonValue): void {
  w.key(1, WireType.LengthDelimited);
  w.string(JSON.stringify(value));
}

export const quantityEncoding: SpecialCodec = {
  encode(w: WireWriter, value: JsonValue): void {
    if (typeof value !== 'string' && typeof value !== 'number') throw new ProtobufEncodeError(`a quantity must be a string or a number, got ${typeof value}`);
    w.key(1, WireType.LengthDelimited);
    w.string(String(value));
  },
  decode(r: WireReader): JsonValue {
    const bytes = readField1(r, 'Quantity');
    // An empty quantity is kube's zero quantity, which it prints as "0".
    if (bytes === undefined || bytes.length === 0) return '0';
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  },
};

function jsonTextEncoding(what: string, mustBeObject: boolean): SpecialCodec {
  return {
    encode(w: WireWriter, value: JsonValue): void {
      if (mustBeObject && (typeof value !== 'object' || value === null || Array.isArray(value))) {
        throw new ProtobufEncodeError(`${what} must be a JSON object`);
      }
      writeJsonText(w, value);
    },
    decode(r: WireReader): JsonValue | undefined {
      const bytes = readField1(r, what);
      if (bytes === undefined || bytes.length === 0) return undefined;
      return parseJsonText(bytes, what);
    },
  };
}

export const fieldsV1Encoding: SpecialCodec = jsonTextEncoding('FieldsV1', true);
export const jsonEncoding: SpecialCodec = jsonTextEncoding('JSON', false);

export const rawExtensionEncoding: SpecialCodec = {
  encode(w: WireWriter, value: JsonValue): void {
    writeJsonText(w, value);
  },
  decode(r: WireReader, _field, ctx: SpecialContext, depth: number): JsonValue | undefined {
    const bytes = readField1(r, 'RawExtension');
    if (bytes === undefined || bytes.length === 0) return undefined;
    if (hasProtobufMagic(bytes)) return ctx.decodeEnveloped(bytes, depth + 1);
    return parseJsonText(bytes, 'RawExtension');
  },
};
