// listJson answers exactly the bytes JSON.stringify would for lists built by listObject, from
// cached item texts for frozen (watch cache) objects; other bodies are left to JSON.stringify.
// Pure; a few ms.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceDescriptor } from '../../runtime/api/index.js';
import { listJson } from '../../runtime/endpoints/rest/list-json.js';
import { listObject } from '../../runtime/endpoints/rest/type-meta.js';

const descriptor = (group: string, version: string, kind: string) =>
  ({ group, version, kind, listKind: `${kind}List`, plural: `${kind.toLowerCase()}s` }) as unknown as ResourceDescriptor;

const frozen = <T>(o: T): T => {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) frozen(v);
    Object.freeze(o);
  }
  return o;
};

describe('listJson', () => {
  it('matches JSON.stringify for built-in lists, cached or not, with and without continue', () => {
    const d = descriptor('', 'v1', 'ConfigMap');
    const items = [
      frozen({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '5', managedFields: [{ manager: 'm' }] }, data: { k: '<&>"\u2028' } }),
      frozen({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', resourceVersion: '6' } }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mutable' }, data: { x: '1' } },
    ];
    for (const meta of [{ resourceVersion: '7' }, { resourceVersion: '7', continue: 'tok', remainingItemCount: 3 }]) {
      const first = listObject(d, items, meta, false);
      assert.equal(listJson(first), JSON.stringify(first));
      const again = listObject(d, items, meta, false);
      assert.equal(listJson(again), JSON.stringify(again));
    }
    // A mutable item is never cached: a change shows in the next list.
    (items[2] as { data: Record<string, string> }).data['x'] = '2';
    const changed = listObject(d, items, { resourceVersion: '8' }, false);
    assert.match(listJson(changed)!, /"x":"2"/);
    assert.equal(listJson(changed), JSON.stringify(changed));
    assert.equal(listJson(listObject(d, [], { resourceVersion: '1' }, false)), '{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}');
  });

  it('keeps the served version on custom resource items, per version', () => {
    const stored = frozen({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { replicas: 1 } });
    for (const version of ['v1', 'v2', 'v1']) {
      const list = listObject(descriptor('example.com', version, 'Widget'), [stored], { resourceVersion: '3' }, true);
      assert.equal(listJson(list), JSON.stringify(list));
      assert.match(listJson(list)!, new RegExp(`"items":\\[\\{"apiVersion":"example.com/${version}"`));
    }
  });

  it('leaves bodies it did not build to JSON.stringify', () => {
    assert.equal(listJson({ kind: 'ConfigMapList', items: [] }), null);
  });
});
