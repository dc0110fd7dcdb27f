// Cost: a few seconds (imports every generated resource module once).
// The generated descriptors compile into table convertors as the server does at startup:
// every named printer resolves, every path parses, and every per-kind style names columns
// the kind has.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resources } from '../../generated/index.js';
import { builtinPrinters, tableStyleFor } from '../../runtime/resources/index.js';
import { tableConvertor } from '../../runtime/table/index.js';

describe('generated descriptors', () => {
  for (const { descriptor: d } of resources) {
    it(`${d.group || 'core'}/${d.version} ${d.kind} compiles`, () => {
      const style = tableStyleFor(d);
      const convertor = tableConvertor(d, { printers: builtinPrinters, ...(style ? { style } : {}) });
      const names = d.printerColumns.map((c) => c.name);
      for (const styled of Object.keys(style?.columns ?? {})) assert.ok(names.includes(styled), `style names ${styled}, not a column`);
      const defs = convertor.columnDefinitions;
      assert.equal(defs.length, d.printerColumns.length + (style?.leadingName === false ? 0 : 1));
      assert.equal(defs.filter((c) => c.format === 'name').length, 1, 'exactly one column is the name');
    });
  }

  it('include every built-in kind that has a table style', () => {
    const styled = resources.filter(({ descriptor }) => tableStyleFor(descriptor) !== undefined).length;
    assert.equal(styled, 21);
  });
});
