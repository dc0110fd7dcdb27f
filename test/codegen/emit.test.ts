// emit: the shape of the emitted TypeScript for facts the golden diff alone would not explain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { generate } from '../../codegen/src/index.js';
import { kindVarName } from '../../codegen/src/emit/index.js';
import { modelOf, v3 } from './helpers.js';
import { emit } from '../../codegen/src/emit/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = relative(ROOT, join(import.meta.dirname, 'fixtures'));
const { files } = generate({ cwd: ROOT, specs: [`${FIXTURES}/basic`, `${FIXTURES}/legacy`], outDir: 'test/codegen/golden/basic' });
const types = files.get('example.com/v1/types.ts')!;

test('required fields are not optional; optional ones are', () => {
  assert.match(types, /\n {4}spec: WidgetSpec;\n/);
  assert.match(types, /\n {4}size: "small" \| "medium" \| "large";\n/);
  assert.match(types, /\n {4}replicas\?: number;\n/);
});

test('a kind with one group/version/kind gets literal apiVersion and kind', () => {
  assert.match(types, /apiVersion\?: "example\.com\/v1";/);
  assert.match(types, /kind\?: "Widget";/);
  assert.match(files.get('core/v1/types.ts')!, /apiVersion\?: "v1";/);
});

test('int-or-string, nullable, maps and cross-folder references', () => {
  assert.match(types, /target\?: number \| string;/);
  assert.match(types, /observedAt\?: string \| null;/);
  assert.match(types, /weights\?: \{\n\s+\[key: string\]: number;\n\s+\};/);
  assert.match(types, /^import type \* as autoscaling_v1 from '\.\.\/\.\.\/autoscaling\/v1\/types\.js';$/m);
  assert.match(types, /metadata\?: autoscaling_v1\.ObjectMeta;/);
});

test('preserve-unknown-fields objects keep their known fields and accept any other', () => {
  assert.match(types, /export type Payload = \{\n\s+format\?: string;\n\} & \{\n\s+\[key: string\]: unknown;\n\};/);
});

test('validators are only emitted for schemas with checks; defaulters only where defaults live', () => {
  const model = modelOf({ 'a.yaml': v3({ 'x.v1.Any': {}, 'x.v1.S': { type: 'object', properties: { a: { $ref: '#/components/schemas/x.v1.Any' } } } }) });
  const out = emit(model, { runtimeFromRoot: '../runtime/api/index.ts', inputs: ['a.yaml'] });
  const validate = out.get('x/v1/validate.ts')!;
  assert.match(validate, /export function validateS\(/);
  assert.doesNotMatch(validate, /validateAny/);
  assert.equal(out.has('x/v1/defaults.ts'), false);
});

test('kind variable names lower a leading acronym as one word', () => {
  assert.deepEqual(['Pod', 'APIService', 'CSIDriver', 'IPAddress', 'X'].map(kindVarName), ['pod', 'apiService', 'csiDriver', 'ipAddress', 'x']);
});
