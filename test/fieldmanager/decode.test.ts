// decodeManagedFields: what a client may send as metadata.managedFields.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeManagedFields } from '../../runtime/fieldmanager/index.js';

const entry = (over: Record<string, unknown> = {}) => ({ manager: 'm', operation: 'Update', apiVersion: 'v1', time: '2026-11-22T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} }, ...over });

describe('decodeManagedFields', () => {
  it('absent is null; [] and [{}] ask for a reset', () => {
    assert.equal(decodeManagedFields(undefined), null);
    assert.equal(decodeManagedFields(null), null);
    assert.deepEqual(decodeManagedFields([]), []);
    assert.deepEqual(decodeManagedFields([{}]), []);
  });

  it('valid entries come back normalized, in kube order, a later duplicate replacing an earlier one', () => {
    const out = decodeManagedFields([
      entry({ manager: 'b', fieldsV1: { 'f:x': {} } }),
      entry({ manager: 'a', operation: 'Apply', time: undefined, fieldsV1: { 'f:y': { '.': {}, 'f:z': {} } } }),
      entry({ manager: 'b', fieldsV1: { 'f:w': {} } }),
    ]);
    assert.deepEqual(out, [
      { manager: 'a', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:y': { '.': {}, 'f:z': {} } } },
      { manager: 'b', operation: 'Update', apiVersion: 'v1', time: '2026-11-22T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:w': {} } },
    ]);
  });

  const invalid: [string, unknown][] = [
    ['not a list', { manager: 'm' }],
    ['an entry that is not an object', ['x']],
    ['an unknown operation', [entry({ operation: 'Patch' })]],
    ['an empty apiVersion', [entry({ apiVersion: '' })]],
    ['a missing fieldsType', [entry({ fieldsType: undefined })]],
    ['another fieldsType', [entry({ fieldsType: 'FieldsV2' })]],
    ['a malformed time', [entry({ time: 'yesterday' })]],
    ['an unknown path element', [entry({ fieldsV1: { 'x:y': {} } })]],
    ['a key element that is not JSON', [entry({ fieldsV1: { 'k:{name': {} } })]],
    ['a bad index', [entry({ fieldsV1: { 'i:-1': {} } })]],
    ['a "." with content', [entry({ fieldsV1: { 'f:a': { '.': { 'f:b': {} } } } })]],
    ['a non-object body', [entry({ fieldsV1: { 'f:a': true } })]],
  ];
  for (const [name, value] of invalid) {
    it(`rejects ${name}`, () => assert.equal(decodeManagedFields(value), null));
  }
});
