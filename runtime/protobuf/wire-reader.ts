// A cursor over one message's bytes. Nested messages get a reader over the same buffer with a
// smaller end, so decoding never copies; every read checks the end first, so hostile input can
// only produce a ProtobufDecodeError, never a read past the message or an endless loop.
import { ProtobufDecodeError } from './errors.js';
import { WIRE_TYPE_NAMES, WireType } from './wire-types.js';

const TWO_32 = 4294967296;
/** Groups are obsolete and unused by Kubernetes; they are only skipped, and only this deep. */
const MAX_GROUP_DEPTH = 100;

export class WireReader {
  pos: number;
  readonly end: number;
  /** Low and high 32 bits of the last 64-bit varint, so readers of it allocate nothing. */
  private lo = 0;
  private hi = 0;

  /** The same bytes as a Buffer, made once per top-level reader and shared by sub-readers. */
  private readonly view: Buffer;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
    view?: Buffer,
  ) {
    this.pos = start;
    this.end = end;
    this.view = view ?? (Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.length));
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a field key; returns `field << 3 | wireType` (callers split it). */
  readKey(): number {
    const at = this.pos;
    // Field numbers below 16 fit one byte: the common case, read without the general loop.
    if (at < this.end) {
      const b = this.buf[at]!;
      if (b < 0x80 && b >= 8 && (b & 7) <= 5) {
        this.pos = at + 1;
        return b;
      }
    }
    this.varint64();
    if (this.hi !== 0 || this.lo >>> 3 === 0) throw new ProtobufDecodeError('invalid field key', at);
    const wt = this.lo & 7;
    if (wt > 5) throw new ProtobufDecodeError(`invalid wire type ${wt}`, at);
    return this.lo >>> 0;
  }

  readInt32(): number {
    this.varint64();
    return this.lo | 0;
  }

  readUint32(): number {
    this.varint64();
    return this.lo >>> 0;
  }

  /**
   * A signed 64-bit varint as a JS number. Values beyond 2^53 lose precision exactly as
   * JSON.parse does for the same number, which is how the rest of the server sees them.
   */
  readInt64(): number {
    this.varint64();
    if (this.hi & 0x80000000) {
      return -((~this.hi >>> 0) * TWO_32 + (~this.lo >>> 0) + 1);
    }
    return (this.hi >>> 0) * TWO_32 + (this.lo >>> 0);
  }

  readBool(): boolean {
    this.varint64();
    return this.lo !== 0 || this.hi !== 0;
  }

  readDouble(): number {
    this.need(8);
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }

  readFixed32(): number {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** Reads a length prefix and returns the end offset of the delimited bytes, checked. */
  readLengthEnd(): number {
    const at = this.pos;
    if (at < this.end) {
      const b = this.buf[at]!;
      if (b < 0x80) {
        if (b > this.end - at - 1) throw new ProtobufDecodeError(`length ${b} runs past the end of the message (${this.end - at - 1} bytes left)`, at);
        this.pos = at + 1;
        return at + 1 + b;
      }
    }
    this.varint64();
    if (this.hi !== 0 || this.lo < 0 || this.lo > this.end - this.pos) {
      const len = (this.hi >>> 0) * TWO_32 + (this.lo >>> 0);
      throw new ProtobufDecodeError(`length ${len} runs past the end of the message (${this.end - this.pos} bytes left)`, at);
    }
    return this.pos + this.lo;
  }

  /** The delimited bytes as a view into the buffer (not a copy). */
  readBytes(): Uint8Array {
    const end = this.readLengthEnd();
    const out = this.buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  readString(): string {
    const end = this.readLengthEnd();
    const start = this.pos;
    this.pos = end;
    // Kube's strings are mostly short ASCII; building those directly beats a native call.
    if (end - start <= 32) {
      const b = this.buf;
      let out = '';
      for (let i = start; i < end; i++) {
        const c = b[i]!;
        if (c >= 0x80) return this.view.toString('utf8', start, end);
        out += String.fromCharCode(c);
      }
      return out;
    }
    return this.view.toString('utf8', start, end);
  }

  /** The delimited bytes, base64-encoded (how JSON carries `bytes` fields). */
  readBase64(): string {
    const end = this.readLengthEnd();
    const start = this.pos;
    this.pos = end;
    return this.view.toString('base64', start, end);
  }

  /** A reader over the next length-delimited field's bytes; this reader moves past them. */
  readSubReader(): WireReader {
    const end = this.readLengthEnd();
    const sub = new WireReader(this.buf, this.pos, end, this.view);
    this.pos = end;
    return sub;
  }

  /** Skips one field's value of any wire type. */
  skip(wireType: number, field: number, groupDepth = 0): void {
    switch (wireType) {
      case WireType.Varint:
        this.varint64();
        return;
      case WireType.Fixed64:
        this.need(8);
        this.pos += 8;
        return;
      case WireType.LengthDelimited:
        this.pos = this.readLengthEnd();
        return;
      case WireType.Fixed32:
        this.need(4);
        this.pos += 4;
        return;
      case WireType.StartGroup: {
        if (groupDepth >= MAX_GROUP_DEPTH) throw new ProtobufDecodeError(`groups nested more than ${MAX_GROUP_DEPTH} deep`, this.pos);
        for (;;) {
          if (this.eof()) throw new ProtobufDecodeError(`truncated group for field ${field}`, this.pos);
          const key = this.readKey();
          const wt = key & 7;
          if (wt === WireType.EndGroup) {
            if (key >>> 3 !== field) throw new ProtobufDecodeError(`end-group for field ${key >>> 3} inside group ${field}`, this.pos);
            return;
          }
          this.skip(wt, key >>> 3, groupDepth + 1);
        }
      }
      case WireType.EndGroup:
        throw new ProtobufDecodeError(`unexpected end-group for field ${field}`, this.pos);
      default:
        throw new ProtobufDecodeError(`invalid wire type ${wireType} (${WIRE_TYPE_NAMES[wireType] ?? 'unknown'})`, this.pos);
    }
  }

  private need(n: number): void {
    if (this.end - this.pos < n) {
      throw new ProtobufDecodeError(`truncated input: needed ${n} bytes, ${this.end - this.pos} left`, this.pos);
    }
  }

  /** Decodes a varint of up to ten bytes into lo/hi; more bytes, or bits past 64, overflow. */
  private varint64(): void {
    const b = this.buf;
    const end = this.end;
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    let byte: number;
    for (let i = 0; i < 4; i++) {
      if (p >= end) throw this.truncatedVarint();
      byte = b[p++]!;
      lo |= (byte & 0x7f) << (7 * i);
      if (byte < 0x80) {
        this.pos = p;
        this.lo = lo;
        this.hi = 0;
        return;
      }
    }
    if (p >= end) throw this.truncatedVarint();
    byte = b[p++]!;
    lo |= (byte & 0x7f) << 28;
    hi = (byte & 0x7f) >> 4;
    if (byte >= 0x80) {
      for (let i = 5; ; i++) {
        if (p >= end) throw this.truncatedVarint();
        byte = b[p++]!;
        if (i === 9) {
          if (byte > 1) throw new ProtobufDecodeError('varint overflows 64 bits', this.pos);
          hi |= byte << 31;
          break;
        }
        hi |= (byte & 0x7f) << (7 * i - 32);
        if (byte < 0x80) break;
      }
    }
    this.pos = p;
    this.lo = lo;
    this.hi = hi;
  }

  private truncatedVarint(): ProtobufDecodeError {
    return new ProtobufDecodeError('truncated input: varint runs past the end of the message', this.pos);
  }
}
