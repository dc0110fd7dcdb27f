// namespaceSelector and objectSelector semantics, without any HTTP. A few ms.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isStatusError } from '../../runtime/errors/index.js';
import { compileSelector, namespaceSelectorMatches, objectSelectorMatches } from '../../runtime/admission/webhook/index.js';
import { createConfigMap } from './support.js';

const nsLabels: Record<string, Record<string, string>> = {
  prod: { env: 'prod' },
  dev: { env: 'dev' },
};

describe('label selectors of webhooks', () => {
  it('compiles matchLabels and matchExpressions; empty selects everything', () => {
    assert.equal(compileSelector(undefined), null);
    assert.equal(compileSelector({}), null);
    const s = compileSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] })!;
    assert.equal(s.matches({ app: 'web', tier: 'front' }), true);
    assert.equal(s.matches({ app: 'web', tier: 'db' }), false);
    assert.equal(s.matches({ app: 'api' }), false);
    const exists = compileSelector({ matchExpressions: [{ key: 'x', operator: 'Exists' }, { key: 'y', operator: 'DoesNotExist' }] })!;
    assert.equal(exists.matches({ x: '' }), true);
    assert.equal(exists.matches({ x: '', y: '1' }), false);
    assert.throws(() => compileSelector({ matchExpressions: [{ key: 'x', operator: 'Gt', values: ['1'] }] }), /not a valid label selector operator/);
  });

  it('objectSelector matches the new or the old object', () => {
    const s = compileSelector({ matchLabels: { app: 'web' } });
    assert.equal(objectSelectorMatches(s, createConfigMap()), true);
    const relabelled = createConfigMap({
      operation: 'UPDATE',
      object: { metadata: { name: 'cm', labels: { app: 'api' } } },
      oldObject: { metadata: { name: 'cm', labels: { app: 'web' } } },
    });
    assert.equal(objectSelectorMatches(s, relabelled), true);
    const deleted = createConfigMap({ operation: 'DELETE', object: null, oldObject: { metadata: { name: 'cm', labels: { app: 'api' } } } });
    assert.equal(objectSelectorMatches(s, deleted), false);
    assert.equal(objectSelectorMatches(null, deleted), true);
  });

  it('namespaceSelector reads the namespace labels, and answers 404 for a missing namespace', async () => {
    const s = compileSelector({ matchLabels: { env: 'prod' } });
    const looked: string[] = [];
    const lookup = (ns: string) => {
      looked.push(ns);
      return nsLabels[ns] ?? null;
    };
    assert.equal(await namespaceSelectorMatches(s, createConfigMap({ namespace: 'prod' }), lookup), true);
    assert.equal(await namespaceSelectorMatches(s, createConfigMap({ namespace: 'dev' }), lookup), false);
    await assert.rejects(namespaceSelectorMatches(s, createConfigMap({ namespace: 'gone' }), lookup), (err: unknown) => {
      assert.ok(isStatusError(err));
      assert.equal(err.code, 404);
      assert.equal(err.message, 'namespaces "gone" not found');
      return true;
    });
    // An empty selector needs no lookup.
    looked.length = 0;
    assert.equal(await namespaceSelectorMatches(null, createConfigMap({ namespace: 'gone' }), lookup), true);
    assert.deepEqual(looked, []);
  });

  it('cluster-scoped objects always pass; a Namespace is judged by its own labels on create and update', async () => {
    const s = compileSelector({ matchLabels: { env: 'prod' } });
    const lookup = (ns: string) => nsLabels[ns] ?? null;
    const node = createConfigMap({ resource: { group: '', version: 'v1', resource: 'nodes' }, namespace: '' });
    assert.equal(await namespaceSelectorMatches(s, node, lookup), true);
    const nsCreate = (labels: Record<string, string>) =>
      createConfigMap({
        resource: { group: '', version: 'v1', resource: 'namespaces' },
        kind: { group: '', version: 'v1', kind: 'Namespace' },
        name: 'fresh',
        namespace: 'fresh',
        object: { metadata: { name: 'fresh', labels } },
      });
    assert.equal(await namespaceSelectorMatches(s, nsCreate({ env: 'prod' }), lookup), true);
    assert.equal(await namespaceSelectorMatches(s, nsCreate({ env: 'dev' }), lookup), false);
    // Deleting a Namespace: its stored labels, looked up by its name.
    const nsDelete = createConfigMap({
      operation: 'DELETE',
      resource: { group: '', version: 'v1', resource: 'namespaces' },
      name: 'prod',
      namespace: '',
      object: null,
      oldObject: { metadata: { name: 'prod' } },
    });
    assert.equal(await namespaceSelectorMatches(s, nsDelete, lookup), true);
  });
});
