// Protobuf codec benchmark: decode and encode of a ConfigMap with 10 data keys (and a list of
// 500 of them), against JSON.parse / JSON.stringify of the same object measured in the same run,
// printed as ratios because this machine is shared and noisy.
//
//   node --import tsx bench/protobuf/index.ts [--quick]
// The generated codecs register themselves when imported.
import '../../generated/protobuf.js';
import { decodeRequestBody, encodeResponse, type GroupVersionKind, type JsonObject } from '../../runtime/protobuf/index.js';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 7;
const OPS = quick ? 5_000 : 20_000;
const LIST_OPS = quick ? 20 : 100;

function configMap(i: number): JsonObject {
  const data: JsonObject = {};
  for (let k = 0; k < 10; k++) data[`key-${k}`] = `value-${k}-${'x'.repeat(20 + k)}`;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `cm-${String(i).padStart(6, '0')}`,
      namespace: 'bench',
      uid: '5b9ac6a2-6d6e-4d8b-9a38-0a4c4d8f1e11',
      resourceVersion: String(100000 + i),
      creationTimestamp: '2026-11-22T02:07:25Z',
      labels: { app: 'web', tier: 'front' },
      annotations: { 'example.com/owner': 'team-a' },
      managedFields: [
        { manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2026-11-22T02:07:25Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:key-0': {} } } },
      ],
    },
    data,
  };
}

/**
 * Median ns per operation of `a` and of `b`, measured in alternating rounds so that both see
 * the same background load on this shared machine.
 */
function measurePair(ops: number, a: () => unknown, b: () => unknown): [number, number] {
  const sa: number[] = [];
  const sb: number[] = [];
  let sink: unknown;
  const time = (fn: () => unknown): number => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) sink = fn();
    return Number(process.hrtime.bigint() - start) / ops;
  };
  for (let r = 0; r < ROUNDS; r++) {
    sa.push(time(a));
    sb.push(time(b));
  }
  if (sink === undefined) throw new Error('unreachable');
  const median = (xs: number[]): number => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [median(sa), median(sb)];
}

interface Row {
  metric: string;
  protobufNs: number;
  jsonNs: number;
  protobufBytes: number;
  jsonBytes: number;
}

function compare(metric: string, gvk: GroupVersionKind, obj: JsonObject, ops: number): Row[] {
  const pb = encodeResponse(obj, gvk)!;
  const jsonBuf = Buffer.from(JSON.stringify(obj));
  const pbDecode = (): unknown => decodeRequestBody(pb, gvk);
  const jsonDecode = (): unknown => JSON.parse(jsonBuf.toString('utf8'));
  const pbEncode = (): unknown => encodeResponse(obj, gvk);
  const jsonEncode = (): unknown => Buffer.from(JSON.stringify(obj));
  const pbBoth = (): unknown => encodeResponse(decodeRequestBody(pb, gvk), gvk);
  const jsonBoth = (): unknown => Buffer.from(JSON.stringify(JSON.parse(jsonBuf.toString('utf8'))));
  // Warm-up, so both sides are optimized before anything is timed.
  measurePair(Math.ceil(ops / 4), pbBoth, jsonBoth);
  const [pd, jd] = measurePair(ops, pbDecode, jsonDecode);
  const [pe, je] = measurePair(ops, pbEncode, jsonEncode);
  const [pb2, jb2] = measurePair(ops, pbBoth, jsonBoth);
  const sizes = { protobufBytes: pb.length, jsonBytes: jsonBuf.length };
  return [
    { metric: `${metric} decode`, protobufNs: pd, jsonNs: jd, ...sizes },
    { metric: `${metric} encode`, protobufNs: pe, jsonNs: je, ...sizes },
    { metric: `${metric} decode+encode`, protobufNs: pb2, jsonNs: jb2, ...sizes },
  ];
}

const rows = [
  ...compare('ConfigMap (10 keys)', { group: '', version: 'v1', kind: 'ConfigMap' }, configMap(1), OPS),
  ...compare('ConfigMapList (500 items)', { group: '', version: 'v1', kind: 'ConfigMapList' }, {
    apiVersion: 'v1',
    kind: 'ConfigMapList',
    metadata: { resourceVersion: '600000' },
    items: Array.from({ length: 500 }, (_, i) => {
      const { apiVersion: _a, kind: _k, ...rest } = configMap(i);
      return rest;
    }),
  }, LIST_OPS),
];

const fmt = (ns: number): string => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(2)} µs`);
console.log(`protobuf vs JSON (${quick ? 'quick' : 'full'}; median of ${ROUNDS} rounds; ratio < 1 means protobuf is faster)`);
for (const r of rows) {
  console.log(
    `${r.metric.padEnd(38)} protobuf ${fmt(r.protobufNs).padStart(10)}  JSON ${fmt(r.jsonNs).padStart(10)}  ratio ${(r.protobufNs / r.jsonNs).toFixed(2)}x` +
      `  size ${r.protobufBytes} B / ${r.jsonBytes} B`,
  );
}
