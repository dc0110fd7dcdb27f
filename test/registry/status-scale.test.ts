import assert from 'node:assert/strict';
import { test } from 'node:test';
import { genericStrategy, type Scale } from '../../runtime/registry/index.js';
import { configMapResource, gadgetResource, harness, rejection, widgetResource, type ConfigMap, type Gadget, type Widget } from './fixtures.js';

const ns = { namespace: 'default' };

test('updateStatus applies only status; spec and metadata stay as stored', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    const { object: v1 } = await h.store.create({ metadata: { name: 'w', labels: { a: '1' } }, spec: { replicas: 1 } }, ns);
    const { object: v2 } = await h.store.updateStatus(
      'w',
      { ...v1, metadata: { ...v1.metadata, labels: { a: 'changed' } }, spec: { replicas: 50 }, status: { replicas: 1, phase: 'Ready' } },
      ns,
    );
    assert.deepEqual(v2.status, { replicas: 1, phase: 'Ready' });
    assert.equal(v2.spec!.replicas, 1, 'spec from the body is ignored');
    assert.deepEqual(v2.metadata!.labels, { a: '1' }, 'labels from the body are ignored');
    assert.equal(v2.metadata!.generation, 1, 'status changes do not bump generation');
    assert.notEqual(v2.metadata!.resourceVersion, v1.metadata!.resourceVersion);

    const stale = await rejection(() => h.store.updateStatus('w', { ...v1, status: { phase: 'Old' } }, ns));
    assert.equal(stale.reason, 'Conflict');

    const invalid = await rejection(() => h.store.updateStatus('w', { ...v2, status: { replicas: -1 } }, ns));
    assert.equal(
      invalid.message,
      'Widget.test.capstan.io "w" is invalid: status.replicas: Invalid value: -1: status.replicas in body should be greater than or equal to 0',
    );

    const missing = await rejection(() => h.store.updateStatus('none', { metadata: { name: 'none' }, status: {} }, ns));
    assert.equal(missing.code, 404);

    // The main endpoint, in turn, cannot touch status.
    const { object: v3 } = await h.store.update('w', { ...v2, status: { phase: 'Hacked' } }, ns);
    assert.deepEqual(v3.status, { replicas: 1, phase: 'Ready' });
    assert.equal(v3.metadata!.resourceVersion, v2.metadata!.resourceVersion, 'ignored status means nothing to write');
  } finally {
    await h.close();
  }
});

test('kinds without a status subresource have no updateStatus and keep status on the main resource', async () => {
  const h = await harness<ConfigMap>(configMapResource);
  try {
    const err = await rejection(() => h.store.updateStatus('x', { metadata: { name: 'x' } }, ns));
    assert.equal(err.code, 405);
  } finally {
    await h.close();
  }
});

test('scale reads and writes the configured paths', async () => {
  const h = await harness<Widget>(widgetResource);
  try {
    const { object: v1 } = await h.store.create({ metadata: { name: 'w' }, spec: { replicas: 2 } }, ns);
    await h.store.updateStatus('w', { ...v1, status: { replicas: 1, selector: 'app=w' } }, ns);
    const scale = await h.store.getScale('w', ns);
    assert.equal(scale.apiVersion, 'autoscaling/v1');
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.metadata.name, 'w');
    assert.equal(scale.metadata.namespace, 'default');
    assert.equal(scale.metadata.uid, v1.metadata!.uid);
    assert.equal(scale.metadata.creationTimestamp, v1.metadata!.creationTimestamp);
    assert.deepEqual(scale.spec, { replicas: 2 });
    assert.deepEqual(scale.status, { replicas: 1, selector: 'app=w' });

    const { object: scaled } = await h.store.updateScale('w', { ...scale, spec: { replicas: 7 } }, ns);
    assert.equal(scaled.spec.replicas, 7);
    assert.notEqual(scaled.metadata.resourceVersion, scale.metadata.resourceVersion);
    const w = await h.store.get('w', ns);
    assert.equal(w.spec!.replicas, 7);
    assert.equal(w.metadata!.generation, 2, 'a scale change is a spec change');
    assert.equal(w.metadata!.resourceVersion, scaled.metadata.resourceVersion);

    const stale = await rejection(() => h.store.updateScale('w', { ...scale, spec: { replicas: 3 } }, ns));
    assert.equal(stale.code, 409);
    assert.equal(stale.message, 'Operation cannot be fulfilled on widgets.test.capstan.io "w": the object has been modified; please apply your changes to the latest version and try again');

    const negative = await rejection(() => h.store.updateScale('w', { ...scaled, spec: { replicas: -1 } }, ns));
    assert.equal(negative.code, 422);
    assert.equal(negative.message, 'Scale.autoscaling "w" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');

    const noRV: Scale = { ...scaled, metadata: { name: 'w' }, spec: { replicas: 4 } };
    assert.equal((await h.store.updateScale('w', noRV, ns)).object.spec.replicas, 4, 'no resourceVersion: unconditional');

    const missing = await rejection(() => h.store.getScale('none', ns));
    assert.equal(missing.message, 'widgets.test.capstan.io "none" not found');
  } finally {
    await h.close();
  }
});

test('scale paths are configurable per resource', async () => {
  const strategy = genericStrategy<Widget>(widgetResource, {
    scalePaths: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.replicas' },
  });
  const h = await harness<Widget>(widgetResource, { strategy });
  try {
    await h.store.create({ metadata: { name: 'w' }, spec: { size: 3, replicas: 1 } }, ns);
    const scale = await h.store.getScale('w', ns);
    assert.deepEqual(scale.spec, { replicas: 3 });
    assert.deepEqual(scale.status, { replicas: 0 });
    await h.store.updateScale('w', { ...scale, spec: { replicas: 9 } }, ns);
    const w = await h.store.get('w', ns);
    assert.equal(w.spec!.size, 9);
    assert.equal(w.spec!.replicas, 1);
  } finally {
    await h.close();
  }
});

test('kinds without a scale subresource answer 405 for scale', async () => {
  const h = await harness<Gadget>(gadgetResource);
  try {
    const err = await rejection(() => h.store.getScale('g'));
    assert.equal(err.code, 405);
  } finally {
    await h.close();
  }
});
