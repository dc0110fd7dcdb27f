// The few DER (ASN.1) encodings an X.509 certificate needs, and a reader that walks
// tag-length-value elements, so certificates can be issued with Node's own crypto.

export function tlv(tag: number, value: Buffer): Buffer {
  const n = value.length;
  let header: Buffer;
  if (n < 0x80) header = Buffer.from([tag, n]);
  else if (n <= 0xff) header = Buffer.from([tag, 0x81, n]);
  else if (n <= 0xffff) header = Buffer.from([tag, 0x82, n >> 8, n & 0xff]);
  else header = Buffer.from([tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([header, value]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 + n, inner);
export const octetString = (value: Buffer): Buffer => tlv(0x04, value);
export const utf8String = (value: string): Buffer => tlv(0x0c, Buffer.from(value, 'utf8'));
export const booleanTrue = (): Buffer => Buffer.from([0x01, 0x01, 0xff]);

/** An unsigned big-endian integer given as bytes (a leading zero keeps it positive). */
export function integerBytes(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  let value = bytes.subarray(start);
  if (value[0]! & 0x80) value = Buffer.concat([Buffer.from([0]), value]);
  return tlv(0x02, value);
}

export const integer = (n: number): Buffer => integerBytes(Buffer.from([n]));

export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const bytes = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** A BIT STRING whose bits are numbered from the most significant bit of the first byte. */
export function bitString(bits: number[]): Buffer {
  const last = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(last / 8) + 1);
  for (const b of bits) bytes[Math.floor(b / 8)]! |= 0x80 >> b % 8;
  const unused = 7 - (last % 8);
  return tlv(0x03, Buffer.concat([Buffer.from([unused]), bytes]));
}

export const bitStringBytes = (bytes: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));

/** UTCTime through 2049, GeneralizedTime after, as RFC 5280 requires. */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  const year = date.getUTCFullYear();
  return year < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

export interface Element {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  valueStart: number;
  end: number;
}

export function readElement(buf: Buffer, offset: number): Element {
  const tag = buf[offset]!;
  let length = buf[offset + 1]!;
  let valueStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[offset + 2 + i]!;
    valueStart += count;
  }
  const end = valueStart + length;
  if (end > buf.length) throw new Error('truncated DER element');
  return { tag, start: offset, valueStart, end };
}

/** The elements directly inside a constructed element. */
export function children(buf: Buffer, parent: Element): Element[] {
  const out: Element[] = [];
  for (let at = parent.valueStart; at < parent.end; ) {
    const child = readElement(buf, at);
    out.push(child);
    at = child.end;
  }
  return out;
}
