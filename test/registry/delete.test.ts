import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configMapResource, gadgetResource, harness, rejection, widgetResource, type ConfigMap, type Gadget, type Widget } from './fixtures.js';

const ns = { namespace: 'default' };

test('delete without finalizers removes the object and answers kube\'s success Status', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    const { object } = await h.store.create({ metadata: { name: 'cm' } }, ns);
    const res = await h.store.delete('cm', ns);
    assert.equal(res.deleted, true);
    assert.equal(res.code, 200);
    assert.deepEqual(res.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'cm', kind: 'configmaps', uid: object.metadata!.uid },
    });
    const err = await rejection(() => h.store.get('cm', ns));
    assert.equal(err.code, 404);
    const again = await rejection(() => h.store.delete('cm', ns));
    assert.equal(again.message, 'configmaps "cm" not found');
  } finally {
    await h.close();
  }
});

test('returnDeletedObject answers with the deleted object; group shows in Status details', async () => {
  const h = await harness<Gadget>(gadgetResource, { returnDeletedObject: true });
  try {
    await h.store.create({ metadata: { name: 'g' } });
    const res = await h.store.delete('g');
    assert.equal((res.body as Gadget).metadata!.name, 'g');
  } finally {
    await h.close();
  }
  const h2 = await harness<Gadget>(gadgetResource);
  try {
    await h2.store.create({ metadata: { name: 'g' } });
    const res = await h2.store.delete('g');
    assert.equal((res.body as { details: { group?: string } }).details.group, 'test.capstan.io');
  } finally {
    await h2.close();
  }
});

test('delete preconditions: kube\'s early messages name the kind', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    const { object } = await h.store.create({ metadata: { name: 'cm' } }, ns);
    const uid = await rejection(() => h.store.delete('cm', { ...ns, options: { preconditions: { uid: 'wrong' } } }));
    assert.equal(uid.code, 409);
    assert.equal(uid.reason, 'Conflict');
    assert.equal(
      uid.message,
      `Operation cannot be fulfilled on ConfigMap "cm": the UID in the precondition (wrong) does not match the UID in record (${object.metadata!.uid}). The object might have been deleted and then recreated`,
    );
    const rv = await rejection(() => h.store.delete('cm', { ...ns, options: { preconditions: { resourceVersion: '1' } } }));
    assert.equal(
      rv.message,
      `Operation cannot be fulfilled on ConfigMap "cm": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${object.metadata!.resourceVersion}). The object might have been modified`,
    );
    const ok = await h.store.delete('cm', { ...ns, options: { preconditions: { uid: object.metadata!.uid!, resourceVersion: object.metadata!.resourceVersion! } } });
    assert.equal(ok.deleted, true);
  } finally {
    await h.close();
  }
});

test('invalid DeleteOptions are a 422 on DeleteOptions.meta.k8s.io', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    await h.store.create({ metadata: { name: 'cm' } }, ns);
    const both = await rejection(() => h.store.delete('cm', { ...ns, options: { orphanDependents: true, propagationPolicy: 'Foreground' } }));
    assert.equal(both.code, 422);
    assert.equal(
      both.message,
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Foreground": orphanDependents and deletionPropagation cannot be both set',
    );
    const bad = await rejection(() => h.store.delete('cm', { ...ns, options: { propagationPolicy: 'Sideways' } }));
    assert.equal(
      bad.message,
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
    );
  } finally {
    await h.close();
  }
});

test('finalizers: delete marks the object; removing the last finalizer by update deletes it', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    await h.store.create({ metadata: { name: 'w', finalizers: ['example.com/hold'] } }, ns);
    const res = await h.store.delete('w', { ...ns, now: () => new Date('2026-11-22T03:00:00.900Z') });
    assert.equal(res.deleted, false);
    assert.equal(res.code, 200);
    const kept = res.body as Widget;
    assert.equal(kept.metadata!.deletionTimestamp, '2026-11-22T03:00:00Z');
    assert.equal(kept.metadata!.deletionGracePeriodSeconds, 0);
    assert.equal(kept.metadata!.generation, 2, 'generation bumps when deletion starts');

    assert.deepEqual(await h.store.get('w', ns), kept);

    // Deleting again at a later time changes nothing.
    const again = await h.store.delete('w', { ...ns, now: () => new Date('2026-11-22T03:05:00Z') });
    assert.equal(again.deleted, false);
    assert.equal((again.body as Widget).metadata!.resourceVersion, kept.metadata!.resourceVersion);
    // An earlier clock moves the deletionTimestamp earlier (kube never moves it later).
    const earlier = await h.store.delete('w', { ...ns, now: () => new Date('2026-11-22T02:59:00Z') });
    assert.equal((earlier.body as Widget).metadata!.deletionTimestamp, '2026-11-22T02:59:00Z');
    assert.equal((earlier.body as Widget).metadata!.generation, 2, 'generation moves only when deletion starts');

    const stillThere = await h.store.get('w', ns);
    // No new finalizers once deletion started.
    const add = await rejection(() =>
      h.store.update('w', { ...stillThere, metadata: { ...stillThere.metadata, finalizers: ['example.com/hold', 'example.com/more'] } }, ns),
    );
    assert.equal(
      add.message,
      'Widget.test.capstan.io "w" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/more"}',
    );

    // The deletionTimestamp cannot be cleared by an update: it is carried over.
    const { object: relabeled } = await h.store.update(
      'w',
      { ...stillThere, metadata: { ...stillThere.metadata, deletionTimestamp: undefined, labels: { x: 'y' } } },
      ns,
    );
    assert.equal(relabeled.metadata!.deletionTimestamp, '2026-11-22T02:59:00Z');

    const rev = await h.storage.currentRevision();
    const { object: last } = await h.store.update('w', { ...relabeled, metadata: { ...relabeled.metadata, finalizers: [] } }, ns);
    assert.deepEqual(last.metadata!.finalizers, []);
    assert.ok(await h.storage.currentRevision() > rev);
    const gone = await rejection(() => h.store.get('w', ns));
    assert.equal(gone.code, 404);
  } finally {
    await h.close();
  }
});

test('propagation policies add and remove the GC finalizers', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    await h.store.create({ metadata: { name: 'fg' } }, ns);
    const fg = await h.store.delete('fg', { ...ns, options: { propagationPolicy: 'Foreground' } });
    assert.equal(fg.deleted, false);
    assert.deepEqual((fg.body as ConfigMap).metadata!.finalizers, ['foregroundDeletion']);
    assert.ok((fg.body as ConfigMap).metadata!.deletionTimestamp);

    await h.store.create({ metadata: { name: 'or' } }, ns);
    const or = await h.store.delete('or', { ...ns, options: { orphanDependents: true } });
    assert.deepEqual((or.body as ConfigMap).metadata!.finalizers, ['orphan']);

    await h.store.create({ metadata: { name: 'accepted' } }, ns);
    const accepted = await h.store.delete('accepted', { ...ns, options: { orphanDependents: false, preconditions: {} } });
    // orphanDependents=false is Background for an object without finalizers: deleted at once.
    assert.equal(accepted.deleted, true);
    assert.equal(accepted.code, 200);

    await h.store.create({ metadata: { name: 'held', finalizers: ['example.com/x'] } }, ns);
    const held = await h.store.delete('held', { ...ns, options: { orphanDependents: false } });
    assert.equal(held.deleted, false);
    assert.equal(held.code, 202, 'kube answers 202 when kept and orphanDependents=false');

    await h.store.create({ metadata: { name: 'bg', finalizers: ['orphan'] } }, ns);
    const bg = await h.store.delete('bg', { ...ns, options: { propagationPolicy: 'Background' } });
    assert.equal(bg.deleted, true, 'Background removes the orphan finalizer; nothing holds the object');
  } finally {
    await h.close();
  }
});

test('dryRun delete writes nothing', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    await h.store.create({ metadata: { name: 'plain' } }, ns);
    await h.store.create({ metadata: { name: 'held', finalizers: ['example.com/x'] } }, ns);
    const rev = await h.storage.currentRevision();
    const plain = await h.store.delete('plain', { ...ns, dryRun: true });
    assert.equal(plain.deleted, true);
    const held = await h.store.delete('held', { ...ns, dryRun: true });
    assert.equal(held.deleted, false);
    assert.ok((held.body as ConfigMap).metadata!.deletionTimestamp);
    assert.equal(await h.storage.currentRevision(), rev);
    assert.equal((await h.store.get('held', ns)).metadata!.deletionTimestamp, undefined);
    await h.store.get('plain', ns);
  } finally {
    await h.close();
  }
});

test('delete admission runs against the object and can refuse', async () => {
  const { statusErrors } = await import('../../runtime/errors/index.js');
  const h = await harness<ConfigMap>(configMapResource);
  try {
    await h.store.create({ metadata: { name: 'cm', labels: { protected: 'yes' } } }, ns);
    const err = await rejection(() =>
      h.store.delete('cm', {
        ...ns,
        validate: (obj) => {
          if (obj.metadata?.labels?.protected) throw statusErrors.forbidden({ group: '', resource: 'configmaps' }, 'cm', 'protected');
        },
      }),
    );
    assert.equal(err.code, 403);
    await h.store.get('cm', ns);
  } finally {
    await h.close();
  }
});

test('AlreadyExists for an object being deleted says so', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    await h.store.create({ metadata: { name: 'cm', finalizers: ['example.com/x'] } }, ns);
    await h.store.delete('cm', ns);
    const err = await rejection(() => h.store.create({ metadata: { name: 'cm' } }, ns));
    assert.equal(err.message, 'object is being deleted: configmaps "cm" already exists');
  } finally {
    await h.close();
  }
});

test('deleteCollection deletes every selected object', async () => {
  const h = await harness<ConfigMap>(configMapResource, { deleteCollectionWorkers: 3 });
  try {
    for (let i = 0; i < 10; i++) {
      await h.store.create({ metadata: { name: `cm${i}`, labels: { group: i % 2 === 0 ? 'even' : 'odd' } } }, ns);
    }
    await h.store.create({ metadata: { name: 'other-ns', labels: { group: 'even' } } }, { namespace: 'kube-system' });
    const res = await h.store.deleteCollection({ ...ns, labelSelector: 'group=even' });
    assert.deepEqual(res.items.map((i) => i.metadata!.name).sort(), ['cm0', 'cm2', 'cm4', 'cm6', 'cm8']);
    const left = await h.store.list({ namespace: '' });
    assert.deepEqual(left.items.map((i) => i.metadata!.name).sort(), ['cm1', 'cm3', 'cm5', 'cm7', 'cm9', 'other-ns']);
    const all = await h.store.deleteCollection({});
    assert.equal(all.items.length, 6);
    assert.equal((await h.store.list({})).items.length, 0);
  } finally {
    await h.close();
  }
});
