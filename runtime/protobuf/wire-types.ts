// Protobuf wire types (the low three bits of a field key).
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

export const WIRE_TYPE_NAMES: readonly string[] = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32'];

/** Field numbers are 29-bit; 19000-19999 are reserved by protobuf but still legal on the wire. */
export const MAX_FIELD_NUMBER = 0x1fffffff;
