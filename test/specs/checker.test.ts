// The fact checker's own tests: a checker that never reports a mismatch would let any spec
// pass, so each comparison is shown to fire on a small hand-made pair. Milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSchema, schemaMismatches } from './schema-facts.js';
import { pathMismatches } from './path-facts.js';
import { RefResolver } from './refs.js';
import { loadUpstream } from './upstream.js';
import { framingProblems, kindExtensionProblems, unresolvedRefs } from './document-rules.js';
import type { JsonObject, SpecFile } from './spec-files.js';

const theirsPort: JsonObject = {
  type: 'object',
  required: ['port'],
  properties: {
    port: { type: 'integer', format: 'int32' },
    targetPort: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
    tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    ports: {
      type: 'array',
      items: { $ref: '#/definitions/P' },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['port', 'protocol'],
      'x-kubernetes-patch-merge-key': 'port',
      'x-kubernetes-patch-strategy': 'merge',
    },
  },
};

function oursPort(): JsonObject {
  return structuredClone({
    type: 'object',
    required: ['port'],
    properties: {
      port: { type: 'integer', format: 'int32' },
      targetPort: { $ref: '../meta/v1.yaml#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
      tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      ports: {
        type: 'array',
        items: { $ref: '#/components/schemas/P' },
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['port', 'protocol'],
        'x-kubernetes-patch-merge-key': 'port',
        'x-kubernetes-patch-strategy': 'merge',
      },
    },
  });
}

function diff(mutate: (schema: JsonObject) => void): string[] {
  const ours = oursPort();
  mutate(ours);
  const out: string[] = [];
  compareSchema('S', ours, theirsPort, out);
  return out;
}

function props(schema: JsonObject): Record<string, JsonObject> {
  return schema['properties'] as Record<string, JsonObject>;
}

test('identical schemas, written as OpenAPI 3 and swagger 2, have no mismatches', () => {
  assert.deepEqual(diff(() => {}), []);
});

test('each schema facet is compared', () => {
  const cases: [string, (s: JsonObject) => void][] = [
    ['S.port format: ours int64 vs theirs int32', (s) => { props(s)['port']!['format'] = 'int64'; }],
    ['S.port type: ours string vs theirs integer', (s) => { props(s)['port']!['type'] = 'string'; }],
    ['S.tags x-kubernetes-list-type: ours atomic vs theirs set', (s) => { props(s)['tags']!['x-kubernetes-list-type'] = 'atomic'; }],
    ['S.tags.items type: ours integer vs theirs string', (s) => { props(s)['tags']!['items'] = { type: 'integer' }; }],
    ['S.labels.additionalProperties format: ours byte vs theirs (none)', (s) => { props(s)['labels']!['additionalProperties'] = { type: 'string', format: 'byte' }; }],
    ['S.ports x-kubernetes-list-map-keys: ours ["port"] vs theirs ["port","protocol"]', (s) => { props(s)['ports']!['x-kubernetes-list-map-keys'] = ['port']; }],
    ['S.ports x-kubernetes-patch-merge-key: ours name vs theirs port', (s) => { props(s)['ports']!['x-kubernetes-patch-merge-key'] = 'name'; }],
    ['S.ports.items $ref: ours Q vs theirs P', (s) => { props(s)['ports']!['items'] = { $ref: '#/components/schemas/Q' }; }],
    ['S.targetPort $ref: ours Quantity vs theirs io.k8s.apimachinery.pkg.util.intstr.IntOrString', (s) => { props(s)['targetPort'] = { $ref: '#/components/schemas/Quantity' }; }],
    ['S required: ours (none) vs theirs port', (s) => { delete s['required']; }],
    ['S.port: ours (missing) vs theirs present', (s) => { delete props(s)['port']; }],
    ['S.extra: ours present vs theirs (missing)', (s) => { props(s)['extra'] = { type: 'string' }; }],
  ];
  for (const [expected, mutate] of cases) assert.deepEqual(diff(mutate), [expected]);
});

test('an upstream enum must be matched, and int-or-string is one fact in both spellings', () => {
  const out: string[] = [];
  compareSchema('E', { type: 'string', enum: ['A'] }, { type: 'string', enum: ['A', 'B'] }, out);
  compareSchema('I', { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }, { type: 'string', format: 'int-or-string' }, out);
  assert.deepEqual(out, ['E enum: ours A vs theirs A|B']);
});

test('schemaMismatches reports every file and skips names upstream lacks', () => {
  const files: SpecFile[] = [
    { path: 'specs/x/v1.yaml', doc: { components: { schemas: { S: { type: 'object' }, Mine: { type: 'object' } } } } },
  ];
  const result = schemaMismatches(files, { S: { type: 'string' } });
  assert.equal(result.compared, 1);
  assert.deepEqual(result.mismatches, ['specs/x/v1.yaml: S type: ours object vs theirs string']);
});

const meta: SpecFile = {
  path: 'specs/meta/v1.yaml',
  doc: {
    openapi: '3.0.3',
    info: { title: 'meta', version: 'v1' },
    paths: {},
    components: {
      parameters: { name: { name: 'name', in: 'path' }, pretty: { name: 'pretty', in: 'query' } },
      schemas: { Status: { type: 'object' } },
    },
  },
};

function groupDoc(action: string, extraPath?: string): SpecFile {
  const op = {
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: 'g', version: 'v1', kind: 'Thing' },
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
  };
  const paths: JsonObject = {
    '/apis/g/v1/things/{name}': {
      parameters: [{ $ref: '../meta/v1.yaml#/components/parameters/name' }, { $ref: '../meta/v1.yaml#/components/parameters/pretty' }],
      get: op,
    },
  };
  if (extraPath !== undefined) paths[extraPath] = {};
  return {
    path: 'specs/g/v1.yaml',
    doc: {
      openapi: '3.0.3',
      info: { title: 'g', version: 'v1' },
      paths,
      components: {
        schemas: {
          Thing: {
            type: 'object',
            'x-kubernetes-group-version-kind': [{ group: 'g', version: 'v1', kind: 'Thing' }],
            'x-capstan-resource': { singular: 'thing' },
            'x-capstan-printer-columns': [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }],
          },
        },
      },
    },
  };
}

const upstreamPaths: JsonObject = {
  '/apis/g/v1/things/{name}': {
    parameters: [{ $ref: '#/parameters/name-x' }, { name: 'pretty', in: 'query' }],
    get: {
      'x-kubernetes-action': 'get',
      'x-kubernetes-group-version-kind': { group: 'g', version: 'v1', kind: 'Thing' },
      responses: { '200': { schema: { $ref: '#/definitions/Thing' } } },
    },
  },
  '/apis/g/v1/things/{name}/status': {
    get: { 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': { group: 'g', version: 'v1', kind: 'Thing' } },
  },
};
const upstreamParams: JsonObject = { 'name-x': { name: 'name', in: 'path' } };

test('paths: matching operations pass; a wrong action and a missing subresource are reported', () => {
  const good = [meta, groupDoc('get', '/apis/g/v1/things/{name}/status')];
  const goodResult = pathMismatches(good, new RefResolver(good), { ...upstreamPaths, '/apis/g/v1/things/{name}/status': {} }, upstreamParams);
  assert.deepEqual(goodResult.mismatches, []);

  const bad = [meta, groupDoc('list')];
  const badResult = pathMismatches(bad, new RefResolver(bad), upstreamPaths, upstreamParams);
  assert.deepEqual(badResult.mismatches, [
    'specs/g/v1.yaml: GET /apis/g/v1/things/{name} action: ours list vs theirs get',
    '/apis/g/v1/things/{name}/status: ours (missing) vs theirs present (g/v1/Thing)',
  ]);
});

test('document rules: framing, references and kind extensions', () => {
  const files = [meta, groupDoc('get')];
  assert.deepEqual(framingProblems(files), []);
  assert.deepEqual(unresolvedRefs(files, new RefResolver(files)), []);
  assert.deepEqual(kindExtensionProblems(files), []);

  const broken = groupDoc('list');
  broken.doc['openapi'] = '3.1.0';
  const thing = (broken.doc['components'] as { schemas: Record<string, JsonObject> }).schemas['Thing']!;
  delete thing['x-capstan-resource'];
  thing['x-capstan-printer-columns'] = [{ name: 'Name', type: 'text', jsonPath: 'metadata.name' }];
  const withBadRef = [meta, broken, { path: 'specs/h/v1.yaml', doc: { x: { $ref: '../meta/v1.yaml#/components/schemas/Nope' } } }];
  assert.deepEqual(framingProblems([broken]), ['specs/g/v1.yaml: openapi is 3.1.0, want 3.0.3']);
  assert.deepEqual(unresolvedRefs(withBadRef, new RefResolver(withBadRef)), [
    'specs/h/v1.yaml/x: $ref ../meta/v1.yaml#/components/schemas/Nope does not resolve',
  ]);
  assert.deepEqual(kindExtensionProblems([meta, broken]), [
    'specs/g/v1.yaml: Thing: x-capstan-resource is missing',
    'specs/g/v1.yaml: Thing: x-capstan-printer-columns[0] has type text',
    "specs/g/v1.yaml: Thing: x-capstan-printer-columns[0] needs a jsonPath starting with '.'",
    'specs/g/v1.yaml: Thing: x-capstan-printer-columns[0]: the leading NAME is implicit and must not be listed',
  ]);
});

test('a missing upstream document is reported as absent, so the facts tests skip', () => {
  assert.equal(loadUpstream('/nonexistent/capstan-root'), undefined);
});
