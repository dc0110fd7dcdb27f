// The wire reader and writer on their own: varints of every width, fixed-width values,
// skipping, and nested messages. ~0.3 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProtobufDecodeError, WireReader, WireType, WireWriter } from '../../runtime/protobuf/index.js';
import { hex, key, ld, varint } from './helpers.js';

function written(fn: (w: WireWriter) => void): Buffer {
  const w = new WireWriter();
  fn(w);
  return w.finish();
}

test('varints: known encodings', () => {
  assert.equal(hex(written((w) => w.uint32(0))), '00');
  assert.equal(hex(written((w) => w.uint32(1))), '01');
  assert.equal(hex(written((w) => w.uint32(300))), 'ac02');
  assert.equal(hex(written((w) => w.uint32(0xffffffff))), 'ffffffff0f');
  // A negative int32 is sign-extended to 64 bits: ten bytes.
  assert.equal(hex(written((w) => w.int64(-1))), 'ffffffffffffffffff01');
  assert.equal(hex(written((w) => w.int64(-2147483648))), '80808080f8ffffffff01');
  assert.equal(hex(written((w) => w.int64(2 ** 32))), '8080808010');
  assert.equal(hex(written((w) => w.int64(Number.MAX_SAFE_INTEGER))), 'ffffffffffffff0f');
});

test('varints: int64 and int32 round trip through writer and reader, matching a BigInt reference', () => {
  fc.assert(
    fc.property(fc.maxSafeInteger(), (n) => {
      const bytes = written((w) => w.int64(n));
      assert.equal(hex(bytes), Buffer.from(varint(n)).toString('hex'));
      const r = new WireReader(bytes);
      assert.equal(r.readInt64(), n);
      assert.ok(r.eof());
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (n) => {
      const r = new WireReader(written((w) => w.int64(n)));
      assert.equal(r.readInt32(), n);
    }),
    { numRuns: 1000 },
  );
});

test('varints: the full 64-bit range decodes like JSON.parse would read the number', () => {
  const max = Buffer.from(varint(0x7fffffffffffffffn));
  assert.equal(new WireReader(max).readInt64(), Number(0x7fffffffffffffffn));
  const min = Buffer.from(varint(-0x8000000000000000n));
  assert.equal(new WireReader(min).readInt64(), -(2 ** 63));
  // int32 fields read the low 32 bits of a 64-bit varint.
  assert.equal(new WireReader(Buffer.from(varint(-5))).readInt32(), -5);
  assert.equal(new WireReader(Buffer.from([0x01])).readBool(), true);
  assert.equal(new WireReader(Buffer.from(varint(2n ** 40n))).readBool(), true);
});

test('varints: more than ten bytes, or bits past 64, overflow; a cut varint is truncated', () => {
  assert.throws(() => new WireReader(Buffer.from('ffffffffffffffffff02', 'hex')).readInt64(), (e) => e instanceof ProtobufDecodeError && /overflows 64 bits/.test(e.message));
  assert.throws(() => new WireReader(Buffer.from('ffffffffffffffffff8001', 'hex')).readInt64(), /overflows 64 bits/);
  assert.throws(() => new WireReader(Buffer.from('ffff', 'hex')).readInt64(), /truncated input/);
  assert.throws(() => new WireReader(Buffer.from('ffffffffff', 'hex')).readInt64(), /truncated input/);
});

test('fixed-width values, doubles and strings', () => {
  const bytes = written((w) => {
    w.double(1.5);
    w.string('héllo ☃');
    w.string('x'.repeat(300));
    w.bytes(Uint8Array.of(1, 2, 3));
  });
  const r = new WireReader(bytes);
  assert.equal(r.readDouble(), 1.5);
  assert.equal(r.readString(), 'héllo ☃');
  assert.equal(r.readString(), 'x'.repeat(300));
  assert.deepEqual([...r.readBytes()], [1, 2, 3]);
  assert.ok(r.eof());
  assert.equal(new WireReader(Buffer.from('01020304', 'hex')).readFixed32(), 0x04030201);
  assert.throws(() => new WireReader(Buffer.from('0102', 'hex')).readFixed32(), /truncated input: needed 4 bytes, 2 left/);
  assert.throws(() => new WireReader(Buffer.from('000000', 'hex')).readDouble(), /truncated input: needed 8 bytes/);
});

test('skip: every wire type, groups included, and nothing past the end', () => {
  const body = Buffer.from([
    ...key(1, WireType.Varint), ...varint(-1),
    ...key(2, WireType.Fixed64), 1, 2, 3, 4, 5, 6, 7, 8,
    ...ld(3, 'abc'),
    ...key(4, WireType.StartGroup), ...key(1, WireType.Varint), 7, ...key(4, WireType.EndGroup),
    ...key(5, WireType.Fixed32), 1, 2, 3, 4,
    ...key(6, WireType.Varint), 42,
  ]);
  const r = new WireReader(body);
  const seen: number[] = [];
  while (!r.eof()) {
    const k = r.readKey();
    seen.push(k >>> 3);
    if (k >>> 3 === 6) assert.equal(r.readInt32(), 42);
    else r.skip(k & 7, k >>> 3);
  }
  assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
  assert.throws(() => new WireReader(Buffer.from([...key(1, 2), 5, 1])).skip(2, 1), /ProtobufDecodeError|runs past the end/);
  const cutGroup = new WireReader(Buffer.from([...key(1, WireType.Varint), 1]));
  assert.throws(() => cutGroup.skip(WireType.StartGroup, 9), /truncated group/);
  assert.throws(() => new WireReader(Buffer.from([0x0e])).readKey(), /invalid wire type 6/);
  assert.throws(() => new WireReader(Buffer.from([0x00])).readKey(), /invalid field key/);
});

test('nested messages: lengths are right at any depth and across chunk boundaries', () => {
  // 200 levels, each with a 100-byte string, so the message spans several 8 KiB chunks.
  const depth = 200;
  const w = new WireWriter();
  for (let i = 0; i < depth; i++) {
    w.fork();
    w.key(2, WireType.LengthDelimited);
    w.string(String(i).padEnd(100, '.'));
  }
  for (let i = depth - 1; i >= 0; i--) w.join(1);
  const bytes = w.finish();
  assert.equal(bytes.length, w.length);
  let r = new WireReader(bytes);
  for (let i = 0; i < depth; i++) {
    const k = r.readKey();
    assert.equal(k, (1 << 3) | 2);
    r = r.readSubReader();
    const k2 = r.readKey();
    assert.equal(k2 >>> 3, 2);
    assert.equal(r.readString(), String(i).padEnd(100, '.'));
  }
  assert.ok(r.eof());
});

test('nested messages: a large bytes payload inside a fork keeps its place', () => {
  const big = Buffer.alloc(20_000, 7);
  const w = new WireWriter();
  w.key(1, WireType.Varint);
  w.uint32(5);
  w.fork();
  w.key(1, WireType.LengthDelimited);
  w.bytes(big);
  w.key(2, WireType.Varint);
  w.uint32(9);
  w.join(3);
  w.key(4, WireType.Varint);
  w.uint32(1);
  const r = new WireReader(w.finish());
  assert.equal(r.readKey(), 8);
  assert.equal(r.readInt32(), 5);
  assert.equal(r.readKey(), (3 << 3) | 2);
  const sub = r.readSubReader();
  sub.readKey();
  assert.ok(Buffer.from(sub.readBytes()).equals(big));
  sub.readKey();
  assert.equal(sub.readInt32(), 9);
  assert.ok(sub.eof());
  assert.equal(r.readKey(), 32);
  assert.equal(r.readInt32(), 1);
  assert.ok(r.eof());
});

test('writer: non-integers are refused for integer fields', () => {
  assert.throws(() => new WireWriter().int64(1.5), /not an integer/);
});
