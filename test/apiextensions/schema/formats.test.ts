// String formats kube checks in CRD schemas: each accepts its good examples and rejects its
// bad ones, through compiled schemas. ~50 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchema } from '../../../runtime/apiextensions/schema/index.js';

const FORMATS: Record<string, { good: string[]; bad: string[] }> = {
  'made-up-format': { good: ['anything'], bad: [] },
  uri: { good: ['https://example.com/a?b=c', '/absolute/path', 'urn:isbn:0451450523'], bad: ['relative/path', 'has\u0001control'] },
  email: { good: ['a@example.com', 'Alice <alice@example.com>'], bad: ['no-at-sign', 'a@b@c'] },
  hostname: { good: ['example.com', 'a-b.c', 'localhost'], bad: ['-lead.example', 'a..b', 'x'.repeat(64) + '.com'] },
  ipv4: { good: ['10.0.0.1', '255.255.255.255'], bad: ['256.0.0.1', '1.2.3', '01.2.3.4', '::1'] },
  ipv6: { good: ['::1', 'fe80::1', '2001:db8::8a2e:370:7334', '::ffff:10.0.0.1'], bad: ['10.0.0.1', ':::1', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0'] },
  cidr: { good: ['10.0.0.0/8', '2001:db8::/32'], bad: ['10.0.0.0/33', '10.0.0.0', 'x/8'] },
  mac: { good: ['00:1a:2b:3c:4d:5e', '00-1A-2B-3C-4D-5E', '001a.2b3c.4d5e'], bad: ['00:1a:2b:3c:4d', '00:1a-2b:3c:4d:5e', 'zz:1a:2b:3c:4d:5e'] },
  uuid: { good: ['123e4567-e89b-12d3-a456-426614174000', '123E4567E89B12D3A456426614174000'], bad: ['123e4567-e89b-12d3-a456'] },
  uuid4: { good: ['123e4567-e89b-42d3-a456-426614174000'], bad: ['123e4567-e89b-12d3-a456-426614174000'] },
  isbn10: { good: ['0-306-40615-2'], bad: ['0-306-40615-3'] },
  isbn13: { good: ['978-0-306-40615-7'], bad: ['978-0-306-40615-8'] },
  creditcard: { good: ['4111 1111 1111 1111'], bad: ['4111 1111 1111 1112'] },
  ssn: { good: ['123-45-6789', '123456789'], bad: ['12-345-6789'] },
  hexcolor: { good: ['#fff', 'A0B1C2'], bad: ['#ffff'] },
  rgbcolor: { good: ['rgb(255, 0, 10)'], bad: ['rgb(256,0,0)'] },
  byte: { good: ['aGVsbG8=', ''], bad: ['not base64!', 'aGVsbG8'] },
  password: { good: ['anything at all'], bad: [] },
  date: { good: ['2024-02-29'], bad: ['2023-02-29', '2024-1-1', '2024-01-01T00:00:00Z'] },
  'date-time': { good: ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.123456+02:00', '2024-01-02T03:04'], bad: ['2024-01-02', '2024-13-02T03:04:05Z', 'noon'] },
  duration: { good: ['1h30m', '10s', '-1.5h', '3 days', '0'], bad: ['forever', '1x'] },
  quantity: { good: ['10Gi', '500m', '1.5', '1e3'], bad: ['10 Gi', 'Gi'] },
  bsonobjectid: { good: ['507f1f77bcf86cd799439011'], bad: ['507f1f77bcf86cd79943901'] },
};

for (const [format, { good, bad }] of Object.entries(FORMATS)) {
  test(`format ${format}`, () => {
    const c = compileSchema({ type: 'object', properties: { v: { type: 'string', format } } });
    for (const v of good) assert.deepEqual(c.validate({ v }).errors, [], `${format} should accept ${JSON.stringify(v)}`);
    for (const v of bad) {
      const errors = c.validate({ v }).errors;
      assert.equal(errors.length, 1, `${format} should reject ${JSON.stringify(v)}`);
      assert.equal(errors[0]!.detail, `v in body must be of type ${format}: ${JSON.stringify(v)}`);
    }
  });
}

test('number formats describe the type only: kube checks no int32 range', () => {
  const c = compileSchema({ type: 'object', properties: { v: { type: 'integer', format: 'int32' } } });
  assert.deepEqual(c.validate({ v: 2 ** 40 }).errors, []);
});

test('string formats on a non-string type are ignored, as kube strips them', () => {
  const c = compileSchema({ type: 'object', properties: { v: { type: 'integer', format: 'date' } } });
  assert.deepEqual(c.validate({ v: 5 }).errors, []);
});
