// The registry and the text exposition format: number formatting as Go's client writes it,
// escaping, label and series order, histogram buckets. In-process; well under a second.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CollectedFamily, Counter, Gauge, Histogram, Registry, escapeHelp, escapeLabelValue, formatValue } from '../../runtime/metrics/index.js';

describe('metrics: exposition format', () => {
  it('formats numbers the way Go clients do', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [1, '1'],
      [-1, '-1'],
      [0.005, '0.005'],
      [1.25, '1.25'],
      [60, '60'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [131072, '131072'],
      [999999, '999999'],
      [1e6, '1e+06'],
      [1234567, '1.234567e+06'],
      [1e9, '1e+09'],
      [1.7e9 + 0.25, '1.70000000025e+09'],
      [1e21, '1e+21'],
      [Infinity, '+Inf'],
      [-Infinity, '-Inf'],
      [NaN, 'NaN'],
    ];
    for (const [value, text] of cases) assert.equal(formatValue(value), text, String(value));
  });

  it('escapes label values and HELP text', () => {
    assert.equal(escapeLabelValue('plain'), 'plain');
    assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
    // Called twice in a row: no state leaks between calls.
    assert.equal(escapeLabelValue('"'), '\\"');
    assert.equal(escapeLabelValue('"'), '\\"');
    assert.equal(escapeHelp('say "hi"\\now\nthen'), 'say "hi"\\\\now\\nthen');
  });

  it('writes HELP and TYPE, sorts families, labels by name and series by value, and skips empty families', () => {
    const r = new Registry();
    const c = r.register(new Counter({ name: 'zz_total', help: 'Things "counted".\nTwo lines.', labelNames: ['verb', 'code'] }));
    const g = r.register(new Gauge({ name: 'aa_gauge', help: 'A gauge.' }));
    r.register(new Counter({ name: 'mm_unused_total', help: 'Never touched.', labelNames: ['x'] }));
    c.labels('LIST', '200').value += 2;
    c.labels('GET', '404').value++;
    c.labels('GET', '200').value++;
    c.labels('GET', 'a"b\\c\nd').value++;
    g.labels().value = 7.5;
    assert.equal(
      r.render(),
      [
        '# HELP aa_gauge A gauge.',
        '# TYPE aa_gauge gauge',
        'aa_gauge 7.5',
        '# HELP zz_total Things "counted".\\nTwo lines.',
        '# TYPE zz_total counter',
        'zz_total{code="200",verb="GET"} 1',
        'zz_total{code="200",verb="LIST"} 2',
        'zz_total{code="404",verb="GET"} 1',
        'zz_total{code="a\\"b\\\\c\\nd",verb="GET"} 1',
        '',
      ].join('\n'),
    );
  });

  it('writes histogram buckets cumulatively with +Inf, then _sum and _count, le last', () => {
    const r = new Registry();
    const h = r.register(new Histogram({ name: 'req_seconds', help: 'Latency.', labelNames: ['verb'], buckets: [0.1, 1, 1e6] }));
    const get = h.labels('GET');
    for (const v of [0.05, 0.1, 0.5, 1, 2, 5e6]) get.observe(v);
    assert.equal(
      r.render(),
      [
        '# HELP req_seconds Latency.',
        '# TYPE req_seconds histogram',
        'req_seconds_bucket{verb="GET",le="0.1"} 2',
        'req_seconds_bucket{verb="GET",le="1"} 4',
        'req_seconds_bucket{verb="GET",le="1e+06"} 5',
        'req_seconds_bucket{verb="GET",le="+Inf"} 6',
        'req_seconds_sum{verb="GET"} 5.00000365e+06',
        'req_seconds_count{verb="GET"} 6',
        '',
      ].join('\n'),
    );
    const bare = new Registry();
    bare.register(new Histogram({ name: 'h', help: 'No labels.', buckets: [1] })).labels().observe(3);
    assert.match(bare.render(), /^h_bucket\{le="1"\} 0\nh_bucket\{le="\+Inf"\} 1\nh_sum 3\nh_count 1$/m);
  });

  it('reads collected families at render time and sorts their samples', () => {
    let n = 1;
    const r = new Registry();
    r.register(
      new CollectedFamily({ name: 'objs', help: 'Objects.', labelNames: ['resource'], type: 'gauge' }, () => [
        { values: ['secrets'], value: n * 2 },
        { values: ['configmaps'], value: n },
      ]),
    );
    assert.match(r.render(), /objs\{resource="configmaps"\} 1\nobjs\{resource="secrets"\} 2\n$/);
    n = 5;
    assert.match(r.render(), /objs\{resource="configmaps"\} 5\nobjs\{resource="secrets"\} 10\n$/);
  });

  it('refuses bad names, reserved labels, wrong label counts and double registration', () => {
    assert.throws(() => new Counter({ name: 'bad-name', help: '' }), /invalid metric name/);
    assert.throws(() => new Counter({ name: 'x', help: '', labelNames: ['__reserved'] }), /invalid label name/);
    assert.throws(() => new Histogram({ name: 'h', help: '', labelNames: ['le'], buckets: [1] }), /reserved/);
    assert.throws(() => new Histogram({ name: 'h', help: '', buckets: [2, 1] }), /increase/);
    assert.throws(() => new Counter({ name: 'x', help: '', labelNames: ['a'] }).labels('1', '2'), /2 label values for 1 labels/);
    const r = new Registry();
    r.register(new Gauge({ name: 'g', help: '' }));
    assert.throws(() => r.register(new Gauge({ name: 'g', help: '' })), /twice/);
  });
});
