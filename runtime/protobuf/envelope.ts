// The protobuf envelope of a Kubernetes object: `k8s\0`, then a runtime.Unknown message
// `{1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType}` whose `raw` is
// the kind's own message. Encoding writes every field, empty ones too, exactly as kube does, so
// our envelopes are byte-identical to kube's.
import { ProtobufDecodeError } from './errors.js';
import { hasProtobufMagic, PROTOBUF_MAGIC } from './magic.js';
import { WireReader } from './wire-reader.js';
import { WIRE_TYPE_NAMES, WireType } from './wire-types.js';
import { WireWriter } from './wire-writer.js';

export interface Envelope {
  apiVersion: string;
  kind: string;
  /** The kind's message; a view into the decoded buffer, not a copy. */
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

export interface EnvelopeInput {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding?: string;
  contentType?: string;
}

function expect(field: string, actual: number, at: number): void {
  if (actual !== WireType.LengthDelimited) {
    throw new ProtobufDecodeError(`runtime.Unknown ${field} has wire type ${WIRE_TYPE_NAMES[actual]}, expected length-delimited`, at);
  }
}

export function decodeEnvelope(buf: Uint8Array): Envelope {
  if (!hasProtobufMagic(buf)) {
    throw new ProtobufDecodeError('the body does not start with the protobuf magic "k8s\\x00"', 0);
  }
  const r = new WireReader(buf, PROTOBUF_MAGIC.length);
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  while (!r.eof()) {
    const at = r.pos;
    const key = r.readKey();
    const field = key >>> 3;
    const wt = key & 7;
    switch (field) {
      case 1: {
        expect('typeMeta', wt, at);
        const tm = r.readSubReader();
        while (!tm.eof()) {
          const tAt = tm.pos;
          const tKey = tm.readKey();
          const tField = tKey >>> 3;
          if (tField === 1 || tField === 2) {
            expect(tField === 1 ? 'typeMeta.apiVersion' : 'typeMeta.kind', tKey & 7, tAt);
            if (tField === 1) env.apiVersion = tm.readString();
            else env.kind = tm.readString();
          } else {
            tm.skip(tKey & 7, tField);
          }
        }
        break;
      }
      case 2:
        expect('raw', wt, at);
        env.raw = r.readBytes();
        break;
      case 3:
        expect('contentEncoding', wt, at);
        env.contentEncoding = r.readString();
        break;
      case 4:
        expect('contentType', wt, at);
        env.contentType = r.readString();
        break;
      default:
        r.skip(wt, field);
    }
  }
  return env;
}

/** Writes the envelope into `w` (magic included). */
export function writeEnvelope(w: WireWriter, input: EnvelopeInput): void {
  w.raw(PROTOBUF_MAGIC);
  w.fork();
  w.key(1, WireType.LengthDelimited);
  w.string(input.apiVersion);
  w.key(2, WireType.LengthDelimited);
  w.string(input.kind);
  w.join(1);
  w.key(2, WireType.LengthDelimited);
  w.bytes(input.raw);
  w.key(3, WireType.LengthDelimited);
  w.string(input.contentEncoding ?? '');
  w.key(4, WireType.LengthDelimited);
  w.string(input.contentType ?? '');
}

export function encodeEnvelope(input: EnvelopeInput): Buffer {
  const w = new WireWriter();
  writeEnvelope(w, input);
  return w.finish();
}
