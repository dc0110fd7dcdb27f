import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldMeta } from '../../runtime/api/index.js';
import {
  applyStrategicMergePatch,
  strategicMergePatch,
  UNPROCESSABLE_MESSAGE,
  type JsonObject,
} from '../../runtime/patch/index.js';
import { assertPatchError, deepFreeze, json } from './helpers.js';

// Field metadata as the generator writes it for apps/v1 Deployment and core/v1 Service (the
// k8s.io/api patch tags), plus a few synthetic fields for strategies no built-in uses on a map.
const fields: Record<string, FieldMeta> = {
  'metadata.finalizers': { listType: 'set', patchStrategy: 'merge' },
  'metadata.ownerReferences': { listType: 'map', listMapKeys: ['uid'], patchStrategy: 'merge', patchMergeKey: 'uid' },
  'spec.strategy': { patchStrategy: 'retainKeys' },
  'spec.template.spec.containers': { listType: 'map', listMapKeys: ['name'], patchStrategy: 'merge', patchMergeKey: 'name' },
  'spec.template.spec.containers[].ports': { listType: 'map', listMapKeys: ['containerPort', 'protocol'], patchStrategy: 'merge', patchMergeKey: 'containerPort' },
  'spec.template.spec.containers[].env': { listType: 'map', listMapKeys: ['name'], patchStrategy: 'merge', patchMergeKey: 'name' },
  'spec.template.spec.containers[].args': { listType: 'atomic' },
  'spec.template.spec.volumes': { listType: 'map', listMapKeys: ['name'], patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' },
  'spec.template.spec.tolerations': { listType: 'atomic' },
  'spec.ports': { listType: 'map', listMapKeys: ['port', 'protocol'], patchStrategy: 'merge', patchMergeKey: 'port' },
  'spec.replacedMap': { patchStrategy: 'replace' },
  'spec.groups{}.members': { patchStrategy: 'merge', patchMergeKey: 'id' },
  'spec.matrix': { patchStrategy: 'merge' },
  'status.conditions': { listType: 'map', listMapKeys: ['type'], patchStrategy: 'merge', patchMergeKey: 'type' },
};

function smp(doc: string, patch: string): JsonObject {
  return strategicMergePatch(deepFreeze(json(doc) as JsonObject), deepFreeze(json(patch) as JsonObject), fields);
}

const containers = (list: string): string => `{"spec":{"template":{"spec":{"containers":${list}}}}}`;

interface Case {
  readonly name: string;
  readonly doc: string;
  readonly patch: string;
  readonly want: string;
}

const cases: Case[] = [
  // Maps and scalars.
  { name: 'maps merge recursively', doc: '{"metadata":{"labels":{"a":"1"},"name":"x"}}', patch: '{"metadata":{"labels":{"b":"2"}}}', want: '{"metadata":{"labels":{"a":"1","b":"2"},"name":"x"}}' },
  { name: 'null deletes a key', doc: '{"data":{"a":"1","b":"2"}}', patch: '{"data":{"a":null}}', want: '{"data":{"b":"2"}}' },
  { name: 'null for an absent key is ignored', doc: '{"data":{"a":"1"}}', patch: '{"data":{"z":null}}', want: '{"data":{"a":"1"}}' },
  { name: 'a value of another type replaces', doc: '{"spec":{"x":{"a":1}}}', patch: '{"spec":{"x":[1]}}', want: '{"spec":{"x":[1]}}' },
  { name: 'nulls inside an added map are dropped', doc: '{}', patch: '{"metadata":{"labels":{"a":"1","b":null}}}', want: '{"metadata":{"labels":{"a":"1"}}}' },
  { name: 'a map with the replace strategy is replaced', doc: '{"spec":{"replacedMap":{"a":1,"b":2}}}', patch: '{"spec":{"replacedMap":{"c":3}}}', want: '{"spec":{"replacedMap":{"c":3}}}' },
  { name: 'an unknown map merges like a merge patch', doc: '{"spec":{"unknown":{"a":{"b":1,"c":2}}}}', patch: '{"spec":{"unknown":{"a":{"c":null,"d":3}}}}', want: '{"spec":{"unknown":{"a":{"b":1,"d":3}}}}' },
  { name: 'an unknown list is replaced', doc: '{"spec":{"unknownList":[{"name":"a"},{"name":"b"}]}}', patch: '{"spec":{"unknownList":[{"name":"c"}]}}', want: '{"spec":{"unknownList":[{"name":"c"}]}}' },
  { name: 'a list without merge strategy is replaced', doc: '{"spec":{"template":{"spec":{"tolerations":[{"key":"a"}]}}}}', patch: '{"spec":{"template":{"spec":{"tolerations":[{"key":"b"}]}}}}', want: '{"spec":{"template":{"spec":{"tolerations":[{"key":"b"}]}}}}' },

  // Lists merged by key.
  {
    name: 'containers merge by name, new ones are added',
    doc: containers('[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]'),
    patch: containers('[{"name":"b","image":"b:2"},{"name":"c","image":"c:1"}]'),
    want: containers('[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"},{"name":"c","image":"c:1"}]'),
  },
  {
    name: 'a new item named first in the patch goes before the server items after it',
    doc: containers('[{"name":"a"},{"name":"b"}]'),
    patch: containers('[{"name":"c"},{"name":"a","image":"x"}]'),
    want: containers('[{"name":"c"},{"name":"a","image":"x"},{"name":"b"}]'),
  },
  {
    name: 'ports merge by containerPort inside a merged container',
    doc: containers('[{"name":"web","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}]}]'),
    patch: containers('[{"name":"web","ports":[{"containerPort":443,"name":"https"},{"containerPort":8080}]}]'),
    want: containers('[{"name":"web","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP","name":"https"},{"containerPort":8080}]}]'),
  },
  {
    name: 'an atomic list inside a merged item is replaced',
    doc: containers('[{"name":"a","args":["x","y"]}]'),
    patch: containers('[{"name":"a","args":["z"]}]'),
    want: containers('[{"name":"a","args":["z"]}]'),
  },
  {
    name: 'null inside a merged item deletes the key',
    doc: containers('[{"name":"a","image":"i","command":["sh"]}]'),
    patch: containers('[{"name":"a","command":null}]'),
    want: containers('[{"name":"a","image":"i"}]'),
  },
  {
    name: 'conditions merge by type',
    doc: '{"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"Synced","status":"True"}]}}',
    patch: '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}',
    want: '{"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Synced","status":"True"}]}}',
  },
  {
    name: 'lists under a map value are found through {} paths',
    doc: '{"spec":{"groups":{"g1":{"members":[{"id":1,"v":"a"}]}}}}',
    patch: '{"spec":{"groups":{"g1":{"members":[{"id":2,"v":"b"}]}}}}',
    want: '{"spec":{"groups":{"g1":{"members":[{"id":2,"v":"b"},{"id":1,"v":"a"}]}}}}',
  },

  // Primitive lists with the merge strategy.
  { name: 'primitives merge as a set', doc: '{"metadata":{"finalizers":["a","b"]}}', patch: '{"metadata":{"finalizers":["b","c"]}}', want: '{"metadata":{"finalizers":["a","b","c"]}}' },
  { name: 'new primitives go before later server ones', doc: '{"metadata":{"finalizers":["a","b"]}}', patch: '{"metadata":{"finalizers":["c","a"]}}', want: '{"metadata":{"finalizers":["c","a","b"]}}' },
  { name: 'duplicates collapse', doc: '{"metadata":{"finalizers":["a","a"]}}', patch: '{"metadata":{"finalizers":["a","b","b"]}}', want: '{"metadata":{"finalizers":["a","b"]}}' },
  { name: '$deleteFromPrimitiveList removes every listed value', doc: '{"metadata":{"finalizers":["a","b","c","b"]}}', patch: '{"metadata":{"$deleteFromPrimitiveList/finalizers":["b","z"]}}', want: '{"metadata":{"finalizers":["a","c"]}}' },
  { name: '$deleteFromPrimitiveList of an absent list adds nothing', doc: '{"metadata":{}}', patch: '{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}', want: '{"metadata":{}}' },

  // $patch directives.
  { name: '$patch: replace on a map', doc: '{"metadata":{"labels":{"a":"1","b":"2"}}}', patch: '{"metadata":{"labels":{"$patch":"replace","c":"3"}}}', want: '{"metadata":{"labels":{"c":"3"}}}' },
  { name: '$patch: delete on a map', doc: '{"metadata":{"labels":{"a":"1"},"name":"x"}}', patch: '{"metadata":{"labels":{"$patch":"delete"}}}', want: '{"metadata":{"labels":{},"name":"x"}}' },
  { name: '$patch: replace at the root', doc: '{"a":1,"b":{"c":2}}', patch: '{"$patch":"replace","b":{"d":3}}', want: '{"b":{"d":3}}' },
  {
    name: '$patch: delete removes the list item with that key',
    doc: containers('[{"name":"a"},{"name":"b"},{"name":"c"}]'),
    patch: containers('[{"$patch":"delete","name":"b"}]'),
    want: containers('[{"name":"a"},{"name":"c"}]'),
  },
  {
    name: '$patch: replace makes the patch items the whole list',
    doc: containers('[{"name":"a","image":"1"},{"name":"b"}]'),
    patch: containers('[{"name":"c"},{"$patch":"replace"},{"name":"a"}]'),
    want: containers('[{"name":"c"},{"name":"a"}]'),
  },
  {
    name: 'directive items in a list the object did not have are dropped',
    doc: '{"spec":{"template":{"spec":{}}}}',
    patch: containers('[{"name":"a"},{"$patch":"delete","name":"b"}]'),
    want: containers('[{"name":"a"}]'),
  },

  // $retainKeys.
  {
    name: '$retainKeys clears the keys it does not list',
    doc: '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}',
    patch: '{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}',
    want: '{"spec":{"strategy":{"type":"Recreate"}}}',
  },
  {
    name: 'kubectl apply switching a Deployment to Recreate ($retainKeys with a null)',
    doc: '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}}}',
    patch: '{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}',
    want: '{"spec":{"strategy":{"type":"Recreate"}}}',
  },
  {
    name: '$retainKeys inside a merged volume (kubectl apply switching emptyDir to configMap)',
    doc: '{"spec":{"template":{"spec":{"volumes":[{"name":"data","emptyDir":{}},{"name":"other","emptyDir":{}}]}}}}',
    patch: '{"spec":{"template":{"spec":{"$setElementOrder/volumes":[{"name":"data"},{"name":"other"}],"volumes":[{"$retainKeys":["configMap","name"],"configMap":{"name":"cfg"},"name":"data"}]}}}}',
    want: '{"spec":{"template":{"spec":{"volumes":[{"name":"data","configMap":{"name":"cfg"}},{"name":"other","emptyDir":{}}]}}}}',
  },

  // $setElementOrder.
  {
    name: '$setElementOrder alone reorders the server list',
    doc: containers('[{"name":"a"},{"name":"b"},{"name":"c"}]'),
    patch: '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"a"},{"name":"b"}]}}}}',
    want: containers('[{"name":"c"},{"name":"a"},{"name":"b"}]'),
  },
  {
    name: '$setElementOrder orders merged and new items',
    doc: containers('[{"name":"a"},{"name":"b"}]'),
    patch: '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"n"},{"name":"a"}],"containers":[{"name":"n"},{"name":"a","image":"x"}]}}}}',
    want: containers('[{"name":"b"},{"name":"n"},{"name":"a","image":"x"}]'),
  },
  {
    name: '$setElementOrder places a new item by the server list as it was before the merge',
    doc: containers('[{"name":"a"},{"name":"b"}]'),
    patch: '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"n"},{"name":"a"}],"containers":[{"name":"n"}]}}}}',
    want: containers('[{"name":"n"},{"name":"a"},{"name":"b"}]'),
  },
  {
    name: '$setElementOrder of primitives with additions and deletions (kubectl apply on finalizers)',
    doc: '{"metadata":{"finalizers":["a","b"]}}',
    patch: '{"metadata":{"$setElementOrder/finalizers":["a","c"],"$deleteFromPrimitiveList/finalizers":["b"],"finalizers":["c"]}}',
    want: '{"metadata":{"finalizers":["a","c"]}}',
  },
  {
    name: '$setElementOrder for a list only the patch has',
    doc: '{"spec":{"template":{"spec":{"containers":[{"name":"web"}]}}}}',
    patch: containers('[{"$setElementOrder/env":[{"name":"B"},{"name":"A"}],"name":"web","env":[{"name":"B","value":"2"},{"name":"A","value":"1"}]}]'),
    want: containers('[{"name":"web","env":[{"name":"B","value":"2"},{"name":"A","value":"1"}]}]'),
  },

  // Bodies kubectl 1.32 sends.
  {
    name: 'kubectl apply: second apply changing image and replicas',
    doc: '{"metadata":{"name":"web","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"}]}]}}}}',
    patch: '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"kind\\":\\"Deployment\\"}\\n"}},"spec":{"replicas":2,"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"nginx:1.26","name":"nginx"}]}}}}',
    want: '{"metadata":{"name":"web","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"kind\\":\\"Deployment\\"}\\n"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26","ports":[{"containerPort":80,"protocol":"TCP"}]}]}}}}',
  },
  {
    name: 'kubectl apply: re-apply without a container port',
    doc: containers('[{"name":"nginx","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}]}]'),
    patch: '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"$setElementOrder/ports":[{"containerPort":80}],"name":"nginx","ports":[{"$patch":"delete","containerPort":443}]}]}}}}',
    want: containers('[{"name":"nginx","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}]}]'),
  },
  {
    name: 'kubectl edit of a Service: change one port, delete another',
    doc: '{"spec":{"ports":[{"port":3310,"protocol":"TCP","targetPort":3310},{"port":3315,"protocol":"TCP","targetPort":3315,"nodePort":30001}]}}',
    patch: '{"spec":{"$setElementOrder/ports":[{"port":3315}],"ports":[{"nodePort":30005,"port":3315,"protocol":"TCP","targetPort":3321},{"$patch":"delete","port":3310}]}}',
    want: '{"spec":{"ports":[{"port":3315,"protocol":"TCP","targetPort":3321,"nodePort":30005}]}}',
  },
  { name: 'kubectl patch (default strategic) on ConfigMap data', doc: '{"data":{"k":"v"}}', patch: '{"data":{"k2":"v2"}}', want: '{"data":{"k":"v","k2":"v2"}}' },
  {
    // As in the "update API objects in place" docs: an item the server list cannot place comes
    // before the server's items.
    name: 'kubectl patch adding a container puts it first',
    doc: containers('[{"name":"patch-demo-ctr","image":"nginx"}]'),
    patch: containers('[{"name":"patch-demo-ctr-2","image":"redis"}]'),
    want: containers('[{"name":"patch-demo-ctr-2","image":"redis"},{"name":"patch-demo-ctr","image":"nginx"}]'),
  },
];

describe('strategic merge patch', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(smp(c.doc, c.patch), json(c.want));
    });
  }

  it('takes a lookup function as well as the descriptor record', () => {
    const lookup = (path: string): FieldMeta | undefined => fields[path];
    const doc = deepFreeze(json(containers('[{"name":"a"}]')) as JsonObject);
    const out = strategicMergePatch(doc, deepFreeze(json(containers('[{"name":"b"}]')) as JsonObject), lookup);
    assert.deepEqual(out, json(containers('[{"name":"b"},{"name":"a"}]')));
  });

  it('without metadata lists are replaced', () => {
    const out = strategicMergePatch(deepFreeze(json(containers('[{"name":"a"}]')) as JsonObject), json(containers('[{"name":"b"}]')) as JsonObject, {});
    assert.deepEqual(out, json(containers('[{"name":"b"}]')));
  });

  it('returns a copy that shares nothing with the inputs', () => {
    const doc = deepFreeze(json(containers('[{"name":"a","env":[{"name":"X"}]}]')) as JsonObject);
    const patch = deepFreeze(json(containers('[{"name":"b","env":[{"name":"Y"}]}]')) as JsonObject);
    const out = strategicMergePatch(doc, patch, fields) as { spec: { template: { spec: { containers: Array<{ env: unknown[] }> } } } };
    for (const c of out.spec.template.spec.containers) c.env.push({ name: 'Z' });
    assert.deepEqual(doc, json(containers('[{"name":"a","env":[{"name":"X"}]}]')));
    assert.deepEqual(patch, json(containers('[{"name":"b","env":[{"name":"Y"}]}]')));
  });

  it('a null body changes nothing; a non-object body is a bad request', () => {
    assert.deepEqual(applyStrategicMergePatch({ a: 1 }, null, fields), { a: 1 });
    assertPatchError(() => applyStrategicMergePatch({ a: 1 }, json('[1]'), fields), {
      code: 400,
      reason: 'BadRequest',
      message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
  });
});

const errors: Array<{ name: string; doc: string; patch: string; code: number; reason: string; message: string | RegExp }> = [
  {
    name: 'a patch item without its merge key',
    doc: containers('[{"name":"nginx"}]'),
    patch: containers('[{"image":"httpd"}]'),
    code: 500,
    reason: '',
    message: 'map: map[image:httpd] does not contain declared merge key: name',
  },
  {
    name: 'a server item without the merge key',
    doc: containers('[{"image":"x","ports":[{"containerPort":80}]}]'),
    patch: containers('[{"name":"a"}]'),
    code: 500,
    reason: '',
    message: 'map: map[image:x ports:[map[containerPort:80]]] does not contain declared merge key: name',
  },
  { name: '$patch: delete without the merge key', doc: containers('[{"name":"a"}]'), patch: containers('[{"$patch":"delete","image":"x"}]'), code: 500, reason: '', message: 'map: map[$patch:delete image:x] does not contain declared merge key: name' },
  { name: '$patch: merge on a map', doc: '{"metadata":{"labels":{}}}', patch: '{"metadata":{"labels":{"$patch":"merge","a":"b"}}}', code: 500, reason: '', message: 'unknown patch type: merge in map: map[$patch:merge a:b]' },
  { name: 'an unknown $patch value', doc: '{"a":{}}', patch: '{"a":{"$patch":"squash"}}', code: 500, reason: '', message: 'unknown patch type: squash in map: map[$patch:squash]' },
  { name: 'a $patch value of the wrong type', doc: '{"a":{}}', patch: '{"a":{"$patch":1}}', code: 500, reason: '', message: 'unknown patch type: %!s(int64=1) in map: map[$patch:1]' },
  {
    name: 'values in messages print as Go prints them',
    doc: containers('[{"name":"a"}]'),
    patch: containers('[{"cpu":1e-7,"weight":1.5,"big":1e21,"on":true,"env":null,"args":["x",2]}]'),
    code: 500,
    reason: '',
    message: 'map: map[args:[x 2] big:1e+21 cpu:1e-07 env:<nil> on:true weight:1.5] does not contain declared merge key: name',
  },
  { name: 'a float $patch value', doc: '{"a":{}}', patch: '{"a":{"$patch":2.5}}', code: 500, reason: '', message: 'unknown patch type: %!s(float64=2.5) in map: map[$patch:2.5]' },
  { name: 'an unknown $patch value in a list item', doc: containers('[{"name":"a"}]'), patch: containers('[{"$patch":"bogus","name":"a"}]'), code: 500, reason: '', message: 'unknown patch type: bogus in map: map[$patch:bogus name:a]' },
  { name: '$patch: merge in a list', doc: containers('[{"name":"a"}]'), patch: containers('[{"$patch":"merge","name":"a"}]'), code: 500, reason: '', message: 'merging lists cannot yet be specified in the patch' },
  { name: '$retainKeys that is not a list', doc: '{"spec":{"strategy":{}}}', patch: '{"spec":{"strategy":{"$retainKeys":"type"}}}', code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' },
  { name: 'a patch key missing from $retainKeys', doc: '{"spec":{"strategy":{}}}', patch: '{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{}}}}', code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' },
  { name: 'a malformed $setElementOrder key', doc: '{"metadata":{}}', patch: '{"metadata":{"$setElementOrderX/finalizers":["a"]}}', code: 400, reason: 'BadRequest', message: 'invalid patch format of setElementOrder list' },
  { name: 'a malformed $deleteFromPrimitiveList key', doc: '{"metadata":{}}', patch: '{"metadata":{"$deleteFromPrimitiveListfinalizers":["a"]}}', code: 400, reason: 'BadRequest', message: 'Invalid patch format of primitive list' },
  { name: '$setElementOrder that is not a list', doc: '{"metadata":{"finalizers":["a"]}}', patch: '{"metadata":{"$setElementOrder/finalizers":"a"}}', code: 500, reason: '', message: 'expected a []interface {}, but received a string' },
  {
    name: '$setElementOrder that misses a patch item',
    doc: '{"metadata":{"finalizers":["a"]}}',
    patch: '{"metadata":{"$setElementOrder/finalizers":["a"],"finalizers":["b"]}}',
    code: 500,
    reason: '',
    message: "The order in patch list:\n[b]\n doesn't match $setElementOrder list:\n[a]\n",
  },
  { name: 'a list of lists', doc: '{"spec":{"matrix":[[1]]}}', patch: '{"spec":{"matrix":[[2]]}}', code: 422, reason: 'Invalid', message: UNPROCESSABLE_MESSAGE },
  { name: 'mixed element types', doc: '{"metadata":{"finalizers":["a"]}}', patch: '{"metadata":{"finalizers":[1]}}', code: 500, reason: '', message: 'list element types are not identical: [[a] [1]]' },
  { name: 'a deletion list for a field that is not a list', doc: '{"metadata":{"finalizers":"a"}}', patch: '{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}', code: 500, reason: '', message: 'expected a []interface {}, but received a string' },
];

describe('strategic merge patch errors', () => {
  for (const e of errors) {
    it(e.name, () => {
      assertPatchError(() => smp(e.doc, e.patch), { code: e.code, reason: e.reason, message: e.message });
    });
  }
});
