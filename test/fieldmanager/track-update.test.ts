// Update tracking (create, update, non-apply patch): table-driven cases for who owns what after a write.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyConfiguration, trackUpdate, type ManagedFieldsEntry } from '../../runtime/fieldmanager/index.js';
import { ctx, deployment, LATER, NOW, summary, withManaged } from './fixtures.js';

const base = deployment({ replicas: 1, paused: false, template: { spec: { containers: [{ name: 'app', image: 'v1' }] } } }, { labels: { a: '1' } });
const created = trackUpdate(null, base, 'creator', ctx({ emptyObject: { spec: {} } }));
const live = withManaged(base, created);

function update(from: object, mutate: (o: Record<string, any>) => void, manager: string, overrides = {}): ManagedFieldsEntry[] {
  const next = structuredClone(from) as Record<string, any>;
  mutate(next);
  return trackUpdate(from, next, manager, ctx({ now: LATER, ...overrides }));
}

describe('trackUpdate', () => {
  it('a create gives the creator every field it set, stamped Update with version and time', () => {
    assert.deepEqual(created.map((e) => [e.manager, e.operation, e.apiVersion, e.time, e.fieldsType]), [['creator', 'Update', 'apps/v1', NOW, 'FieldsV1']]);
    assert.equal(
      JSON.stringify(created[0]!.fieldsV1),
      '{"f:metadata":{"f:labels":{".":{},"f:a":{}}},"f:spec":{"f:paused":{},"f:replicas":{},"f:template":{".":{},"f:spec":{".":{},"f:containers":{".":{},"k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}',
    );
  });

  it('identity and bookkeeping metadata is never owned', () => {
    const obj = deployment({}, { uid: 'u', resourceVersion: '5', generation: 2, creationTimestamp: NOW, selfLink: '/x', deletionTimestamp: NOW, deletionGracePeriodSeconds: 30, generateName: 'w-' });
    const [entry] = trackUpdate(null, obj, 'm', ctx());
    assert.equal(JSON.stringify(entry!.fieldsV1), '{"f:metadata":{"f:generateName":{}},"f:spec":{}}');
  });

  const cases: { name: string; mutate: (o: Record<string, any>) => void; manager: string; expect: Record<string, string> }[] = [
    {
      name: 'another writer takes the fields it changed; the creator keeps the rest',
      mutate: (o) => (o.spec.replicas = 3),
      manager: 'scaler',
      expect: {
        creator: '{"f:metadata":{"f:labels":{".":{},"f:a":{}}},"f:spec":{"f:paused":{},"f:template":{".":{},"f:spec":{".":{},"f:containers":{".":{},"k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}',
        'scaler/Update': '{"f:spec":{"f:replicas":{}}}',
      },
    },
    {
      name: 'a write that changes nothing records nothing',
      mutate: () => {},
      manager: 'noop',
      expect: { creator: JSON.stringify(created[0]!.fieldsV1) },
    },
    {
      name: 'a removed field leaves its owner',
      mutate: (o) => delete o.spec.paused,
      manager: 'remover',
      expect: {
        creator: '{"f:metadata":{"f:labels":{".":{},"f:a":{}}},"f:spec":{"f:replicas":{},"f:template":{".":{},"f:spec":{".":{},"f:containers":{".":{},"k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}',
      },
    },
    {
      name: 'a new list item is owned whole; the list item removed takes its fields with it',
      mutate: (o) => (o.spec.template.spec.containers = [{ name: 'side', image: 's' }]),
      manager: 'swapper',
      expect: {
        creator: '{"f:metadata":{"f:labels":{".":{},"f:a":{}}},"f:spec":{"f:paused":{},"f:replicas":{},"f:template":{".":{},"f:spec":{".":{},"f:containers":{}}}}}',
        'swapper/Update': '{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"side\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}',
      },
    },
    {
      name: 'a value that changes shape is modified, its old contents removed',
      mutate: (o) => (o.metadata.labels = 'gone'),
      manager: 'shaper',
      expect: {
        creator: '{"f:spec":{"f:paused":{},"f:replicas":{},"f:template":{".":{},"f:spec":{".":{},"f:containers":{".":{},"k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}',
        'shaper/Update': '{"f:metadata":{"f:labels":{}}}',
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = update(live, c.mutate, c.manager);
      const got = summary(out);
      const want = Object.fromEntries(Object.entries(c.expect).map(([k, v]) => [k.includes('/') ? k : `${k}/Update`, v]));
      assert.deepEqual(got, want);
    });
  }

  it('the writer\'s time moves only on its changed entry; others keep theirs', () => {
    const out = update(live, (o) => (o.spec.replicas = 3), 'scaler');
    assert.deepEqual(out.map((e) => [e.manager, e.time]), [['creator', NOW], ['scaler', LATER]]);
  });

  it('the same manager and operation merge into one entry; another apiVersion is another entry', () => {
    const once = withManaged(base, update(live, (o) => (o.spec.replicas = 3), 'scaler'));
    const twice = update(once, (o) => (o.spec.paused = true), 'scaler');
    assert.equal(summary(twice)['scaler/Update'], '{"f:spec":{"f:paused":{},"f:replicas":{}}}');
    const otherVersion = update(once, (o) => (o.spec.paused = true), 'scaler', { apiVersion: 'apps/v1beta2' });
    assert.deepEqual(otherVersion.filter((e) => e.manager === 'scaler').map((e) => [e.apiVersion, JSON.stringify(e.fieldsV1)]), [
      ['apps/v1', '{"f:spec":{"f:replicas":{}}}'],
      ['apps/v1beta2', '{"f:spec":{"f:paused":{}}}'],
    ]);
  });

  it('a write through a subresource is its own entry and says so', () => {
    const withStatus = withManaged({ ...base, status: { replicas: 1 } }, created);
    const out = update(withStatus, (o) => (o.status.replicas = 2), 'kcm', { subresource: 'status' });
    const kcm = out.find((e) => e.manager === 'kcm')!;
    assert.equal(kcm.subresource, 'status');
    assert.deepEqual(Object.keys(kcm), ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource']);
    const again = update(withManaged(withStatus, out), (o) => (o.spec.replicas = 5), 'kcm');
    assert.deepEqual(summary(again)['kcm/Update'], '{"f:spec":{"f:replicas":{}}}');
    assert.deepEqual(summary(again)['kcm/Update/status'], '{"f:status":{"f:replicas":{}}}');
  });

  it('an entry left owning nothing disappears', () => {
    const scaled = withManaged(base, update(live, (o) => (o.spec.replicas = 3), 'scaler'));
    const out = update(scaled, (o) => (o.spec.replicas = 4), 'other');
    assert.deepEqual(out.map((e) => e.manager), ['creator', 'other']);
  });

  it('an updater after an applier takes the field without conflict', () => {
    const applied = applyConfiguration(null, deployment({ replicas: 2 }), 'ssa', { ...ctx(), force: false });
    const stored = withManaged(applied.object, applied.managedFields);
    const out = update(stored, (o) => (o.spec.replicas = 7), 'hpa');
    assert.deepEqual(summary(out), { 'hpa/Update': '{"f:spec":{"f:replicas":{}}}' });
  });

  it('entries are ordered appliers first, then oldest first', () => {
    const applied = applyConfiguration(live, deployment({ minReadySeconds: 5 }), 'ssa', { ...ctx(), now: LATER, force: false });
    const stored = withManaged(applied.object, applied.managedFields);
    const out = trackUpdate(stored, { ...stored, spec: { ...(stored['spec'] as object), paused: true } }, 'aaa', ctx({ now: '2026-11-22T12:00:00Z' }));
    assert.deepEqual(out.map((e) => `${e.manager}/${e.operation}`), ['ssa/Apply', 'creator/Update', 'aaa/Update']);
  });

  it('managedFields the request carries replace the live ones; [] or [{}] clear them; invalid ones are ignored', () => {
    const mine: ManagedFieldsEntry[] = [{ manager: 'hand', operation: 'Update', apiVersion: 'apps/v1', time: NOW, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }];
    assert.deepEqual(summary(trackUpdate(live, withManaged(base, mine), 'm', ctx())), { 'hand/Update': '{"f:spec":{"f:replicas":{}}}' });
    assert.deepEqual(trackUpdate(live, withManaged(base, []), 'm', ctx()), []);
    assert.deepEqual(trackUpdate(live, withManaged(base, [{}] as never), 'm', ctx()), []);
    const bad = [{ manager: 'x', operation: 'Bogus', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} }] as never;
    assert.deepEqual(trackUpdate(live, withManaged(base, bad), 'm', ctx()), created);
    // Through a subresource the request's managedFields are never taken.
    assert.deepEqual(trackUpdate(live, withManaged(base, mine), 'm', ctx({ subresource: 'status' })), created);
  });

  it('more than ten updaters fold the oldest into ancient-changes', () => {
    let obj: Record<string, unknown> = withManaged(deployment({}), []);
    for (let i = 0; i < 12; i++) {
      const next = { ...obj, metadata: { ...(obj['metadata'] as object), labels: { ...((obj['metadata'] as { labels?: object }).labels ?? {}), [`k${i}`]: 'v' } } };
      const mf = trackUpdate(obj, next, `u${String(i).padStart(2, '0')}`, ctx({ now: `2026-11-22T10:${String(i).padStart(2, '0')}:00Z` }));
      obj = withManaged(next, mf);
    }
    const entries = (obj['metadata'] as { managedFields: ManagedFieldsEntry[] }).managedFields;
    assert.equal(entries.length, 10);
    const ancient = entries.find((e) => e.manager === 'ancient-changes')!;
    assert.equal(ancient.time, '2026-11-22T10:02:00Z');
    assert.deepEqual(Object.keys((ancient.fieldsV1['f:metadata'] as { 'f:labels': object })['f:labels']), ['.', 'f:k0', 'f:k1', 'f:k2']);
    assert.deepEqual(entries.map((e) => e.manager).slice(1), ['u03', 'u04', 'u05', 'u06', 'u07', 'u08', 'u09', 'u10', 'u11']);
  });

  it('an object kube could not type (keyed item without its key) loses its managedFields', () => {
    const broken = deployment({ template: { spec: { containers: [{ image: 'x' }] } } });
    assert.deepEqual(trackUpdate(live, broken, 'm', ctx()), []);
  });

  it('a keyed item without its key field takes the schema default', () => {
    const obj = deployment({ template: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80 }] }] } } });
    const [entry] = trackUpdate(null, obj, 'm', ctx({ emptyObject: { spec: {} } }));
    assert.match(JSON.stringify(entry!.fieldsV1), /k:\{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"\}/);
  });

  it('duplicated keyed items are owned together, as one value', () => {
    const obj = deployment({ template: { spec: { containers: [{ name: 'a', image: '1' }, { name: 'a', image: '2' }] } } });
    const [entry] = trackUpdate(null, obj, 'm', ctx({ emptyObject: { spec: {} } }));
    assert.equal(JSON.stringify(entry!.fieldsV1), '{"f:spec":{"f:template":{".":{},"f:spec":{".":{},"f:containers":{".":{},"k:{\\"name\\":\\"a\\"}":{}}}}}}');
  });
});
