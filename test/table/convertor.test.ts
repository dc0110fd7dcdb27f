// Cost: tens of milliseconds (reads specs/ once).
// The Table envelope: column definitions, row objects, list metadata, errors at compile time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinPrinters, tableStyleFor } from '../../runtime/resources/index.js';
import {
  CREATION_TIMESTAMP_DESCRIPTION,
  NAME_DESCRIPTION,
  TableOptionError,
  UnknownPrinterError,
  parseIncludeObject,
  tableConvertor,
  toTable,
  type JsonObject,
} from '../../runtime/table/index.js';
import { descriptor, specDescriptor } from './spec-columns.js';

const now = Date.parse('2024-05-01T12:00:00Z');

const flunders = specDescriptor('com.example.wardle.v1alpha1.Flunder', 'wardle.example.com', 'v1alpha1', 'Flunder', 'flunders');
const flunder: JsonObject = {
  apiVersion: 'wardle.example.com/v1alpha1',
  kind: 'Flunder',
  metadata: {
    name: 'f1',
    namespace: 'default',
    uid: '7d1c6a7e-1f4e-4c54-9d0b-3b7f0d0e9a11',
    resourceVersion: '42',
    creationTimestamp: '2024-05-01T11:00:00Z',
    labels: { team: 'blue' },
  },
  spec: { reference: 'f0', referenceType: 'Flunder', replicas: 2 },
};

describe('Table envelope', () => {
  it('lists CRD-style columns after Name, with the CRD convertor\'s definitions', () => {
    const table = toTable(flunders, [flunder], { now, listMeta: { resourceVersion: '50' } });
    assert.deepEqual(table.columnDefinitions, [
      { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
      { name: 'Reference', type: 'string', format: '', description: 'Custom resource definition column (in JSONPath format): .spec.reference', priority: 0 },
      { name: 'Reference-Type', type: 'string', format: '', description: 'Custom resource definition column (in JSONPath format): .spec.referenceType', priority: 1 },
      { name: 'Replicas', type: 'integer', format: '', description: 'Custom resource definition column (in JSONPath format): .spec.replicas', priority: 0 },
      { name: 'Age', type: 'date', format: '', description: 'Custom resource definition column (in JSONPath format): .metadata.creationTimestamp', priority: 0 },
    ]);
    assert.deepEqual(table.rows[0]?.cells, ['f1', 'f0', 'Flunder', 2, '60m']);
  });

  it('serializes in kube\'s field order', () => {
    const table = toTable(flunders, [flunder], { now, includeObject: 'None', listMeta: { resourceVersion: '50' } });
    assert.deepEqual(Object.keys(table), ['kind', 'apiVersion', 'metadata', 'columnDefinitions', 'rows']);
    assert.equal(
      JSON.stringify({ ...table, columnDefinitions: table.columnDefinitions?.slice(0, 1) }),
      `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"50"},"columnDefinitions":[{"name":"Name","type":"string","format":"name","description":${JSON.stringify(NAME_DESCRIPTION)},"priority":0}],"rows":[{"cells":["f1","f0","Flunder",2,"60m"],"object":null}]}`,
    );
  });

  it('carries PartialObjectMetadata by default, of the negotiated meta version', () => {
    const v1 = toTable(flunders, [flunder], { now });
    assert.deepEqual(v1.rows[0]?.object, {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: flunder['metadata'],
    });
    const beta = toTable(flunders, [flunder], { now, version: 'v1beta1', includeObject: 'Metadata' });
    assert.equal(beta.apiVersion, 'meta.k8s.io/v1beta1');
    assert.equal((beta.rows[0]?.object as { apiVersion: string }).apiVersion, 'meta.k8s.io/v1beta1');
  });

  it('carries the whole object for includeObject=Object and null for None', () => {
    assert.deepEqual(toTable(flunders, [flunder], { now, includeObject: 'Object' }).rows[0]?.object, flunder);
    assert.equal(toTable(flunders, [flunder], { now, includeObject: 'None' }).rows[0]?.object, null);
  });

  it('copies list metadata, leaving out what is empty', () => {
    const table = toTable(flunders, [flunder, flunder], {
      now,
      listMeta: { resourceVersion: '77', continue: 'abc', remainingItemCount: 3 },
    });
    assert.deepEqual(table.metadata, { resourceVersion: '77', continue: 'abc', remainingItemCount: 3 });
    assert.equal(table.rows.length, 2);
    assert.deepEqual(toTable(flunders, [], { now, listMeta: { resourceVersion: '9', continue: '' } }).metadata, {
      resourceVersion: '9',
    });
    assert.deepEqual(toTable(flunders, [], { now }).rows, []);
  });

  it('makes a one-row table of a single object, versioned by the object', () => {
    const table = toTable(flunders, flunder, { now });
    assert.deepEqual(table.metadata, { resourceVersion: '42' });
    assert.deepEqual(table.rows.map((r) => r.cells[0]), ['f1']);
  });

  it('sends columnDefinitions null when headers are not wanted', () => {
    assert.equal(toTable(flunders, [flunder], { now, noHeaders: true }).columnDefinitions, null);
  });

  it('keeps wide columns in the server response (kubectl drops them without -o wide)', () => {
    const defs = tableConvertor(flunders).columnDefinitions;
    assert.deepEqual(defs.filter((c) => c.priority > 0).map((c) => c.name), ['Reference-Type']);
  });

  it('prints an empty name cell for an object without one, and ages from the given clock', () => {
    const table = toTable(flunders, [{ spec: {} }], { now });
    assert.deepEqual(table.rows[0]?.cells, ['', null, null, null, null]);
  });

  it('fails at compile time on an unknown printer, naming it', () => {
    const bad = descriptor('', 'v1', 'Thing', 'things', [{ name: 'X', type: 'string', jsonPath: '.x', printer: 'noSuchPrinter' }]);
    assert.throws(() => tableConvertor(bad, { printers: builtinPrinters }), (err: unknown) => {
      assert.ok(err instanceof UnknownPrinterError);
      assert.match(err.message, /noSuchPrinter/);
      assert.match(err.message, /^things:/);
      return true;
    });
  });

  it('fails at compile time on a bad JSONPath', () => {
    const bad = descriptor('x.io', 'v1', 'Thing', 'things', [{ name: 'X', type: 'string', jsonPath: '.x[' }]);
    assert.throws(() => tableConvertor(bad), /invalid JSONPath/);
  });

  it('gives built-in kinds kube\'s column types and metadata descriptions', () => {
    const secrets = specDescriptor('io.k8s.api.core.v1.Secret', '', 'v1', 'Secret', 'secrets');
    const defs = tableConvertor(secrets, { printers: builtinPrinters, style: tableStyleFor(secrets) }).columnDefinitions;
    assert.deepEqual(defs, [
      { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
      { name: 'Type', type: 'string', format: '', description: '', priority: 0 },
      { name: 'Data', type: 'string', format: '', description: '', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: CREATION_TIMESTAMP_DESCRIPTION, priority: 0 },
    ]);
  });

  it('validates includeObject as kube does', () => {
    assert.equal(parseIncludeObject(undefined), 'Metadata');
    assert.equal(parseIncludeObject(''), 'Metadata');
    assert.equal(parseIncludeObject('None'), 'None');
    assert.equal(parseIncludeObject('Object'), 'Object');
    assert.throws(() => parseIncludeObject('object'), (err: unknown) => {
      assert.ok(err instanceof TableOptionError);
      assert.equal(
        err.message,
        `Unable to convert to Table as requested: includeObject: Invalid value: "object": must be 'Metadata', 'Object', 'None', or empty`,
      );
      return true;
    });
  });
});
