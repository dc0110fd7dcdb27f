// A message described as data. The generator emits one MessageDescriptor per schema of a
// built-in group next to that message's generated encode/decode functions (which are what the
// server registers); the interpreter (message-codec.ts) runs descriptors, as the reference the
// generated code is tested against and for messages tests describe by hand.
// docs/protobuf.md says, schema extension by schema extension, what is emitted.

/** Special encodings (`x-capstan-protobuf-encoding`), written by runtime helpers. */
export type SpecialEncoding =
  | 'time'
  | 'microtime'
  | 'duration'
  | 'int-or-string'
  | 'quantity'
  | 'raw-extension'
  | 'fields-v1'
  | 'json'
  | 'json-schema-props-or-array'
  | 'json-schema-props-or-bool'
  | 'json-schema-props-or-string-array';

export type ScalarType = 'string' | 'bytes' | 'int32' | 'int64' | 'bool' | 'double';

export type FieldType = ScalarType | 'message' | SpecialEncoding;

export interface FieldDescriptor {
  /** The JSON property name. */
  readonly json: string;
  /** `x-capstan-protobuf-tag`. */
  readonly tag: number;
  /** The type of one value (of the property, of one list item, or of one map value). */
  readonly type: FieldType;
  /**
   * For `message`, and for the json-schema-props-or-* encodings (the JSONSchemaProps
   * descriptor). A thunk, so descriptors may refer to each other in any order and recursively.
   */
  readonly message?: () => MessageDescriptor;
  /** `type: array`: one field occurrence per item (packed scalars are accepted on decode). */
  readonly repeated?: boolean;
  /** `additionalProperties`: repeated `{1 key string, 2 value}` entries. */
  readonly map?: boolean;
  /**
   * A Go pointer scalar (`*bool`, `*int64`, `*string`): a zero value on the wire is a real
   * value. Without it a present zero/empty/false scalar decodes as absent (kube's gogo encoder
   * writes zeros of non-pointer fields) and is not written on encode.
   */
  readonly explicitPresence?: boolean;
  /** `x-capstan-protobuf-embedded-in`: field numbers of the nested messages, outside in. */
  readonly embeddedIn?: readonly number[];
  /** `x-capstan-protobuf-list-wrapper: verbs`: the list is one field holding `{repeated string items = 1}`. */
  readonly listWrapper?: 'verbs';
  /** `x-capstan-protobuf-map-value: extra-value`: each map value is `{repeated string items = 1}`. */
  readonly mapValue?: 'extra-value';
}

export interface MessageDescriptor {
  /** The schema name, for error messages (`io.k8s.api.core.v1.ConfigMap`). */
  readonly name: string;
  readonly fields: readonly FieldDescriptor[];
}
