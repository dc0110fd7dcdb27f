// Cost: a few milliseconds; pure functions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTimestampUTC, humanDuration, parseTimestamp, timestampAge } from '../../runtime/table/index.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration', () => {
  // Each threshold just below and at its boundary.
  const cases: Array<[number, string]> = [
    [-2 * s, '<invalid>'],
    [-2 * s + 1, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [999, '0s'],
    [45 * s, '45s'],
    [2 * m - 1, '119s'],
    [2 * m, '2m'],
    [2 * m + 3 * s, '2m3s'],
    [10 * m - 1, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 59 * s, '10m'],
    [3 * h - 1, '179m'],
    [3 * h, '3h'],
    [3 * h + 10 * m, '3h10m'],
    [8 * h - 1, '7h59m'],
    [8 * h, '8h'],
    [8 * h + 59 * m, '8h'],
    [2 * d - 1, '47h'],
    [2 * d, '2d'],
    [2 * d + h, '2d1h'],
    [5 * d, '5d'],
    [8 * d - 1, '7d23h'],
    [8 * d, '8d'],
    [8 * d + 23 * h, '8d'],
    [2 * y - 1, '729d'],
    [2 * y, '2y'],
    [2 * y + d - 1, '2y'],
    [2 * y + d, '2y1d'],
    [3 * y + 45 * d, '3y45d'],
    [8 * y - 1, '7y364d'],
    [8 * y, '8y'],
    [8 * y + 364 * d, '8y'],
    [12 * y, '12y'],
  ];
  for (const [ms, want] of cases) {
    it(`${ms}ms -> ${want}`, () => assert.equal(humanDuration(ms), want));
  }
});

describe('timestamps', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('ages a timestamp against the given clock', () => {
    assert.equal(timestampAge('2024-05-01T11:59:15Z', now), '45s');
    assert.equal(timestampAge('2024-05-01T08:50:00Z', now), '3h10m');
    assert.equal(timestampAge('2024-04-26T12:00:00Z', now), '5d');
  });

  it('honours offsets and fractional seconds', () => {
    assert.equal(timestampAge('2024-05-01T13:58:00+02:00', now), '2m');
    assert.equal(timestampAge('2024-05-01T08:58:01-03:00', now), '119s');
    assert.equal(timestampAge('2024-05-01T11:59:59.999999Z', now), '0s');
    assert.equal(parseTimestamp('2024-05-01T12:00:00.5Z'), now + 500);
  });

  it('prints <unknown> for unset and <invalid> for unparseable times', () => {
    assert.equal(timestampAge(undefined, now), '<unknown>');
    assert.equal(timestampAge(null, now), '<unknown>');
    assert.equal(timestampAge('', now), '<unknown>');
    assert.equal(timestampAge('0001-01-01T00:00:00Z', now), '<unknown>');
    assert.equal(timestampAge('yesterday', now), '<invalid>');
    assert.equal(timestampAge(17, now), '<invalid>');
  });

  it('prints a time in the future beyond the tolerance as <invalid>', () => {
    assert.equal(timestampAge('2024-05-01T12:00:01Z', now), '0s');
    assert.equal(timestampAge('2024-05-01T12:00:05Z', now), '<invalid>');
  });

  it('formats RFC 3339 UTC at whole seconds', () => {
    assert.equal(formatTimestampUTC(Date.parse('2024-05-01T12:00:00.750Z')), '2024-05-01T12:00:00Z');
    assert.equal(formatTimestampUTC(parseTimestamp('0001-01-01T00:00:00Z') ?? NaN), '0001-01-01T00:00:00Z');
    assert.equal(formatTimestampUTC(parseTimestamp('2024-05-01T14:00:00+02:00') ?? NaN), '2024-05-01T12:00:00Z');
  });
});
