import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defineStrategy,
  genericStrategy,
  isDNS1123Subdomain,
  isQualifiedName,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../runtime/registry/index.js';
import { configMapResource, gadgetResource, widgetResource, type Widget } from './fixtures.js';

test('qualified names: prefix rules and lengths', () => {
  assert.deepEqual(isQualifiedName('example.com/name'), []);
  assert.deepEqual(isQualifiedName('/name'), ['prefix part must be non-empty']);
  assert.deepEqual(isQualifiedName('Example.com/name'), [
    "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.deepEqual(isQualifiedName('x'.repeat(64)), ['name part must be no more than 63 characters']);
  assert.deepEqual(isQualifiedName('example.com/'), [
    'name part must be non-empty',
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.deepEqual(isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
});

test('generateName is checked as a prefix: a trailing dash is fine', () => {
  assert.deepEqual(nameIsDNSSubdomain('web-', true), []);
  assert.notDeepEqual(nameIsDNSSubdomain('web-', false), []);
  assert.deepEqual(
    validateObjectMeta({ generateName: 'web-' }, { namespaced: false, nameValidator: nameIsDNSSubdomain }).map((e) => e.field),
    ['metadata.name'],
    'with only generateName the store must generate the name before validating',
  );
});

test('cluster-scoped objects may not carry a namespace; negative generation is invalid', () => {
  const errs = validateObjectMeta({ name: 'a', namespace: 'x', generation: -1 }, { namespaced: false, nameValidator: nameIsDNSSubdomain });
  assert.deepEqual(
    errs.map((e) => [e.type, e.field, e.detail]),
    [
      ['FieldValueForbidden', 'metadata.namespace', 'not allowed on this type'],
      ['FieldValueInvalid', 'metadata.generation', 'must be greater than or equal to 0'],
    ],
  );
});

test('update rules: immutable identity, no decrement', () => {
  const errs = validateObjectMetaUpdate({ name: 'a', uid: 'u2', generation: 1 }, { name: 'a', uid: 'u1', generation: 3 });
  assert.deepEqual(
    errs.map((e) => `${e.field}: ${e.detail}`),
    ['metadata.generation: must not be decremented', 'metadata.uid: field is immutable'],
  );
});

test('defineStrategy fills kube-like defaults', () => {
  const s = defineStrategy<Widget>({ namespaced: true });
  assert.equal(s.allowCreateOnUpdate, false);
  assert.equal(s.allowUnconditionalUpdate, true);
  assert.equal(s.status, null);
  assert.equal(s.scale, null);
  assert.deepEqual(s.validate({}), []);
  assert.deepEqual(s.getAttrs({ metadata: { name: 'n', namespace: 'ns', labels: { a: 'b' } } }), {
    labels: { a: 'b' },
    fields: { 'metadata.name': 'n', 'metadata.namespace': 'ns' },
  });
});

test('genericStrategy reads scope, subresources and selectable fields off the descriptor', () => {
  const w = genericStrategy<Widget>(widgetResource);
  assert.equal(w.namespaced, true);
  assert.ok(w.status);
  assert.deepEqual(w.scale, { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' });
  assert.equal(w.tracksGeneration, true);
  assert.deepEqual(w.selectableFields, ['spec.color', 'status.phase']);
  assert.deepEqual(w.getAttrs({ metadata: { name: 'x', namespace: 'y' }, spec: { color: 'red' }, status: {} }).fields, {
    'metadata.name': 'x',
    'metadata.namespace': 'y',
    'spec.color': 'red',
    'status.phase': '',
  });
  const g = genericStrategy(gadgetResource);
  assert.equal(g.namespaced, false);
  assert.equal(g.status, null);
  assert.equal(g.scale, null);
  assert.equal(g.tracksGeneration, false);
  const cm = genericStrategy(configMapResource, { allowCreateOnUpdate: true });
  assert.equal(cm.allowCreateOnUpdate, true);

  // A hand-written strategy extends the generic one by spreading it.
  const base = genericStrategy<Widget>(widgetResource);
  const custom = { ...base, prepareForCreate: (obj: Widget) => { base.prepareForCreate(obj); obj.spec!.size = 1; } };
  const obj: Widget = { metadata: { name: 'a' }, status: { phase: 'x' } };
  custom.prepareForCreate(obj);
  assert.deepEqual(obj, { metadata: { name: 'a', generation: 1 }, spec: { color: 'blue', size: 1 } });
});
