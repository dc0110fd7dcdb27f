// Protobuf watch streams (`application/vnd.kubernetes.protobuf;stream=watch`): each event is a
// frame of a 4-byte big-endian length followed by a meta/v1 WatchEvent message
// `{1 type string, 2 object RawExtension {1 raw}}`. The WatchEvent itself has no magic or
// envelope; its `raw` is the object's complete envelope (magic + runtime.Unknown).
import { ProtobufDecodeError } from './errors.js';
import type { JsonObject } from './json.js';
import { decodeEnvelopedObject } from './registry.js';
import { WireReader } from './wire-reader.js';
import { WireType } from './wire-types.js';
import { WireWriter } from './wire-writer.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One frame, length prefix included, around an already enveloped object. */
export function watchFrame(type: WatchEventType, envelopedObject: Uint8Array): Buffer {
  const w = new WireWriter();
  // Room for the length prefix, filled in once the event's size is known.
  w.raw(LENGTH_PLACEHOLDER);
  w.key(1, WireType.LengthDelimited);
  w.string(type);
  w.fork();
  w.key(1, WireType.LengthDelimited);
  w.bytes(envelopedObject);
  w.join(2);
  const frame = w.finish();
  frame.writeUInt32BE(frame.length - 4, 0);
  return frame;
}

const LENGTH_PLACEHOLDER = new Uint8Array(4);

export interface DecodedWatchEvent {
  type: string;
  object: JsonObject;
}

/** Splits a stream's bytes into events; a trailing partial frame is an error. */
export function decodeWatchFrames(stream: Uint8Array): DecodedWatchEvent[] {
  const out: DecodedWatchEvent[] = [];
  const view = Buffer.from(stream.buffer, stream.byteOffset, stream.length);
  let pos = 0;
  while (pos < view.length) {
    if (view.length - pos < 4) throw new ProtobufDecodeError('truncated watch frame length', pos);
    const len = view.readUInt32BE(pos);
    if (len > view.length - pos - 4) throw new ProtobufDecodeError(`watch frame of ${len} bytes runs past the end of the stream`, pos);
    out.push(decodeWatchEvent(view.subarray(pos + 4, pos + 4 + len)));
    pos += 4 + len;
  }
  return out;
}

export function decodeWatchEvent(bytes: Uint8Array): DecodedWatchEvent {
  const r = new WireReader(bytes);
  let type = '';
  let raw: Uint8Array | undefined;
  while (!r.eof()) {
    const key = r.readKey();
    const field = key >>> 3;
    if ((field === 1 || field === 2) && (key & 7) !== WireType.LengthDelimited) {
      throw new ProtobufDecodeError(`WatchEvent field ${field} is not length-delimited`, r.pos);
    }
    if (field === 1) type = r.readString();
    else if (field === 2) {
      const ext = r.readSubReader();
      while (!ext.eof()) {
        const k = ext.readKey();
        if (k >>> 3 === 1 && (k & 7) === WireType.LengthDelimited) raw = ext.readBytes();
        else ext.skip(k & 7, k >>> 3);
      }
    } else r.skip(key & 7, field);
  }
  if (raw === undefined) throw new ProtobufDecodeError('WatchEvent without an object');
  return { type, object: decodeEnvelopedObject(raw) };
}
