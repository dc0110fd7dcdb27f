// What a special encoding may ask of the message interpreter: the json-schema-props-or-*
// shapes hold JSONSchemaProps messages, and RawExtension may hold a whole enveloped object.
import type { FieldDescriptor, MessageDescriptor } from '../descriptor.js';
import type { JsonObject, JsonValue } from '../json.js';
import type { WireReader } from '../wire-reader.js';
import type { WireWriter } from '../wire-writer.js';

export interface SpecialContext {
  encodeMessage(w: WireWriter, desc: MessageDescriptor, obj: JsonObject): void;
  decodeMessage(r: WireReader, desc: MessageDescriptor, depth: number): JsonObject;
  /** Decodes `k8s\0` + runtime.Unknown bytes into an object with apiVersion and kind. */
  decodeEnveloped(raw: Uint8Array, depth: number): JsonObject;
}

export interface SpecialCodec {
  /** Writes the body of the special message (the caller writes key and length). */
  encode(w: WireWriter, value: JsonValue, field: FieldDescriptor, ctx: SpecialContext): void;
  /** Reads the body of the special message; `undefined` means the JSON property is absent. */
  decode(r: WireReader, field: FieldDescriptor, ctx: SpecialContext, depth: number): JsonValue | undefined;
}
