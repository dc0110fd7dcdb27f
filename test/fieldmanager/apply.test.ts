// Server-side apply: merge rules, ownership, removal of fields an applier stops specifying,
// conflicts and force.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyConflictError, applyConfiguration, conflictStatus, trackUpdate, type ManagedFieldsEntry } from '../../runtime/fieldmanager/index.js';
import { isStatusError } from '../../runtime/errors/index.js';
import { ctx, deployment, LATER, NOW, summary, widgetFields, withManaged } from './fixtures.js';

type Obj = Record<string, any>;
const apply = (live: Obj | null, config: Obj, manager: string, opts: { force?: boolean; now?: string; subresource?: string; fields?: typeof widgetFields; apiVersion?: string } = {}) => {
  const { force = false, ...rest } = opts;
  const r = applyConfiguration(live, config, manager, { ...ctx(rest), force });
  return { object: r.object as Obj, managedFields: r.managedFields, stored: withManaged(r.object, r.managedFields) as Obj };
};
const spec = (o: Obj): Obj => o['spec'];

describe('applyConfiguration: ownership', () => {
  it('creating by apply owns exactly what the configuration names (no "." for maps it merely fills)', () => {
    const r = apply(null, deployment({ replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'v1' }] } } }, { labels: { a: '1' } }), 'kubectl');
    assert.deepEqual(r.managedFields.map((e) => [e.manager, e.operation, e.apiVersion, e.time]), [['kubectl', 'Apply', 'apps/v1', NOW]]);
    assert.equal(
      JSON.stringify(r.managedFields[0]!.fieldsV1),
      '{"f:metadata":{"f:labels":{"f:a":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}',
    );
    assert.equal(r.object['metadata'].managedFields, undefined);
    assert.deepEqual(spec(r.object), { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'v1' }] } } });
  });

  it('applying the same configuration again changes nothing, not even the time', () => {
    const first = apply(null, deployment({ replicas: 2 }), 'kubectl');
    const again = apply(first.stored, deployment({ replicas: 2 }), 'kubectl', { now: LATER });
    assert.deepEqual(again.managedFields, first.managedFields);
    assert.deepEqual(again.object, first.object);
  });

  it('an applier\'s entry follows the version of its latest apply', () => {
    const first = apply(null, deployment({ replicas: 2 }), 'kubectl');
    const again = apply(first.stored, deployment({ replicas: 3 }), 'kubectl', { apiVersion: 'apps/v1beta2', now: LATER });
    assert.deepEqual(again.managedFields.map((e) => [e.manager, e.apiVersion, e.time]), [['kubectl', 'apps/v1beta2', LATER]]);
  });

  it('two appliers of the same value share the field; it survives until the last one drops it', () => {
    const a = apply(null, deployment({ replicas: 2, paused: true }), 'a');
    const b = apply(a.stored, deployment({ replicas: 2 }), 'b', { now: LATER });
    assert.deepEqual(summary(b.managedFields), { 'a/Apply': '{"f:spec":{"f:paused":{},"f:replicas":{}}}', 'b/Apply': '{"f:spec":{"f:replicas":{}}}' });
    const aDrops = apply(b.stored, deployment({ paused: true }), 'a', { now: LATER });
    assert.equal(spec(aDrops.object)['replicas'], 2);
    const bDrops = apply(aDrops.stored, deployment({ minReadySeconds: 1 }), 'b', { now: LATER });
    assert.equal(spec(bDrops.object)['replicas'], undefined);
    assert.deepEqual(summary(bDrops.managedFields), { 'a/Apply': '{"f:spec":{"f:paused":{}}}', 'b/Apply': '{"f:spec":{"f:minReadySeconds":{}}}' });
  });

  it('a field the applier alone owned is deleted when it stops specifying it; an empty parent map stays', () => {
    const a = apply(null, deployment({ replicas: 2 }, { labels: { x: '1', y: '2' } }), 'a');
    const dropped = apply(a.stored, deployment({}, { labels: { y: '2' } }), 'a');
    assert.deepEqual(dropped.object['metadata'].labels, { y: '2' });
    assert.equal(spec(dropped.object)['replicas'], undefined);
    const none = apply(dropped.stored, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } }, 'a');
    assert.deepEqual(none.object['metadata'].labels, {});
    assert.deepEqual(none.managedFields, []);
  });

  it('an empty struct in the configuration is owned as a value', () => {
    const r = apply(null, deployment({ strategy: {} }), 'a');
    assert.equal(JSON.stringify(r.managedFields[0]!.fieldsV1), '{"f:spec":{"f:strategy":{}}}');
  });

  it('a dropped field another manager updated is kept (shared with an updater)', () => {
    const a = apply(null, deployment({ replicas: 2 }), 'a');
    const upd = trackUpdate(a.stored, { ...a.stored, spec: { replicas: 5 } }, 'hpa', ctx({ now: LATER }));
    const dropped = apply(withManaged({ ...a.stored, spec: { replicas: 5 } }, upd), deployment({ paused: false }), 'a', { now: LATER });
    assert.deepEqual(spec(dropped.object), { replicas: 5, paused: false });
  });

  it('a dropped list item goes with its fields; items others applied stay', () => {
    const c = (name: string, image: string) => ({ name, image });
    const a = apply(null, deployment({ template: { spec: { containers: [c('app', 'v1'), c('log', 'l1')] } } }), 'a');
    const b = apply(a.stored, deployment({ template: { spec: { containers: [c('mesh', 'm1')] } } }), 'b');
    const dropped = apply(b.stored, deployment({ template: { spec: { containers: [c('app', 'v1')] } } }), 'a');
    assert.deepEqual(spec(dropped.object).template.spec.containers.map((x: Obj) => x['name']), ['app', 'mesh']);
  });

  it('dropping a struct removes what nobody else owns inside it and keeps what they do', () => {
    const a = apply(null, deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }), 'a');
    const b = apply(a.stored, deployment({ strategy: { rollingUpdate: { maxUnavailable: 0 } } }), 'b');
    const dropped = apply(b.stored, deployment({ replicas: 1 }), 'a');
    assert.deepEqual(spec(dropped.object), { strategy: { rollingUpdate: { maxUnavailable: 0 } }, replicas: 1 });
  });

  it('an existing object without managedFields is first attributed to before-first-apply', () => {
    const live = deployment({ replicas: 1 });
    assert.throws(
      () => apply(live, deployment({ replicas: 3 }), 'kubectl'),
      (err: unknown) => err instanceof ApplyConflictError && err.message === 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    );
    const ok = apply(live, deployment({ paused: true }), 'kubectl');
    assert.deepEqual(ok.managedFields.map((e) => `${e.manager}/${e.operation}`), ['kubectl/Apply', 'before-first-apply/Update']);
  });

  it('an apply through a subresource is recorded with it', () => {
    const a = apply(withManaged({ ...deployment({ replicas: 1 }), status: {} }, []), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, status: { replicas: 1 } }, 'ctrl', { subresource: 'status' });
    assert.deepEqual(a.managedFields.map((e) => [e.manager, e.operation, e.subresource]), [['ctrl', 'Apply', 'status'], ['before-first-apply', 'Update', undefined]]);
  });

  it('an apply and an update by the same manager are separate entries', () => {
    const a = apply(null, deployment({ replicas: 1 }), 'tool');
    const upd = trackUpdate(a.stored, { ...a.stored, spec: { replicas: 1, paused: true } }, 'tool', ctx({ now: LATER }));
    assert.deepEqual(summary(upd), { 'tool/Apply': '{"f:spec":{"f:replicas":{}}}', 'tool/Update': '{"f:spec":{"f:paused":{}}}' });
  });
});

describe('applyConfiguration: conflicts and force', () => {
  const owner = apply(null, deployment({ replicas: 2, paused: false, template: { spec: { containers: [{ name: 'app', image: 'v1' }] } } }), 'owner');
  const updater = trackUpdate(owner.stored, { ...owner.stored, spec: { ...spec(owner.stored), minReadySeconds: 9 } }, 'editor', ctx({ now: LATER }));
  const live = withManaged({ ...owner.stored, spec: { ...spec(owner.stored), minReadySeconds: 9 } }, updater);

  it('applying a different value to a field another applier owns conflicts, with kube\'s message', () => {
    assert.throws(() => apply(live, deployment({ replicas: 3 }), 'other'), { name: 'ApplyConflictError', message: 'Apply failed with 1 conflict: conflict with "owner": .spec.replicas' });
  });

  it('the same value does not conflict', () => {
    assert.doesNotThrow(() => apply(live, deployment({ replicas: 2 }), 'other'));
  });

  it('several conflicts are grouped by manager, managers sorted, paths in set order', () => {
    let caught: unknown;
    try {
      apply(live, deployment({ replicas: 3, minReadySeconds: 1, paused: true, template: { spec: { containers: [{ name: 'app', image: 'v2' }] } } }), 'other');
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof ApplyConflictError);
    assert.equal(
      caught.message,
      'Apply failed with 4 conflicts: conflicts with "editor" using apps/v1:\n- .spec.minReadySeconds\nconflicts with "owner":\n- .spec.paused\n- .spec.replicas\n- .spec.template.spec.containers[name="app"].image',
    );
    assert.deepEqual(caught.conflicts.map((c) => [c.manager, c.field]), [
      ['editor', '.spec.minReadySeconds'],
      ['owner', '.spec.paused'],
      ['owner', '.spec.replicas'],
      ['owner', '.spec.template.spec.containers[name="app"].image'],
    ]);
    const status = conflictStatus(caught, { group: 'apps', resource: 'deployments' }, 'web').status;
    assert.deepEqual(status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: caught.message,
      reason: 'Conflict',
      details: {
        causes: [
          { reason: 'FieldManagerConflict', message: 'conflict with "editor" using apps/v1', field: '.spec.minReadySeconds' },
          { reason: 'FieldManagerConflict', message: 'conflict with "owner"', field: '.spec.paused' },
          { reason: 'FieldManagerConflict', message: 'conflict with "owner"', field: '.spec.replicas' },
          { reason: 'FieldManagerConflict', message: 'conflict with "owner"', field: '.spec.template.spec.containers[name="app"].image' },
        ],
      },
      code: 409,
    });
  });

  it('a subresource manager is named with it', () => {
    const st = trackUpdate(owner.stored, { ...owner.stored, status: { replicas: 2 } }, 'kcm', ctx({ subresource: 'status' }));
    const stored = withManaged({ ...owner.stored, status: { replicas: 2 } }, st);
    assert.throws(() => apply(stored, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, status: { replicas: 0 } }, 'x'), {
      message: 'Apply failed with 1 conflict: conflict with "kcm" with subresource "status" using apps/v1: .status.replicas',
    });
  });

  it('force takes the value and the ownership', () => {
    const r = apply(live, deployment({ replicas: 3, minReadySeconds: 1 }), 'other', { force: true, now: LATER });
    assert.equal(spec(r.object)['replicas'], 3);
    assert.deepEqual(summary(r.managedFields), {
      'other/Apply': '{"f:spec":{"f:minReadySeconds":{},"f:replicas":{}}}',
      'owner/Apply': '{"f:spec":{"f:paused":{},"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}',
    });
  });

  it('the conflict Status has the FieldManagerConflict causes and no object details', () => {
    const err = new ApplyConflictError([{ with: { manager: 'm', operation: 'Apply', apiVersion: 'v1' }, fields: ['.data.a'] }]);
    const s = conflictStatus(err, { group: '', resource: 'configmaps' }, 'c');
    assert.ok(isStatusError(s));
    assert.equal(s.code, 409);
    assert.deepEqual(s.status.details, { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "m"', field: '.data.a' }] });
  });
});

describe('applyConfiguration: merge rules', () => {
  const cases: { name: string; live: Obj; config: Obj; expect: Obj }[] = [
    { name: 'granular maps merge key by key', live: { strategy: { type: 'Recreate' } }, config: { strategy: { rollingUpdate: { maxSurge: 1 } } }, expect: { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } } },
    { name: 'atomic maps are replaced', live: { template: { spec: { nodeSelector: { a: '1', b: '2' } } } }, config: { template: { spec: { nodeSelector: { c: '3' } } } }, expect: { template: { spec: { nodeSelector: { c: '3' } } } } },
    { name: 'lists without list metadata are atomic', live: { template: { spec: { tolerations: [{ key: 'a' }, { key: 'b' }] } } }, config: { template: { spec: { tolerations: [{ key: 'c' }] } } }, expect: { template: { spec: { tolerations: [{ key: 'c' }] } } } },
    { name: 'set lists take the union', live: { tags: ['a', 'b'] }, config: { tags: ['c', 'a'] }, expect: { tags: ['c', 'a', 'b'] } },
    {
      name: 'keyed lists merge by key, in the configuration\'s order, live-only items in place',
      live: { template: { spec: { containers: [{ name: 'a', image: '1', tty: true }, { name: 'x', image: 'x' }, { name: 'b', image: '2' }] } } },
      config: { template: { spec: { containers: [{ name: 'b', image: '3' }, { name: 'c', image: '4' }, { name: 'a', image: '5' }] } } },
      expect: { template: { spec: { containers: [{ name: 'x', image: 'x' }, { name: 'b', image: '3' }, { name: 'c', image: '4' }, { name: 'a', image: '5', tty: true }] } } },
    },
    { name: 'a value changing shape is replaced', live: { paused: { odd: 1 } }, config: { paused: true }, expect: { paused: true } },
    { name: 'a null in the configuration clears the field', live: { replicas: 3, paused: true }, config: { replicas: null }, expect: { paused: true } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const live = withManaged(deployment(c.live), [{ manager: 'seed', operation: 'Update', apiVersion: 'apps/v1', time: NOW, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:annotations': {} } } }]);
      assert.deepEqual(spec(apply(live, deployment(c.config), 'm').object), c.expect);
    });
  }

  it('a null claims the field: it conflicts with its owner and the applier owns it', () => {
    const a = apply(null, deployment({ replicas: 3 }), 'a');
    assert.throws(() => apply(a.stored, deployment({ replicas: null }), 'b'), ApplyConflictError);
    const r = apply(a.stored, deployment({ replicas: null }), 'b', { force: true });
    assert.equal('replicas' in spec(r.object), false);
    assert.deepEqual(summary(r.managedFields), { 'b/Apply': '{"f:spec":{"f:replicas":{}}}' });
  });

  it('unknown fields under preserve-unknown are kept, their maps owned as entries, nulls kept as data', () => {
    const cr = (specValue: Obj) => ({ apiVersion: 'x.io/v1', kind: 'Widget', metadata: { name: 'w' }, spec: specValue });
    const r = apply(null, cr({ free: { deep: { n: 1 }, gone: null, list: [1, 2] }, items: [{ name: 'i', v: 1 }] }), 'm', { fields: widgetFields });
    assert.deepEqual(spec(r.object), { free: { deep: { n: 1 }, gone: null, list: [1, 2] }, items: [{ name: 'i', v: 1 }] });
    assert.equal(
      JSON.stringify(r.managedFields[0]!.fieldsV1),
      '{"f:spec":{"f:free":{"f:deep":{".":{},"f:n":{}},"f:gone":{},"f:list":{}},"f:items":{"k:{\\"name\\":\\"i\\"}":{".":{},"f:name":{},"f:v":{}}}}}',
    );
  });
});

describe('applyConfiguration: rejected configurations', () => {
  const rejects = (config: Obj, message: string) => {
    assert.throws(() => apply(null, config, 'm'), (err: unknown) => isStatusError(err) && err.code === 400 && err.status.message === message);
  };

  it('metadata.managedFields must not be set', () => {
    rejects({ ...deployment({}), metadata: { name: 'web', managedFields: [] as ManagedFieldsEntry[] } }, 'metadata.managedFields must be nil');
  });

  it('duplicate keys in a keyed list', () => {
    rejects(
      deployment({ template: { spec: { containers: [{ name: 'a' }, { name: 'a' }] } } }),
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="a"]',
    );
  });

  it('a keyed item without its key', () => {
    rejects(
      deployment({ template: { spec: { containers: [{ image: 'a' }] } } }),
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    );
  });
});
