// Small helpers for the protobuf tests: hex in and out, and a wire-format builder written
// independently of WireWriter so tests do not check the writer against itself.
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export function fromHex(text: string): Buffer {
  return Buffer.from(text.replace(/[^0-9a-f]/gi, ''), 'hex');
}

/** A varint by plain BigInt arithmetic (negatives as 64-bit two's complement). */
export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

export const key = (field: number, wireType: number): number[] => varint((field << 3) | wireType);

export function ld(field: number, body: number[] | Uint8Array | string): number[] {
  const bytes = typeof body === 'string' ? [...Buffer.from(body, 'utf8')] : [...body];
  return [...key(field, 2), ...varint(bytes.length), ...bytes];
}

export const vf = (field: number, value: number | bigint): number[] => [...key(field, 0), ...varint(value)];

export const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** `k8s\0` + runtime.Unknown written the way kube writes it (all four fields). */
export function envelope(apiVersion: string, kind: string, raw: number[]): Buffer {
  return Buffer.from([...MAGIC, ...ld(1, [...ld(1, apiVersion), ...ld(2, kind)]), ...ld(2, raw), ...ld(3, ''), ...ld(4, '')]);
}
