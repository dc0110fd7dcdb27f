// Not a test: prints µs/op of compileSchema().validate / prune / applyDefaults on a ~30-field
// custom resource. Run: node --import tsx test/apiextensions/schema/measure-validate.ts
import { checkStructuralSchema, compileSchema } from '../../../runtime/apiextensions/schema/index.js';
import { fixtureSchema } from './fixture.js';

const schema = fixtureSchema('shelves.yaml');
const compiled = compileSchema(schema);
const sample = {
  apiVersion: 'library.example.com/v1',
  kind: 'Shelf',
  metadata: { name: 'first', namespace: 'default', labels: { room: 'a', floor: '2' }, annotations: { note: 'x' } },
  spec: {
    material: 'oak',
    levels: 4,
    label: 'north-wall',
    width: '80cm',
    topics: ['history', 'maps', 'art', 'music'],
    slots: [{ position: 1, title: 'Atlas', lent: false }, { position: 2, title: 'Odyssey', lent: true }, { position: 3 }],
    owners: { alice: { since: '2024-02-29', contact: 'alice@example.com' }, bob: { since: '2020-01-01' } },
    template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } },
    notes: { free: { form: [1, 2] }, pinned: { text: 'hi' } },
  },
  status: { used: 2, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-02T03:04:05Z' }] },
};

function measure(name: string, fn: () => void, iterations = 100_000): void {
  for (let i = 0; i < 5_000; i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const ns = Number(process.hrtime.bigint() - start);
  console.log(`${name}: ${(ns / iterations / 1000).toFixed(2)} µs/op`);
}

if (compiled.validate(sample).errors.length !== 0) throw new Error('sample must be valid');
measure('validate (errors + unknown fields)', () => compiled.validate(sample));
measure('unknownFields', () => compiled.unknownFields(sample));
measure('prune (on a copy)', () => compiled.prune(structuredClone(sample)));
measure('structuredClone alone', () => structuredClone(sample));
measure('applyDefaults (on a copy)', () => compiled.applyDefaults(structuredClone(sample)));
measure('compileSchema', () => compileSchema(schema), 5_000);
measure('checkStructuralSchema', () => checkStructuralSchema(schema, 'spec.versions[0].schema.openAPIV3Schema'), 2_000);
