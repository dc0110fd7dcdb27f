// Server-side apply over HTTPS (PATCH application/apply-patch+yaml) and the managedFields every
// other write keeps: create by apply, re-apply, conflicts with kube's 409, force, removal of
// fields no longer applied, Update entries of PUT and merge patch, the options kube validates,
// the status and scale subresources, kubectl's last-applied annotation and a custom resource.
// One server for the file; about 3-5 s (one watch waits out its 1 s timeout).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';
import { adminClient, APPLY, entries, entryOf, MERGE, type Call } from './apply-support.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const SERVICES = '/api/v1/namespaces/default/services';
const FLUNDERS = '/apis/wardle.example.com/v1alpha1/namespaces/default/flunders';
const GADGETS = '/apis/ssa.example.com/v1/namespaces/default/gadgets';

const cm = (name: string, data: Record<string, string>, extra = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: "${v}"\n`)
    .join('')}`;

const gadgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.ssa.example.com' },
  spec: {
    group: 'ssa.example.com',
    scope: 'Namespaced',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  size: { type: 'string' },
                  ports: {
                    type: 'array',
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['name'],
                    items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

describe('server-side apply', { timeout: 60_000 }, () => {
  let server: TestServer;
  let call: Call;

  before(async () => {
    server = await startTestServer({ crds: [gadgetCrd] });
    call = adminClient(server);
  });
  after(async () => {
    await server?.stop();
  });

  it('creates with 201, updates with 200, and keeps one Apply entry per manager', async () => {
    const created = await call('PATCH', `${CMS}/applied?fieldManager=alice`, cm('applied', { a: '1', b: '2' }), APPLY);
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.json.data, { a: '1', b: '2' });
    assert.match(created.json.metadata.uid, /^[0-9a-f-]{36}$/);
    const first = entryOf(created.json, 'alice', 'Apply');
    assert.equal(first.apiVersion, 'v1');
    assert.equal(first.fieldsType, 'FieldsV1');
    assert.match(first.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(first.fieldsV1['f:data']['f:a'], {});
    assert.equal(first.subresource, undefined);

    const updated = await call('PATCH', `${CMS}/applied?fieldManager=alice`, cm('applied', { a: '10', b: '2' }), APPLY);
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual(updated.json.data, { a: '10', b: '2' });
    assert.equal(entries(updated.json).length, 1);
    assert.notEqual(updated.json.metadata.resourceVersion, created.json.metadata.resourceVersion);
    const got = await call('GET', `${CMS}/applied`);
    assert.deepEqual(got.json.metadata.managedFields, updated.json.metadata.managedFields);
    // Watch events carry them too (the stream ends after a second).
    const watched = await call('GET', `${CMS}?watch=1&fieldSelector=metadata.name%3Dapplied&resourceVersion=${created.json.metadata.resourceVersion}&timeoutSeconds=1`);
    const events = watched.text.trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(events.length, 1, watched.text);
    assert.equal(events[0].type, 'MODIFIED');
    assert.deepEqual(events[0].object.metadata.managedFields, updated.json.metadata.managedFields);
  });

  it('answers a conflicting apply by another manager with 409 and kube causes; force takes the field', async () => {
    await call('PATCH', `${CMS}/contested?fieldManager=alice`, cm('contested', { a: '1' }), APPLY);
    const conflict = await call('PATCH', `${CMS}/contested?fieldManager=bob`, cm('contested', { a: '2' }), APPLY);
    assert.equal(conflict.status, 409, conflict.text);
    assert.equal(conflict.json.reason, 'Conflict');
    assert.equal(conflict.json.message, 'Apply failed with 1 conflict: conflict with "alice": .data.a');
    assert.deepEqual(conflict.json.details.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.data.a' }]);
    assert.equal((await call('GET', `${CMS}/contested`)).json.data.a, '1');

    // The same value is shared ownership, not a conflict.
    const shared = await call('PATCH', `${CMS}/contested?fieldManager=carol`, cm('contested', { a: '1' }), APPLY);
    assert.equal(shared.status, 200, shared.text);
    assert.ok(entryOf(shared.json, 'carol', 'Apply').fieldsV1['f:data']['f:a']);

    const forced = await call('PATCH', `${CMS}/contested?fieldManager=bob&force=true`, cm('contested', { a: '2' }), APPLY);
    assert.equal(forced.status, 200, forced.text);
    assert.equal(forced.json.data.a, '2');
    assert.ok(entryOf(forced.json, 'bob', 'Apply').fieldsV1['f:data']['f:a']);
    assert.ok(!entries(forced.json).some((e) => e.manager === 'alice' && e.fieldsV1['f:data']?.['f:a']), 'alice no longer owns .data.a');
  });

  it('deletes a field the manager stops applying', async () => {
    await call('PATCH', `${CMS}/shrinking?fieldManager=alice`, cm('shrinking', { a: '1', b: '2' }), APPLY);
    const shrunk = await call('PATCH', `${CMS}/shrinking?fieldManager=alice`, cm('shrinking', { a: '1' }), APPLY);
    assert.equal(shrunk.status, 200, shrunk.text);
    assert.deepEqual(shrunk.json.data, { a: '1' });
    assert.equal(entryOf(shrunk.json, 'alice', 'Apply').fieldsV1['f:data']['f:b'], undefined);
  });

  it('records Update entries for create, PUT and merge patch, named by fieldManager or the User-Agent', async () => {
    const created = await call('POST', `${CMS}?fieldManager=creator`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tracked' }, data: { a: '1' } });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(entryOf(created.json, 'creator', 'Update').fieldsV1['f:data']['f:a'], {});

    const put = await call('PUT', `${CMS}/tracked?fieldManager=editor`, { ...created.json, data: { a: '1', b: '2' } });
    assert.equal(put.status, 200, put.text);
    assert.ok(entryOf(put.json, 'editor', 'Update').fieldsV1['f:data']['f:b']);
    assert.equal(entryOf(put.json, 'creator', 'Update').fieldsV1['f:data']['f:b'], undefined);

    const patched = await call('PATCH', `${CMS}/tracked`, { data: { c: '3' } }, { ...MERGE, 'user-agent': 'my-tool/1.2.3 (linux/amd64)' });
    assert.equal(patched.status, 200, patched.text);
    const tool = entryOf(patched.json, 'my-tool', 'Update');
    assert.equal(tool.apiVersion, 'v1');
    assert.ok(tool.fieldsV1['f:data']['f:c']);

    // An unchanged write changes neither the object nor its managers.
    const same = await call('PATCH', `${CMS}/tracked?fieldManager=noop`, { data: { c: '3' } }, MERGE);
    assert.equal(same.json.metadata.resourceVersion, patched.json.metadata.resourceVersion);
    assert.ok(!entries(same.json).some((e) => e.manager === 'noop'));

    // A body without managedFields keeps the live ones; a single empty entry clears them.
    const { managedFields: _dropped, ...metaWithout } = same.json.metadata;
    const kept = await call('PUT', `${CMS}/tracked?fieldManager=editor`, { ...same.json, metadata: metaWithout, data: { ...same.json.data, d: '4' } });
    assert.equal(kept.status, 200, kept.text);
    assert.deepEqual(entries(kept.json).map((e) => e.manager).sort(), ['creator', 'editor', 'my-tool']);
    const cleared = await call('PATCH', `${CMS}/tracked?fieldManager=janitor`, { metadata: { managedFields: [{}] } }, MERGE);
    assert.equal(cleared.status, 200, cleared.text);
    assert.equal(cleared.json.metadata.managedFields, undefined);
  });

  it('validates fieldManager and force as kube does', async () => {
    const missing = await call('PATCH', `${CMS}/applied`, cm('applied', { a: '1' }), APPLY);
    assert.equal(missing.status, 422, missing.text);
    assert.equal(missing.json.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    assert.deepEqual(missing.json.details, {
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
    const force = await call('PATCH', `${CMS}/applied?force=true`, { data: { a: '1' } }, MERGE);
    assert.equal(force.status, 422, force.text);
    assert.equal(force.json.message, 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
    const long = await call('POST', `${CMS}?fieldManager=${'m'.repeat(129)}`, { metadata: { name: 'long' } });
    assert.equal(long.status, 422, long.text);
    assert.equal(long.json.message, 'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes');
    const control = await call('PUT', `${CMS}/applied?fieldManager=a%07b`, { metadata: { name: 'applied' } });
    assert.equal(control.status, 422, control.text);
    assert.match(control.json.message, /^UpdateOptions\.meta\.k8s\.io "" is invalid: fieldManager: Invalid value: ".+": invalid character U\+0007 \(at position 1\)$/);
  });

  it('refuses configurations that do not match the URL or carry managedFields', async () => {
    const version = await call('PATCH', `${CMS}/x?fieldManager=a`, 'apiVersion: v2\nkind: ConfigMap\nmetadata: {name: x}\n', APPLY);
    assert.equal(version.status, 400);
    assert.equal(version.json.message, 'Incorrect version specified in apply patch. Specified patch version: v2, expected: v1');
    const kind = await call('PATCH', `${CMS}/x?fieldManager=a`, 'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\n', APPLY);
    assert.equal(kind.status, 400);
    const name = await call('PATCH', `${CMS}/x?fieldManager=a`, cm('y', { a: '1' }), APPLY);
    assert.equal(name.status, 400);
    assert.equal(name.json.message, 'the name of the object (y) does not match the name on the URL (x)');
    const managed = await call('PATCH', `${CMS}/x?fieldManager=a`, cm('x', { a: '1' }, '  managedFields: [{manager: a}]\n'), APPLY);
    assert.equal(managed.status, 400);
    assert.equal(managed.json.message, 'metadata.managedFields must be nil');
    const yaml = await call('PATCH', `${CMS}/x?fieldManager=a`, 'data: [unclosed\n', APPLY);
    assert.equal(yaml.status, 400);
    assert.match(yaml.json.message, /^error decoding YAML: /);
    assert.equal((await call('GET', `${CMS}/x`)).status, 404);
  });

  it('accepts JSON, honours dryRun=All and treats a resourceVersion as a precondition', async () => {
    const dry = await call('PATCH', `${CMS}/dry?fieldManager=a&dryRun=All`, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry' }, data: { a: '1' } }), APPLY);
    assert.equal(dry.status, 201, dry.text);
    assert.equal(entryOf(dry.json, 'a', 'Apply').operation, 'Apply');
    assert.equal((await call('GET', `${CMS}/dry`)).status, 404);

    const live = (await call('PATCH', `${CMS}/pre?fieldManager=a`, cm('pre', { a: '1' }), APPLY)).json;
    await call('PATCH', `${CMS}/pre?fieldManager=a`, cm('pre', { a: '2' }), APPLY);
    const stale = await call('PATCH', `${CMS}/pre?fieldManager=a`, cm('pre', { a: '3' }, `  resourceVersion: "${live.metadata.resourceVersion}"\n`), APPLY);
    assert.equal(stale.status, 409, stale.text);
    assert.equal(stale.json.reason, 'Conflict');
    assert.equal((await call('GET', `${CMS}/pre`)).json.data.a, '2');
  });

  it('records the status subresource on its entries', async () => {
    const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - {port: 80, protocol: TCP}
`;
    const created = await call('PATCH', `${SERVICES}/web?fieldManager=deployer`, service, APPLY);
    assert.equal(created.status, 201, created.text);
    const spec = entryOf(created.json, 'deployer', 'Apply');
    assert.ok(spec.fieldsV1['f:spec']['f:ports']['k:{"port":80,"protocol":"TCP"}'], JSON.stringify(spec.fieldsV1));

    const ingress = (ip: string) => ({ status: { loadBalancer: { ingress: [{ ip }] } } });
    const status = await call('PATCH', `${SERVICES}/web/status?fieldManager=controller`, ingress('10.0.0.1'), MERGE);
    assert.equal(status.status, 200, status.text);
    const upd = entryOf(status.json, 'controller', 'Update');
    assert.equal(upd.subresource, 'status');
    assert.equal(upd.apiVersion, 'v1');
    assert.ok(upd.fieldsV1['f:status']['f:loadBalancer']['f:ingress']);

    const config = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nstatus:\n  loadBalancer:\n    ingress: [{ip: 10.0.0.2}]\n';
    const conflict = await call('PATCH', `${SERVICES}/web/status?fieldManager=status-applier`, config, APPLY);
    assert.equal(conflict.status, 409, conflict.text);
    const applied = await call('PATCH', `${SERVICES}/web/status?fieldManager=status-applier&force=true`, config, APPLY);
    assert.equal(applied.status, 200, applied.text);
    assert.deepEqual(applied.json.status.loadBalancer.ingress, [{ ip: '10.0.0.2' }]);
    assert.equal(entryOf(applied.json, 'status-applier', 'Apply').subresource, 'status');
    // The controller keeps the containers it created but no longer the list.
    assert.equal(entryOf(applied.json, 'controller', 'Update').fieldsV1['f:status']['f:loadBalancer']['f:ingress'], undefined);
    assert.ok(entryOf(applied.json, 'deployer', 'Apply'), 'the spec applier keeps its entry');
  });

  it('records scale writes on the parent object under subresource scale', async () => {
    const config = 'apiVersion: wardle.example.com/v1alpha1\nkind: Flunder\nmetadata: {name: f1}\nspec: {replicas: 1}\n';
    assert.equal((await call('PATCH', `${FLUNDERS}/f1?fieldManager=deployer`, config, APPLY)).status, 201);
    const scaled = await call('PATCH', `${FLUNDERS}/f1/scale?fieldManager=autoscaler`, { spec: { replicas: 3 } }, MERGE);
    assert.equal(scaled.status, 200, scaled.text);
    assert.equal(scaled.json.kind, 'Scale');
    const entry = entryOf((await call('GET', `${FLUNDERS}/f1`)).json, 'autoscaler', 'Update');
    assert.equal(entry.subresource, 'scale');
    assert.equal(entry.apiVersion, 'wardle.example.com/v1alpha1');
    assert.deepEqual(entry.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    const again = await call('PATCH', `${FLUNDERS}/f1?fieldManager=deployer`, config, APPLY);
    assert.equal(again.status, 409, again.text);
    assert.equal(again.json.message, 'Apply failed with 1 conflict: conflict with "autoscaler" with subresource "scale" using wardle.example.com/v1alpha1: .spec.replicas');
    const scaleApply = await call('PATCH', `${FLUNDERS}/f1/scale?fieldManager=autoscaler`, 'apiVersion: autoscaling/v1\nkind: Scale\nmetadata: {name: f1}\nspec: {replicas: 4}\n', APPLY);
    assert.equal(scaleApply.status, 415, scaleApply.text);
  });

  it('lets "kubectl" take fields its client-side apply annotation lists, and keeps the annotation in step', async () => {
    const lastApplied = (ports: unknown) => `${JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'csa', namespace: 'default' }, spec: { ports } })}\n`;
    const ports = [{ name: 'http', port: 80, protocol: 'TCP' }];
    const created = await call('POST', `${SERVICES}?fieldManager=kubectl-client-side-apply`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'csa', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(ports) } },
      spec: { ports },
    });
    assert.equal(created.status, 201, created.text);
    const config = 'apiVersion: v1\nkind: Service\nmetadata: {name: csa, namespace: default}\nspec:\n  ports:\n  - {name: web, port: 80, protocol: TCP}\n';
    const other = await call('PATCH', `${SERVICES}/csa?fieldManager=someone-else`, config, APPLY);
    assert.equal(other.status, 409, other.text);
    assert.equal(other.json.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.ports[port=80,protocol="TCP"].name');

    const kubectl = await call('PATCH', `${SERVICES}/csa?fieldManager=kubectl`, config, APPLY);
    assert.equal(kubectl.status, 200, kubectl.text);
    assert.equal(kubectl.json.spec.ports[0].name, 'web');
    assert.equal(
      kubectl.json.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'],
      '{"apiVersion":"v1","kind":"Service","metadata":{"name":"csa","namespace":"default"},"spec":{"ports":[{"name":"web","port":80,"protocol":"TCP"}]}}\n',
    );
    // A field the annotation does not list still conflicts.
    await call('PATCH', `${SERVICES}/csa?fieldManager=editor`, { spec: { sessionAffinity: 'ClientIP' } }, MERGE);
    const unlisted = await call('PATCH', `${SERVICES}/csa?fieldManager=kubectl`, `${config}  sessionAffinity: None\n`, APPLY);
    assert.equal(unlisted.status, 409, unlisted.text);
    assert.match(unlisted.json.message, /conflict with "editor" using v1: \.spec\.sessionAffinity$/);
  });

  it('applies custom resources with the list types of their schema', async () => {
    const gadget = (ports: string) => `apiVersion: ssa.example.com/v1\nkind: Gadget\nmetadata: {name: g1}\nspec:\n  size: small\n  ports:\n${ports}`;
    const created = await call('PATCH', `${GADGETS}/g1?fieldManager=alice`, gadget('  - {name: http, port: 80}\n'), APPLY);
    assert.equal(created.status, 201, created.text);
    const second = await call('PATCH', `${GADGETS}/g1?fieldManager=bob`, 'apiVersion: ssa.example.com/v1\nkind: Gadget\nmetadata: {name: g1}\nspec:\n  ports:\n  - {name: https, port: 443}\n', APPLY);
    assert.equal(second.status, 200, second.text);
    // A map list merges by key: both managers' entries are kept.
    assert.deepEqual(second.json.spec.ports, [
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
    ]);
    assert.ok(entryOf(second.json, 'bob', 'Apply').fieldsV1['f:spec']['f:ports']['k:{"name":"https"}']);
    const conflict = await call('PATCH', `${GADGETS}/g1?fieldManager=bob`, 'apiVersion: ssa.example.com/v1\nkind: Gadget\nmetadata: {name: g1}\nspec:\n  size: large\n', APPLY);
    assert.equal(conflict.status, 409, conflict.text);
    assert.equal(conflict.json.message, 'Apply failed with 1 conflict: conflict with "alice": .spec.size');
  });

  it('compares a create against the kind\'s empty value: built-in spec is a struct, a custom resource\'s spec is not', async () => {
    const svc = await call('POST', `${SERVICES}?fieldManager=creator`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty-value' }, spec: { ports: [{ port: 81, protocol: 'TCP' }] } });
    assert.equal(svc.status, 201, svc.text);
    const builtin = entryOf(svc.json, 'creator', 'Update').fieldsV1['f:spec'];
    assert.equal(builtin['.'], undefined, JSON.stringify(builtin));
    assert.ok(builtin['f:ports']['.'], JSON.stringify(builtin));
    const custom = await call('POST', `${GADGETS}?fieldManager=creator`, { apiVersion: 'ssa.example.com/v1', kind: 'Gadget', metadata: { name: 'empty-value' }, spec: { size: 'small' } });
    assert.equal(custom.status, 201, custom.text);
    assert.deepEqual(entryOf(custom.json, 'creator', 'Update').fieldsV1['f:spec'], { '.': {}, 'f:size': {} });
  });
});
