// load: v2 and v3 documents, cross-file $ref, merging, and errors naming file + JSON pointer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSpecs } from '../../codegen/src/load/index.js';
import { CodegenError } from '../../codegen/src/errors.js';
import { VIRTUAL_CWD, v3 } from './helpers.js';

function load(files: Record<string, string>) {
  const overrides = new Map(Object.entries(files).map(([name, text]) => [`${VIRTUAL_CWD}/${name}`, text]));
  return loadSpecs({ cwd: VIRTUAL_CWD, inputs: [], overrides });
}

function loadErrors(files: Record<string, string>): string[] {
  try {
    load(files);
  } catch (err) {
    if (err instanceof CodegenError) return err.problems.map((p) => `${p.file}#${p.pointer}: ${p.message}`);
    throw err;
  }
  throw new Error('expected a load error');
}

test('reads v3 YAML and v2 JSON and tells them apart', () => {
  const specs = load({
    'a.yaml': 'openapi: 3.0.3\ninfo: {title: a, version: v1}\npaths: {}\ncomponents: {schemas: {x.v1.A: {type: string}}}\n',
    'b.json': JSON.stringify({ swagger: '2.0', info: { title: 'b', version: 'v1' }, paths: {}, definitions: { 'y.v1.B': { type: 'string' } } }),
  });
  assert.deepEqual(
    specs.documents.map((d) => [d.displayName, d.version]),
    [
      ['a.yaml', 3],
      ['b.json', 2],
    ],
  );
});

test('cross-file $ref resolves and pulls in the referenced document', () => {
  const specs = load({
    'g/v1.yaml': v3({ 'x.v1.A': { type: 'object', properties: { m: { $ref: '../meta/v1.yaml#/components/schemas/x.meta.v1.M' } } } }),
    'meta/v1.yaml': v3({ 'x.meta.v1.M': { type: 'string' } }),
  });
  assert.equal(specs.documents.length, 2);
});

test('a dangling $ref names the referring file and pointer', () => {
  const errs = loadErrors({ 'a.yaml': v3({ 'x.v1.A': { type: 'object', properties: { b: { $ref: '#/components/schemas/x.v1.Missing' } } } }) });
  assert.deepEqual(errs, ['a.yaml#/components/schemas/x.v1.A/properties/b: dangling $ref "#/components/schemas/x.v1.Missing": nothing at /components/schemas/x.v1.Missing in a.yaml']);
});

test('a $ref into a missing file names the referring file and pointer', () => {
  const errs = loadErrors({ 'a.yaml': v3({ 'x.v1.A': { $ref: 'nope.yaml#/components/schemas/x.v1.B' } }) });
  assert.deepEqual(errs, ['a.yaml#/components/schemas/x.v1.A: dangling $ref "nope.yaml#/components/schemas/x.v1.B": file nope.yaml not found']);
});

test('a file that is not YAML, or not OpenAPI, is named', () => {
  assert.match(loadErrors({ 'bad.yaml': 'a: [1, 2\n' })[0]!, /^bad\.yaml#: not valid YAML/);
  assert.deepEqual(loadErrors({ 'x.yaml': 'hello: world\n' }), ['x.yaml#/openapi: not an OpenAPI document: expected `openapi: 3.x` or `swagger: "2.0"`']);
});

test('a missing input file is reported without a stack trace', () => {
  assert.throws(
    () => loadSpecs({ cwd: VIRTUAL_CWD, inputs: ['does-not-exist.yaml'] }),
    (err: unknown) => err instanceof CodegenError && /does-not-exist\.yaml#: cannot read/.test(err.message),
  );
});

test('refs under properties named like keywords (default, enum, x-...) are still checked', () => {
  const errs = loadErrors({
    'a.yaml': v3({ 'x.v1.Props': { type: 'object', properties: { default: { $ref: '#/components/schemas/x.v1.Gone' }, enum: { type: 'array', items: { $ref: '#/components/schemas/x.v1.Props' } } } } }),
  });
  assert.deepEqual(errs, ['a.yaml#/components/schemas/x.v1.Props/properties/default: dangling $ref "#/components/schemas/x.v1.Gone": nothing at /components/schemas/x.v1.Gone in a.yaml']);
});

test('a $ref inside example or default data is not a reference', () => {
  const specs = load({ 'a.yaml': v3({ 'x.v1.A': { type: 'object', default: { $ref: 'nowhere.yaml#/x' }, example: { $ref: '#/nope' } } }) });
  assert.equal(specs.documents.length, 1);
});
