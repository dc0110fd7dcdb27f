import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePredicate, parseFieldSelector, SelectorError } from '../../runtime/selection/index.js';

describe('field selectors', () => {
  const fields = { 'metadata.name': 'a,b', 'metadata.namespace': 'default', type: 'Opaque' };

  it('matches =, == and != terms joined by commas', () => {
    assert.equal(parseFieldSelector('metadata.namespace=default,type==Opaque').matches(fields), true);
    assert.equal(parseFieldSelector('type!=Opaque').matches(fields), false);
    assert.equal(parseFieldSelector('').matches(fields), true);
  });

  it('unescapes backslash sequences in values', () => {
    assert.equal(parseFieldSelector('metadata.name=a\\,b').matches(fields), true);
    assert.equal(parseFieldSelector('metadata.name=a\\,b').toString(), 'metadata.name=a\\,b');
  });

  it('treats a missing field as the empty string', () => {
    assert.equal(parseFieldSelector('spec.x=').matches(fields), true);
    assert.equal(parseFieldSelector('spec.x!=').matches(fields), false);
  });

  it('reports the value an Equals term requires', () => {
    const selector = parseFieldSelector('metadata.namespace=ns1,metadata.name!=x');
    assert.equal(selector.requiresExactMatch('metadata.namespace'), 'ns1');
    assert.equal(selector.requiresExactMatch('metadata.name'), undefined);
  });

  for (const bad of ['name', '=x', 'a=b=c', 'a=\\x']) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseFieldSelector(bad), SelectorError);
    });
  }
});

describe('selection predicates', () => {
  const secret = { metadata: { name: 's', namespace: 'ns', labels: { app: 'x' } }, type: 'Opaque' };

  it('selects by metadata.name and metadata.namespace by default', () => {
    assert.equal(makePredicate({ fieldSelector: 'metadata.name=s' }).matches(secret), true);
    assert.equal(makePredicate({ fieldSelector: 'metadata.namespace=other' }).matches(secret), false);
    assert.equal(makePredicate({ labelSelector: 'app=x', fieldSelector: 'metadata.name=s' }).matches(secret), true);
    assert.equal(makePredicate().empty, true);
  });

  it('uses the resource attributes and refuses unsupported fields', () => {
    const predicate = makePredicate<typeof secret>({
      fieldSelector: 'type=Opaque',
      selectableFields: ['type'],
      getAttrs: (o) => ({ labels: o.metadata.labels, fields: { 'metadata.name': o.metadata.name, type: o.type } }),
    });
    assert.equal(predicate.matches(secret), true);
    assert.throws(() => makePredicate({ fieldSelector: 'spec.unknown=x', selectableFields: ['type'] }), /field label not supported: spec.unknown/);
  });
});
