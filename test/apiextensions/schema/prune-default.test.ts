// prune() and applyDefaults(): kube's pruning and CRD defaulting, including nested lists and
// maps, preserve-unknown-fields, embedded resources and int-or-string. ~300 ms (the
// property test runs 200 random objects).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileSchema, type JSONSchemaProps } from '../../../runtime/apiextensions/schema/index.js';
import { fixtureSchema } from './fixture.js';

const shelf = compileSchema(fixtureSchema('shelves.yaml'));

test('prune drops undeclared fields at every depth and keeps type and object meta', () => {
  const obj = {
    apiVersion: 'library.example.com/v1',
    kind: 'Shelf',
    metadata: { name: 'a', labels: { x: 'y' }, bogus: true },
    extra: 1,
    spec: {
      material: 'oak',
      color: 'red',
      slots: [{ position: 1, color: 'blue' }, { position: 2, title: 't' }],
      owners: { bob: { since: '2020-01-01', extra: { deep: 1 } } },
      width: 7,
    },
    status: { used: 1, note: 'x', conditions: [{ type: 'Ready', status: 'True', detail: 'gone' }] },
  };
  shelf.prune(obj);
  assert.deepEqual(obj, {
    apiVersion: 'library.example.com/v1',
    kind: 'Shelf',
    metadata: { name: 'a', labels: { x: 'y' } },
    spec: {
      material: 'oak',
      slots: [{ position: 1 }, { position: 2, title: 't' }],
      owners: { bob: { since: '2020-01-01' } },
      width: 7,
    },
    status: { used: 1, conditions: [{ type: 'Ready', status: 'True' }] },
  });
});

test('prune keeps unknown fields under x-kubernetes-preserve-unknown-fields but prunes declared children', () => {
  const obj = { spec: { material: 'oak', notes: { free: { nested: [1, { a: 2 }] }, pinned: { text: 'x', extra: 1 } } } };
  shelf.prune(obj);
  assert.deepEqual(obj, { spec: { material: 'oak', notes: { free: { nested: [1, { a: 2 }] }, pinned: { text: 'x' } } } });
});

test('prune keeps an embedded resource\'s apiVersion/kind/metadata and coerces its metadata', () => {
  const obj = {
    spec: {
      material: 'oak',
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' }, bogus: 1 }, spec: { containers: [] } },
    },
  };
  shelf.prune(obj);
  assert.deepEqual(obj.spec.template, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [] } });
});

const EMBEDDED_STRICT: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        inner: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
        },
        anything: { type: 'object', additionalProperties: true },
        list: { type: 'array', items: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } } },
      },
    },
  },
};

test('prune inside a non-preserving embedded resource, additionalProperties: true and nested lists', () => {
  const c = compileSchema(EMBEDDED_STRICT);
  const obj = {
    spec: {
      inner: { apiVersion: 'x/v1', kind: 'Y', metadata: { name: 'n' }, spec: { size: 1, other: 2 }, status: {} },
      // kube prunes the values of additionalProperties: true with no schema at all.
      anything: { k: 'v', o: { deep: 1 } },
      list: [[{ a: 'x', b: 'y' }], [{ c: 1 }]],
    },
  };
  assert.deepEqual(c.unknownFields(obj).sort(), ['spec.anything.o.deep', 'spec.inner.spec.other', 'spec.inner.status', 'spec.list[0][0].b', 'spec.list[1][0].c']);
  c.prune(obj);
  assert.deepEqual(obj, {
    spec: {
      inner: { apiVersion: 'x/v1', kind: 'Y', metadata: { name: 'n' }, spec: { size: 1 } },
      anything: { k: 'v', o: {} },
      list: [[{ a: 'x' }], [{}]],
    },
  });
});

test('defaults fill absent fields only where the parent exists', () => {
  const noSpec: Record<string, unknown> = { metadata: { name: 'a' } };
  shelf.applyDefaults(noSpec);
  assert.deepEqual(noSpec, { metadata: { name: 'a' } });

  const obj = { spec: { material: 'oak', slots: [{ position: 1 }, { position: 2, lent: true }] } };
  shelf.applyDefaults(obj);
  assert.deepEqual(obj, { spec: { material: 'oak', levels: 3, slots: [{ position: 1, lent: false }, { position: 2, lent: true }] } });
});

const DEFAULTS: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        mode: { type: 'string', default: 'fast' },
        note: { type: 'string', nullable: true, default: 'n' },
        plain: { type: 'string' },
        port: { 'x-kubernetes-int-or-string': true, default: 8080 },
        limits: { type: 'object', default: { cpu: '1' }, additionalProperties: { type: 'string', default: 'unset' } },
        matrix: { type: 'array', items: { type: 'array', items: { type: 'object', properties: { w: { type: 'integer', default: 1 } } } } },
        byName: { type: 'object', additionalProperties: { type: 'object', properties: { on: { type: 'boolean', default: true } } } },
      },
    },
  },
};

test('defaults: a defaulted parent is itself defaulted, nested lists and maps are filled', () => {
  const c = compileSchema(DEFAULTS);
  const empty: Record<string, unknown> = {};
  c.applyDefaults(empty);
  assert.deepEqual(empty, { spec: { mode: 'fast', note: 'n', port: 8080, limits: { cpu: '1' } } });

  const obj = { spec: { matrix: [[{}, { w: 5 }], []], byName: { a: {}, b: { on: false } }, limits: { mem: null } } };
  c.applyDefaults(obj);
  assert.deepEqual(obj, {
    spec: {
      mode: 'fast',
      note: 'n',
      port: 8080,
      limits: { mem: 'unset' },
      matrix: [[{ w: 1 }, { w: 5 }], []],
      byName: { a: { on: true }, b: { on: false } },
    },
  });
});

test('defaults: nulls are dropped where not nullable, replaced by a default, kept where nullable', () => {
  const c = compileSchema(DEFAULTS);
  const obj = { spec: { mode: null, note: null, plain: null } };
  c.applyDefaults(obj);
  assert.deepEqual(obj, { spec: { mode: 'fast', note: null, port: 8080, limits: { cpu: '1' } } });
});

test('defaults are copies: changing one object never changes the next one defaulted', () => {
  const c = compileSchema(DEFAULTS);
  const first: { spec?: { limits?: Record<string, string> } } = {};
  c.applyDefaults(first);
  first.spec!.limits!['cpu'] = 'changed';
  const second: { spec?: { limits?: Record<string, string> } } = {};
  c.applyDefaults(second);
  assert.equal(second.spec!.limits!['cpu'], '1');
});

// Random objects built from the fixture's field names plus noise: after prune nothing is
// unknown, prune is idempotent, and it removes exactly the reported paths.
const jsonLeaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null));
const names = fc.constantFrom('spec', 'status', 'material', 'slots', 'position', 'owners', 'notes', 'pinned', 'text', 'template', 'kind', 'metadata', 'x', 'y');
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, jsonLeaf, tie('object'), tie('array')),
  object: fc.dictionary(names, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  array: fc.array(tie('value'), { maxLength: 3 }),
})).object;

test('property: prune removes exactly the unknown fields and is idempotent', () => {
  fc.assert(
    fc.property(json, (obj) => {
      const reported = shelf.unknownFields(obj);
      const pruned = structuredClone(obj);
      shelf.prune(pruned);
      assert.deepEqual(shelf.unknownFields(pruned), []);
      const again = structuredClone(pruned);
      shelf.prune(again);
      assert.deepEqual(again, pruned);
      const count = (v: unknown): number =>
        Array.isArray(v) ? v.reduce((n: number, x) => n + count(x), 0) : typeof v === 'object' && v !== null ? Object.values(v).reduce((n: number, x) => n + 1 + count(x), 0) : 0;
      if (reported.length === 0) assert.deepEqual(pruned, obj);
      else assert.ok(count(pruned) < count(obj));
    }),
    { numRuns: 200, seed: 42 },
  );
});
