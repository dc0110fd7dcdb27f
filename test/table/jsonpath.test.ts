// Cost: a few milliseconds; pure functions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonPathError, parseJsonPath } from '../../runtime/table/index.js';

const doc = {
  metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'shop', tier: 'front' } },
  spec: {
    replicas: 3,
    ports: [
      { name: 'http', port: 80, protocol: 'TCP' },
      { name: 'https', port: 443, protocol: 'TCP' },
      { name: 'dns', port: 53, protocol: 'UDP' },
    ],
    empty: null,
  },
  status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Synced', status: 'False' }] },
};

describe('JSONPath for printer columns', () => {
  const cases: Array<[string, unknown[]]> = [
    ['.spec.replicas', [3]],
    ['{.spec.replicas}', [3]],
    ['$.spec.replicas', [3]],
    ['.spec.ports[0].port', [80]],
    ['.spec.ports[-1].name', ['dns']],
    ['.spec.ports[*].port', [80, 443, 53]],
    ['.spec.ports[0:2].name', ['http', 'https']],
    ['.spec.ports[::2].name', ['http', 'dns']],
    ['.spec.ports[0,2].name', ['http', 'dns']],
    ["['spec']['replicas']", [3]],
    [".metadata.labels['app.kubernetes.io/name']", ['shop']],
    ['.metadata.labels["tier"]', ['front']],
    ['.metadata.labels.app\\.kubernetes\\.io/name', ['shop']],
    [".metadata.labels['tier','missing']", ['front']],
    ['.metadata.labels.*', ['shop', 'front']],
    ["..port", [80, 443, 53]],
    ["..protocol", ['TCP', 'TCP', 'UDP']],
    [".spec.ports[?(@.protocol=='UDP')].name", ['dns']],
    ['.spec.ports[?(@.port > 79)].name', ['http', 'https']],
    ['.spec.ports[?(@.port<=80)].name', ['http', 'dns']],
    ['.spec.ports[?(@.name != "http")].port', [443, 53]],
    ['.spec.ports[?(@.name)].port', [80, 443, 53]],
    ['.status.conditions[?(@.type=="Ready")].status', ['True']],
    ['.spec.empty', [null]],
    ['.spec.missing', []],
    ['.spec.ports[7].port', []],
    ['.spec.replicas.deeper', []],
    ['.spec.ports.port', []],
    ['.', [doc]],
  ];
  for (const [path, want] of cases) {
    it(`${path} -> ${JSON.stringify(want)}`, () => assert.deepEqual(parseJsonPath(path).find(doc), want));
  }

  for (const bad of ['spec.replicas', '.spec[', '.spec[?(@.a==)]', '.spec..', ".spec['x", '.a[1:2:0]', '.a]']) {
    it(`rejects ${JSON.stringify(bad)} when parsed`, () => assert.throws(() => parseJsonPath(bad), JsonPathError));
  }
});
