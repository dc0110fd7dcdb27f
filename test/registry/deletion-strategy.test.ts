// Kinds with finalizers of their own (a DeletionStrategy, as Namespace has), forbidDelete, and
// updateWithStrategy: the generic store keeps such objects on DELETE and deletes them when an
// update clears the last finalizer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cloneObject,
  defineStatusStrategy,
  genericStrategy,
  type ResourceStrategy,
  type SubresourceStrategy,
} from '../../runtime/registry/index.js';
import { gadgetResource, harness, rejection, type Gadget } from './fixtures.js';

interface Held extends Gadget {
  spec?: { mode?: string; finalizers?: string[] };
  status?: { phase?: string };
}

function heldStrategy(conflict: string | null): ResourceStrategy<Held> {
  const base = genericStrategy<Held>(gadgetResource);
  return {
    ...base,
    deletion: {
      pendingFinalizers: (obj) => obj.spec?.finalizers ?? [],
      prepareForDeletion: (obj) => {
        obj.status = { phase: 'Closing' };
      },
      conflictWhilePending: () => conflict,
    },
    forbidDelete: (obj) => (obj.metadata?.name === 'eternal' ? 'this one stays' : null),
  };
}

// Only spec.finalizers comes from the body.
const finalize: SubresourceStrategy<Held> = defineStatusStrategy<Held>({
  prepareForUpdate(obj, old) {
    const finalizers = obj.spec?.finalizers ?? [];
    const target = obj as Record<string, unknown>;
    for (const k of Object.keys(target)) delete target[k];
    Object.assign(target, cloneObject(old));
    obj.spec = { ...(obj.spec ?? {}), finalizers };
  },
});

test('DELETE keeps an object its own finalizers hold, and prepares it; the last finalize deletes it', async () => {
  const h = await harness<Held>(gadgetResource, { strategy: heldStrategy('still busy') });
  try {
    await h.store.create({ metadata: { name: 'g' }, spec: { mode: 'x', finalizers: ['a', 'b'] } });
    const first = await h.store.delete('g');
    assert.equal(first.deleted, false);
    assert.equal(first.code, 200);
    const kept = first.body as Held;
    assert.equal(kept.status?.phase, 'Closing');
    assert.equal(kept.metadata?.deletionTimestamp, '2026-11-22T02:07:25Z');
    assert.equal((await h.store.get('g')).status?.phase, 'Closing');

    const again = await rejection(() => h.store.delete('g'));
    assert.equal(again.code, 409);
    assert.equal(again.message, 'Operation cannot be fulfilled on gadgets.test.capstan.io "g": still busy');

    // finalize changes only spec.finalizers; one left keeps the object.
    const current = await h.store.get('g');
    const one = await h.store.updateWithStrategy('g', { ...cloneObject(current), spec: { mode: 'changed', finalizers: ['b'] } }, finalize);
    assert.deepEqual(one.object.spec, { mode: 'x', finalizers: ['b'] });
    assert.equal((await h.store.get('g')).metadata?.deletionTimestamp, '2026-11-22T02:07:25Z');

    const last = await h.store.updateWithStrategy('g', { ...cloneObject(one.object), spec: { finalizers: [] } }, finalize);
    assert.deepEqual(last.object.spec?.finalizers, []);
    assert.equal((await rejection(() => h.store.get('g'))).code, 404);
  } finally {
    await h.close();
  }
});

test('metadata finalizers and the kind\'s own both hold the object; clearing the last of either kind deletes it', async () => {
  const h = await harness<Held>(gadgetResource, { strategy: heldStrategy(null) });
  try {
    await h.store.create({ metadata: { name: 'g', finalizers: ['example.com/m'] }, spec: { finalizers: ['k'] } });
    assert.equal((await h.store.delete('g')).deleted, false);
    // conflictWhilePending null: a repeated DELETE answers with the object.
    const repeat = await h.store.delete('g');
    assert.equal(repeat.deleted, false);
    assert.equal(repeat.code, 200);

    const current = await h.store.get('g');
    await h.store.updateWithStrategy('g', { ...cloneObject(current), spec: { finalizers: [] } }, finalize);
    const stillThere = await h.store.get('g');
    assert.deepEqual(stillThere.metadata?.finalizers, ['example.com/m']);

    const cleared = cloneObject(stillThere);
    cleared.metadata!.finalizers = [];
    await h.store.update('g', cleared);
    assert.equal((await rejection(() => h.store.get('g'))).code, 404);
  } finally {
    await h.close();
  }
});

test('an object with no finalizers of either kind is deleted at once; dry run keeps it', async () => {
  const h = await harness<Held>(gadgetResource, { strategy: heldStrategy('busy') });
  try {
    await h.store.create({ metadata: { name: 'free' }, spec: {} });
    await h.store.create({ metadata: { name: 'held' }, spec: { finalizers: ['k'] } });
    const dry = await h.store.delete('held', { dryRun: true });
    assert.equal(dry.deleted, false);
    assert.equal((dry.body as Held).status?.phase, 'Closing');
    assert.equal((await h.store.get('held')).metadata?.deletionTimestamp, undefined);

    const res = await h.store.delete('free');
    assert.equal(res.deleted, true);
    assert.equal((await rejection(() => h.store.get('free'))).code, 404);
  } finally {
    await h.close();
  }
});

test('forbidDelete answers 403 and leaves the object alone', async () => {
  const h = await harness<Held>(gadgetResource, { strategy: heldStrategy('busy') });
  try {
    await h.store.create({ metadata: { name: 'eternal' }, spec: { finalizers: ['k'] } });
    const err = await rejection(() => h.store.delete('eternal'));
    assert.equal(err.code, 403);
    assert.equal(err.reason, 'Forbidden');
    assert.equal(err.message, 'gadgets.test.capstan.io "eternal" is forbidden: this one stays');
    assert.equal((await h.store.get('eternal')).metadata?.deletionTimestamp, undefined);
  } finally {
    await h.close();
  }
});
