// CRC-32C (Castagnoli), table-driven. Node 20 has no checksum in its standard library we can rely
// on, and a log record needs one to tell a torn or corrupt write from a good one.

const POLYNOMIAL = 0x82f63b78; // reflected Castagnoli polynomial

// Slicing-by-4: four tables let the loop consume four bytes per step.
const TABLES: Uint32Array[] = (() => {
  const tables = Array.from({ length: 4 }, () => new Uint32Array(256));
  const t0 = tables[0]!;
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    t0[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = t0[n]!;
    for (let t = 1; t < 4; t++) {
      c = (t0[c & 0xff]! ^ (c >>> 8)) >>> 0;
      tables[t]![n] = c;
    }
  }
  return tables;
})();

/** CRC-32C of bytes[start, end). */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const [t0, t1, t2, t3] = TABLES as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  let crc = 0xffffffff;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    crc ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    crc = t3[crc & 0xff]! ^ t2[(crc >>> 8) & 0xff]! ^ t1[(crc >>> 16) & 0xff]! ^ t0[crc >>> 24]!;
  }
  for (; i < end; i++) crc = t0[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
