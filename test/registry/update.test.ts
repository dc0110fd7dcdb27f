import assert from 'node:assert/strict';
import { test } from 'node:test';
import { genericStrategy } from '../../runtime/registry/index.js';
import { configMapResource, harness, rejection, widgetResource, type ConfigMap, type Widget } from './fixtures.js';

const ns = { namespace: 'default' };

test('update with a matching resourceVersion writes; a stale one is a 409 Conflict', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    const { object: v1 } = await h.store.create({ metadata: { name: 'cm' }, data: { a: '1' } }, ns);
    const { object: v2, created } = await h.store.update('cm', { ...v1, data: { a: '2' } }, ns);
    assert.equal(created, false);
    assert.equal(v2.data!.a, '2');
    assert.notEqual(v2.metadata!.resourceVersion, v1.metadata!.resourceVersion);
    assert.equal(v2.metadata!.uid, v1.metadata!.uid);
    const err = await rejection(() => h.store.update('cm', { ...v1, data: { a: '3' } }, ns));
    assert.equal(err.code, 409);
    assert.equal(err.reason, 'Conflict');
    assert.equal(
      err.message,
      'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again',
    );
  } finally {
    await h.close();
  }
});

test('unconditional update (no resourceVersion) depends on the strategy', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    await h.store.create({ metadata: { name: 'cm' }, data: { a: '1' } }, ns);
    const { object } = await h.store.update('cm', { metadata: { name: 'cm' }, data: { a: 'x' } }, ns);
    assert.equal(object.data!.a, 'x');
  } finally {
    await h.close();
  }
  const strict = await harness<ConfigMap>(configMapResource, {
    strategy: genericStrategy<ConfigMap>(configMapResource, { allowUnconditionalUpdate: false }),
  });
  try {
    await strict.store.create({ metadata: { name: 'cm' } }, ns);
    const err = await rejection(() => strict.store.update('cm', { metadata: { name: 'cm' }, data: { a: 'x' } }, ns));
    assert.equal(err.code, 422);
    assert.equal(err.message, 'configmaps "cm" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update');
  } finally {
    await strict.close();
  }
});

test('update of an absent object: NotFound, or a create when the strategy allows it', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    const err = await rejection(() => h.store.update('nope', { metadata: { name: 'nope' } }, ns));
    assert.equal(err.code, 404);
    assert.equal(err.message, 'configmaps "nope" not found');
    const forced = await h.store.update('forced', { metadata: { name: 'forced' } }, { ...ns, forceAllowCreate: true });
    assert.equal(forced.created, true);
  } finally {
    await h.close();
  }
  const h2 = await harness<ConfigMap>(configMapResource, {
    strategy: genericStrategy<ConfigMap>(configMapResource, { allowCreateOnUpdate: true }),
  });
  try {
    const res = await h2.store.update('made', { metadata: { name: 'made', resourceVersion: '12345' }, data: { k: 'v' } }, ns);
    assert.equal(res.created, true);
    assert.ok(res.object.metadata!.uid);
    assert.equal(res.object.metadata!.creationTimestamp, '2026-11-22T02:07:25Z');
    const bad = await rejection(() => h2.store.update('BAD', { metadata: { name: 'BAD' } }, ns));
    assert.equal(bad.code, 422, 'create-on-update validates like create');
  } finally {
    await h2.close();
  }
});

test('URL/body name and namespace must agree', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    await h.store.create({ metadata: { name: 'cm' } }, ns);
    const name = await rejection(() => h.store.update('cm', { metadata: { name: 'other' } }, ns));
    assert.equal(name.code, 400);
    assert.equal(name.message, 'the name of the object (other) does not match the name on the URL (cm)');
    const nsErr = await rejection(() => h.store.update('cm', { metadata: { name: 'cm', namespace: 'x' } }, ns));
    assert.equal(nsErr.message, 'the namespace of the provided object does not match the namespace sent on the request');
  } finally {
    await h.close();
  }
});

test('server-owned metadata: uid change is an error, timestamps and generation are carried over', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    const { object: v1 } = await h.store.create({ metadata: { name: 'w' }, spec: { replicas: 1 } }, ns);
    const uid = await rejection(() => h.store.update('w', { ...v1, metadata: { ...v1.metadata, uid: 'changed' } }, ns));
    assert.equal(uid.code, 422);
    assert.equal(uid.message, 'Widget.test.capstan.io "w" is invalid: metadata.uid: Invalid value: "changed": field is immutable');
    const setDeletion = await rejection(() =>
      h.store.update('w', { ...v1, metadata: { ...v1.metadata, deletionTimestamp: '2030-01-01T00:00:00Z' } }, ns),
    );
    assert.equal(
      setDeletion.message,
      'Widget.test.capstan.io "w" is invalid: metadata.deletionTimestamp: Invalid value: "2030-01-01T00:00:00Z": field is immutable',
    );
    const { object: v2 } = await h.store.update(
      'w',
      {
        ...v1,
        metadata: { ...v1.metadata, uid: '', creationTimestamp: '1999-01-01T00:00:00Z', generation: 40, labels: { a: 'b' } },
      },
      ns,
    );
    assert.equal(v2.metadata!.uid, v1.metadata!.uid, 'empty uid filled from the stored object');
    assert.equal(v2.metadata!.creationTimestamp, v1.metadata!.creationTimestamp, 'creationTimestamp silently kept');
    assert.equal(v2.metadata!.generation, 1, 'generation is the server\'s; metadata-only change does not bump it');
    assert.deepEqual(v2.metadata!.labels, { a: 'b' });
  } finally {
    await h.close();
  }
});

test('generation bumps on spec changes only; status in the main resource is ignored', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    const { object: v1 } = await h.store.create({ metadata: { name: 'w' }, spec: { replicas: 1 } }, ns);
    const { object: v2 } = await h.store.update('w', { ...v1, spec: { ...v1.spec, replicas: 3 }, status: { replicas: 99 } }, ns);
    assert.equal(v2.metadata!.generation, 2);
    assert.equal(v2.status, undefined, 'status comes only through the status subresource');
    const { object: v3 } = await h.store.update('w', { ...v2, metadata: { ...v2.metadata, annotations: { note: 'x' } } }, ns);
    assert.equal(v3.metadata!.generation, 2);
  } finally {
    await h.close();
  }
});

test('a no-op update writes nothing and keeps the resourceVersion', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    const { object: v1 } = await h.store.create({ metadata: { name: 'cm', labels: { a: '1', b: '2' } }, data: { k: 'v' } }, ns);
    const rev = await h.storage.currentRevision();
    // Same content with keys in another order.
    const reordered: ConfigMap = { data: { k: 'v' }, metadata: { labels: { b: '2', a: '1' }, ...v1.metadata } };
    const { object } = await h.store.update('cm', reordered, ns);
    assert.equal(object.metadata!.resourceVersion, v1.metadata!.resourceVersion);
    assert.equal(await h.storage.currentRevision(), rev);
  } finally {
    await h.close();
  }
});

test('update validation, admission and warnings', async () => {
  const strategy = genericStrategy<Widget>(widgetResource, {
    warningsOnUpdate: (obj, old) => (obj.spec?.replicas !== old.spec?.replicas ? ['replicas changed'] : []),
  });
  const h = await harness<Widget>(widgetResource, { strategy });
  try {
    const { object: v1 } = await h.store.create({ metadata: { name: 'w' }, spec: { replicas: 1 } }, ns);
    const err = await rejection(() => h.store.update('w', { ...v1, spec: { replicas: -2 } }, ns));
    assert.equal(err.message, 'Widget.test.capstan.io "w" is invalid: spec.replicas: Invalid value: -2: spec.replicas in body should be greater than or equal to 0');
    let sawOld: Widget | null = null;
    const res = await h.store.update('w', { ...v1, spec: { replicas: 5 } }, {
      ...ns,
      validate: (_obj, old) => {
        sawOld = old;
      },
    });
    assert.deepEqual(res.warnings, ['replicas changed']);
    assert.equal((sawOld as Widget | null)?.spec?.replicas, 1);
  } finally {
    await h.close();
  }
});

test('dryRun update returns the result without writing', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    const { object: v1 } = await h.store.create({ metadata: { name: 'cm' }, data: { a: '1' } }, ns);
    const rev = await h.storage.currentRevision();
    const { object } = await h.store.update('cm', { ...v1, data: { a: 'dry' } }, { ...ns, dryRun: true });
    assert.equal(object.data!.a, 'dry');
    assert.equal(await h.storage.currentRevision(), rev);
    assert.equal((await h.store.get('cm', ns)).data!.a, '1');
  } finally {
    await h.close();
  }
});

test('50 concurrent updates from the same read: one wins, 49 Conflicts', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    const { object: v1 } = await h.store.create({ metadata: { name: 'race' }, data: { n: '0' } }, ns);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => h.store.update('race', { ...v1, data: { n: String(i + 1) } }, ns)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const conflicts = results.filter(
      (r) => r.status === 'rejected' && (r.reason as { code?: number; reason?: string }).reason === 'Conflict',
    );
    assert.equal(ok.length, 1);
    assert.equal(conflicts.length, 49);
    const final = await h.store.get('race', ns);
    const winner = (ok[0] as PromiseFulfilledResult<{ object: ConfigMap }>).value.object;
    assert.deepEqual(final, winner);

    // Chained updates (each from the previous result) all succeed.
    let cur = final;
    for (let i = 0; i < 10; i++) cur = (await h.store.update('race', { ...cur, data: { n: `c${i}` } }, ns)).object;
    assert.equal((await h.store.get('race', ns)).data!.n, 'c9');
  } finally {
    await h.close();
  }
});
