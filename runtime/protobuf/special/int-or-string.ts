// IntOrString: `{1 type int64 (0 int, 1 string), 2 intVal int32, 3 strVal string}`. All three
// are written, as kube does, so our bytes match kube's for the same value.
import { ProtobufDecodeError, ProtobufEncodeError } from '../errors.js';
import type { JsonValue } from '../json.js';
import type { WireReader } from '../wire-reader.js';
import type { WireWriter } from '../wire-writer.js';
import { WireType } from '../wire-types.js';
import type { SpecialCodec } from './context.js';

export const intOrStringEncoding: SpecialCodec = {
  encode(w: WireWriter, value: JsonValue): void {
    const isInt = typeof value === 'number';
    if (!isInt && typeof value !== 'string') throw new ProtobufEncodeError(`an int-or-string must be a number or a string, got ${typeof value}`);
    if (isInt && (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff)) {
      throw new ProtobufEncodeError(`${value} is not an int32`);
    }
    w.key(1, WireType.Varint);
    w.int64(isInt ? 0 : 1);
    w.key(2, WireType.Varint);
    w.int64(isInt ? value : 0);
    w.key(3, WireType.LengthDelimited);
    w.string(isInt ? '' : value);
  },
  decode(r: WireReader): JsonValue {
    let type = 0;
    let intVal = 0;
    let strVal = '';
    while (!r.eof()) {
      const key = r.readKey();
      const field = key >>> 3;
      const wt = key & 7;
      const expected = field === 3 ? WireType.LengthDelimited : WireType.Varint;
      if (field >= 1 && field <= 3 && wt !== expected) {
        throw new ProtobufDecodeError(`IntOrString field ${field} has wire type ${wt}, expected ${expected}`, r.pos);
      }
      if (field === 1) type = r.readInt64();
      else if (field === 2) intVal = r.readInt32();
      else if (field === 3) strVal = r.readString();
      else r.skip(wt, field);
    }
    if (type !== 0 && type !== 1) throw new ProtobufDecodeError(`IntOrString type ${type} is neither 0 (int) nor 1 (string)`);
    return type === 1 ? strVal : intVal;
  },
};
