// Cost: a few milliseconds; pure functions.
// How a declared (CRD-style) column turns what its path found into a cell.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PrinterColumnType } from '../../runtime/api/index.js';
import { toTable } from '../../runtime/table/index.js';
import { descriptor } from './spec-columns.js';

const now = Date.parse('2024-05-01T12:00:00Z');

function cell(type: PrinterColumnType, value: unknown): unknown {
  const d = descriptor('example.com', 'v1', 'Widget', 'widgets', [{ name: 'V', type, jsonPath: '.v' }]);
  const object = value === undefined ? { metadata: { name: 'w' } } : { metadata: { name: 'w' }, v: value };
  return toTable(d, [object], { now }).rows[0]?.cells[1];
}

describe('cells of declared columns', () => {
  const cases: Array<[PrinterColumnType, unknown, unknown]> = [
    ['string', 'text', 'text'],
    ['string', 3, '3'],
    ['string', -7, '-7'],
    ['string', 2.5, '2.5'],
    ['string', 0.0001, '0.0001'],
    ['string', 0.00001, '1e-05'],
    ['string', 123456.5, '123456.5'],
    ['string', 1234567.5, '1.2345675e+06'],
    ['string', true, 'true'],
    ['string', { b: 1, a: '<x&y>' }, '{"a":"\\u003cx\\u0026y\\u003e","b":1}'],
    ['string', ['x', 1], '["x",1]'],
    ['string', null, null],
    ['string', undefined, null],
    ['integer', 7, 7],
    ['integer', 7.9, 7],
    ['integer', -7.9, -7],
    ['integer', '7', null],
    ['number', 2.5, 2.5],
    ['number', 2, 2],
    ['number', 'x', null],
    ['boolean', false, false],
    ['boolean', 'true', null],
    ['date', '2024-05-01T11:59:15Z', '45s'],
    ['date', '', '<unknown>'],
    ['date', '0001-01-01T00:00:00Z', '<unknown>'],
    ['date', 'not a time', '<invalid>'],
    ['date', 12, null],
    ['date', undefined, null],
  ];
  for (const [type, value, want] of cases) {
    it(`${type} ${JSON.stringify(value)} -> ${JSON.stringify(want)}`, () => assert.deepEqual(cell(type, value), want));
  }

  it('uses the first match when a path selects several values', () => {
    const d = descriptor('example.com', 'v1', 'Widget', 'widgets', [
      { name: 'Port', type: 'integer', jsonPath: '.ports[*].port' },
    ]);
    const table = toTable(d, [{ metadata: { name: 'w' }, ports: [{ port: 8080 }, { port: 9090 }] }], { now });
    assert.deepEqual(table.rows[0]?.cells, ['w', 8080]);
  });

  it('counts list and map entries for aggregate: count, absent or scalar counting 0', () => {
    const d = descriptor('example.com', 'v1', 'Widget', 'widgets', [
      { name: 'N', type: 'integer', jsonPath: '.items', aggregate: 'count' },
    ]);
    const rows = toTable(d, [
      { metadata: { name: 'list' }, items: [1, 2, 3] },
      { metadata: { name: 'map' }, items: { a: 1, b: 2 } },
      { metadata: { name: 'absent' } },
      { metadata: { name: 'scalar' }, items: 'x' },
    ], { now }).rows;
    assert.deepEqual(rows.map((r) => r.cells), [['list', 3], ['map', 2], ['absent', 0], ['scalar', 0]]);
  });
});
