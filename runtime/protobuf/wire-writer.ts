// Builds a message in one growing buffer. A nested message's length is only known after its
// body is written, so `fork()` just notes the body offset and `join(field)` writes the key and
// length into a side buffer of headers; `finish()` copies the body once, splicing each header
// in at its offset. Every byte is copied a constant number of times however deep the nesting,
// and no object is allocated per nested message.
import { ProtobufEncodeError } from './errors.js';
import { WireType } from './wire-types.js';

const TWO_32 = 4294967296;

export class WireWriter {
  // Under 4 KiB, allocUnsafe takes from Node's shared pool, which keeps small messages cheap.
  private buf: Buffer = Buffer.allocUnsafe(1024);
  private pos = 0;
  private hdr: Buffer = Buffer.allocUnsafe(256);
  private hdrPos = 0;
  /** Header bytes of the forks joined so far. */
  private headerTotal = 0;
  /** Per fork, in fork order: body offset, header bytes already joined then, header range. */
  private forkAt: number[] = [];
  private forkHeaderTotal: number[] = [];
  private headerStart: number[] = [];
  private headerEnd: number[] = [];
  private open: number[] = [];

  /** Bytes written so far, counting the headers of joined forks. */
  get length(): number {
    return this.pos + this.headerTotal;
  }

  key(field: number, wireType: number): void {
    this.uint32((field << 3) | wireType);
  }

  /** A non-negative integer below 2^32 (keys, lengths). */
  uint32(n: number): void {
    this.ensure(5);
    const b = this.buf;
    let p = this.pos;
    while (n > 0x7f) {
      b[p++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    b[p++] = n;
    this.pos = p;
  }

  /** int32 and int64 alike: negatives are sign-extended to 64 bits, hence ten bytes. */
  int64(n: number): void {
    if (!Number.isInteger(n)) throw new ProtobufEncodeError(`${n} is not an integer`);
    if (n >= 0 && n < TWO_32) {
      this.uint32(n);
      return;
    }
    let lo: number;
    let hi: number;
    if (n >= 0) {
      lo = n % TWO_32;
      hi = Math.floor(n / TWO_32);
    } else {
      const u = BigInt.asUintN(64, BigInt(n));
      lo = Number(u & 0xffffffffn);
      hi = Number(u >> 32n);
    }
    this.ensure(10);
    const b = this.buf;
    let p = this.pos;
    while (hi > 0 || lo > 0x7f) {
      b[p++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | ((hi & 0x7f) << 25)) >>> 0;
      hi >>>= 7;
    }
    b[p++] = lo;
    this.pos = p;
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  double(n: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(n, this.pos);
    this.pos += 8;
  }

  /** A length-delimited string value (the key is written by the caller). */
  string(s: string): void {
    // Most strings in kube objects are short ASCII: size and copy those in one pass.
    if (s.length < 128) {
      this.ensure(1 + s.length);
      const b = this.buf;
      const start = this.pos + 1;
      let p = start;
      let ascii = true;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        b[p++] = c;
      }
      if (ascii) {
        b[this.pos] = s.length;
        this.pos = p;
        return;
      }
    }
    const len = Buffer.byteLength(s, 'utf8');
    this.uint32(len);
    this.ensure(len);
    this.buf.write(s, this.pos, len, 'utf8');
    this.pos += len;
  }

  bytes(v: Uint8Array): void {
    this.uint32(v.length);
    this.raw(v);
  }

  /** Raw bytes, no length prefix. */
  raw(v: Uint8Array): void {
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  /** Starts a nested message; end it with `join(field)`. */
  fork(): void {
    this.open.push(this.forkAt.length);
    this.forkAt.push(this.pos);
    this.forkHeaderTotal.push(this.headerTotal);
    this.headerStart.push(0);
    this.headerEnd.push(0);
  }

  /** Ends the innermost `fork()`, writing it as field `field` (key, length, body). */
  join(field: number): void {
    const i = this.open.pop();
    if (i === undefined) throw new Error('WireWriter.join without fork');
    // The body includes the headers of messages nested inside it, all joined by now.
    const size = this.pos - this.forkAt[i]! + (this.headerTotal - this.forkHeaderTotal[i]!);
    if (this.hdr.length - this.hdrPos < 10) {
      const grown = Buffer.allocUnsafe(this.hdr.length * 2);
      this.hdr.copy(grown, 0, 0, this.hdrPos);
      this.hdr = grown;
    }
    const h = this.hdr;
    let p = this.hdrPos;
    let k = ((field << 3) | WireType.LengthDelimited) >>> 0;
    while (k > 0x7f) {
      h[p++] = (k & 0x7f) | 0x80;
      k >>>= 7;
    }
    h[p++] = k;
    let n = size;
    while (n > 0x7f) {
      h[p++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    h[p++] = n;
    this.headerStart[i] = this.hdrPos;
    this.headerEnd[i] = p;
    this.headerTotal += p - this.hdrPos;
    this.hdrPos = p;
  }

  finish(): Buffer {
    if (this.open.length > 0) throw new Error('WireWriter.finish with an open fork');
    const out = Buffer.allocUnsafe(this.pos + this.headerTotal);
    // Forks were recorded in body order, an outer one before the ones nested at its offset,
    // which is exactly the order their headers appear in.
    let from = 0;
    let to = 0;
    for (let i = 0; i < this.forkAt.length; i++) {
      const at = this.forkAt[i]!;
      if (at > from) {
        this.buf.copy(out, to, from, at);
        to += at - from;
        from = at;
      }
      const hs = this.headerStart[i]!;
      const he = this.headerEnd[i]!;
      for (let j = hs; j < he; j++) out[to++] = this.hdr[j]!;
    }
    if (this.pos > from) this.buf.copy(out, to, from, this.pos);
    return out;
  }

  private ensure(n: number): void {
    if (this.buf.length - this.pos >= n) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}
