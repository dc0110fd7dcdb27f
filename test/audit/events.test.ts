// What the auditor writes: which stages, which fields at which level, in kube's Event shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MemoryAuditSink,
  attemptedAuthMethods,
  createAuditor,
  encodeEvent,
  formatMicros,
  parseAuditPolicy,
  type AuditRequest,
  type AuditRequestInfo,
} from '../../runtime/audit/index.js';
import { encodeProtobufObject, registerProtobufMessage, unregisterProtobufCodec, type MessageDescriptor } from '../../runtime/protobuf/index.js';

const RECEIVED = new Date('2026-11-22T10:00:00.123Z');
// The pinned clock: 1.5 s after the request arrived, with sub-millisecond digits.
const STAGE_MICROS = RECEIVED.getTime() * 1000 + 1_500_042;

function auditorFor(policyYaml: string) {
  const sink = new MemoryAuditSink();
  const policy = parseAuditPolicy(`apiVersion: audit.k8s.io/v1\nkind: Policy\n${policyYaml}`, 'test');
  return { sink, auditor: createAuditor(policy, sink, { now: () => STAGE_MICROS }) };
}

const createCm: AuditRequestInfo = { isResourceRequest: true, verb: 'create', apiGroup: '', apiVersion: 'v1', namespace: 'default', resource: 'configmaps', subresource: '', name: '' };

function request(info: AuditRequestInfo = createCm, more: Partial<AuditRequest> = {}): AuditRequest {
  return {
    auditID: 'a1b2c3',
    requestURI: '/api/v1/namespaces/default/configmaps?fieldManager=kubectl',
    info,
    user: { username: 'alice', uid: 'u-1', groups: ['dev', 'system:authenticated'], extra: { 'z-key': ['2'], 'a-key': ['1'] } },
    sourceIPs: ['127.0.0.1'],
    userAgent: 'kubectl/v1.31.0',
    receivedAt: RECEIVED,
    ...more,
  };
}

const body = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', managedFields: [{ manager: 'kubectl' }] }, data: { a: '1' } }));
const created = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default', uid: 'c-1', resourceVersion: '7', managedFields: [{ manager: 'kubectl' }] }, data: { a: '1' } };

function runCreate(level: string) {
  const { sink, auditor } = auditorFor(`rules: [{level: ${level}}]\n`);
  const record = auditor.begin(request());
  assert.ok(record);
  record.annotate('authorization.k8s.io/decision', 'allow');
  record.annotate('authorization.k8s.io/reason', '');
  record.requestBody(body, 'application/json');
  record.complete(201, created);
  return sink.events;
}

test('events: Metadata level has the request metadata and no objects', () => {
  const [received, complete] = runCreate('Metadata');
  assert.deepEqual(Object.keys(received!), ['kind', 'apiVersion', 'level', 'auditID', 'stage', 'requestURI', 'verb', 'user', 'sourceIPs', 'userAgent', 'objectRef', 'requestReceivedTimestamp', 'stageTimestamp']);
  assert.equal(received!.stage, 'RequestReceived');
  assert.deepEqual(received!.objectRef, { resource: 'configmaps', namespace: 'default', apiVersion: 'v1' });
  assert.deepEqual(received!.user, { username: 'alice', uid: 'u-1', groups: ['dev', 'system:authenticated'], extra: { 'a-key': ['1'], 'z-key': ['2'] } });
  assert.deepEqual(Object.keys(received!.user.extra!), ['a-key', 'z-key']);
  assert.equal(complete!.stage, 'ResponseComplete');
  assert.deepEqual(Object.keys(complete!), [
    'kind', 'apiVersion', 'level', 'auditID', 'stage', 'requestURI', 'verb', 'user', 'sourceIPs', 'userAgent', 'objectRef', 'responseStatus', 'requestReceivedTimestamp', 'stageTimestamp', 'annotations',
  ]);
  // kube completes objectRef from the created object's metadata, at every level.
  assert.deepEqual(complete!.objectRef, { resource: 'configmaps', namespace: 'default', name: 'cfg', apiVersion: 'v1' });
  assert.deepEqual(complete!.responseStatus, { metadata: {}, code: 201 });
  assert.deepEqual(complete!.annotations, { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' });
});

test('events: Request level adds requestObject, not responseObject', () => {
  const [received, complete] = runCreate('Request');
  assert.equal(received!.requestObject, undefined, 'RequestReceived is written before the body is read');
  assert.deepEqual(complete!.requestObject, JSON.parse(body.toString()));
  assert.equal(complete!.responseObject, undefined);
  assert.equal(complete!.level, 'Request');
});

test('events: RequestResponse level has both objects, in kube field order', () => {
  const [, complete] = runCreate('RequestResponse');
  assert.deepEqual(complete!.requestObject, JSON.parse(body.toString()));
  assert.deepEqual(complete!.responseObject, created);
  const keys = Object.keys(complete!);
  assert.ok(keys.indexOf('responseStatus') < keys.indexOf('requestObject'));
  assert.ok(keys.indexOf('requestObject') < keys.indexOf('responseObject'));
  assert.ok(keys.indexOf('responseObject') < keys.indexOf('requestReceivedTimestamp'));
});

test('events: level None writes nothing and begin returns null', () => {
  const { sink, auditor } = auditorFor('rules: [{level: None, verbs: [create]}, {level: Metadata}]\n');
  assert.equal(auditor.begin(request()), null);
  assert.equal(sink.events.length, 0);
  const other = auditor.begin(request({ ...createCm, verb: 'get', name: 'x' }));
  assert.equal(other?.level, 'Metadata');
});

test('events: omitStages of the policy and of the rule are both honoured', () => {
  const { sink, auditor } = auditorFor('omitStages: [RequestReceived]\nrules: [{level: Metadata, verbs: [watch], omitStages: [ResponseStarted]}, {level: Metadata}]\n');
  const watch = auditor.begin(request({ ...createCm, verb: 'watch' }))!;
  watch.responseStarted(200);
  watch.complete(200);
  assert.deepEqual(sink.events.map((e) => e.stage), ['ResponseComplete']);
  sink.events.length = 0;
  const watch2 = auditor.begin(request({ ...createCm, verb: 'list' }))!;
  watch2.responseStarted(200);
  watch2.complete(200);
  assert.deepEqual(sink.events.map((e) => e.stage), ['ResponseStarted', 'ResponseComplete']);
});

test('events: a watch gets ResponseStarted with its code, then ResponseComplete', () => {
  const { sink, auditor } = auditorFor('rules: [{level: RequestResponse}]\n');
  const watch = auditor.begin(request({ ...createCm, verb: 'watch' }))!;
  watch.responseStarted(200);
  watch.complete(200);
  assert.deepEqual(sink.events.map((e) => e.stage), ['RequestReceived', 'ResponseStarted', 'ResponseComplete']);
  assert.deepEqual(sink.events[1]!.responseStatus, { metadata: {}, code: 200 });
  assert.deepEqual(sink.events[2]!.responseStatus, { metadata: {}, code: 200 });
  assert.equal(sink.events[2]!.responseObject, undefined);
});

test('events: omitManagedFields strips managedFields from the event copy only (objects and list items)', () => {
  const { sink, auditor } = auditorFor('omitManagedFields: true\nrules: [{level: RequestResponse}]\n');
  const record = auditor.begin(request())!;
  record.requestBody(body, 'application/json');
  const list = { kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [created, { ...created, metadata: { name: 'b', managedFields: [] } }] };
  record.complete(200, list);
  const complete = sink.events.at(-1)!;
  assert.deepEqual(complete.requestObject, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } });
  const items = (complete.responseObject as { items: { metadata: Record<string, unknown> }[] }).items;
  assert.deepEqual(items.map((i) => Object.keys(i.metadata)), [['name', 'namespace', 'uid', 'resourceVersion'], ['name']]);
  assert.equal(created.metadata.managedFields.length, 1, 'the server-side object is untouched');

  const { sink: keepSink, auditor: keep } = auditorFor('rules: [{level: RequestResponse}]\n');
  const r2 = keep.begin(request())!;
  r2.complete(201, created);
  assert.deepEqual((keepSink.events.at(-1)!.responseObject as typeof created).metadata.managedFields, [{ manager: 'kubectl' }]);
});

test('events: a Status answer is copied into responseStatus, and is the responseObject at RequestResponse', () => {
  const { sink, auditor } = auditorFor('rules: [{level: RequestResponse}]\n');
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "x" not found', reason: 'NotFound', details: { name: 'x', kind: 'configmaps' }, code: 404 };
  const record = auditor.begin(request({ ...createCm, verb: 'get', name: 'x' }))!;
  record.complete(404, status);
  const ev = sink.events.at(-1)!;
  assert.deepEqual(ev.responseStatus, { metadata: {}, status: 'Failure', message: 'configmaps "x" not found', reason: 'NotFound', details: { name: 'x', kind: 'configmaps' }, code: 404 });
  assert.deepEqual(Object.keys(ev.responseStatus!), ['metadata', 'status', 'message', 'reason', 'details', 'code']);
  assert.deepEqual(ev.responseObject, status);
});

test('events: a panic writes the Panic stage with kube\'s 500 status, and nothing after it', () => {
  const { sink, auditor } = auditorFor('rules: [{level: Metadata}]\n');
  const record = auditor.begin(request())!;
  record.panic(new Error('boom'));
  record.complete(500, { kind: 'Status', code: 500 });
  assert.deepEqual(sink.events.map((e) => e.stage), ['RequestReceived', 'Panic']);
  assert.deepEqual(sink.events[1]!.responseStatus, { metadata: {}, status: 'Failure', message: "APIServer panic'd: boom", reason: 'InternalError', code: 500 });
});

test('events: a request that failed authentication gets one ResponseStarted event with an empty user', () => {
  const { sink, auditor } = auditorFor('rules: [{level: None, users: [alice]}, {level: Metadata}]\n');
  const attempted = attemptedAuthMethods('Bearer abc', '/api/v1/pods?access_token=x', true);
  assert.deepEqual(attempted, ['bearer', 'access_token', 'x509']);
  const record = auditor.begin(request(createCm, { user: null, attemptedAuth: attempted }));
  assert.ok(record, 'a users: rule cannot match a request without a user');
  assert.equal(sink.events.length, 0, 'no RequestReceived');
  record.complete(401);
  assert.equal(sink.events.length, 1);
  const ev = sink.events[0]!;
  assert.equal(ev.stage, 'ResponseStarted');
  assert.deepEqual(ev.user, {});
  assert.deepEqual(ev.responseStatus, { metadata: {}, message: 'Authentication failed, attempted: bearer, access_token, x509', code: 401 });
  // With the Unauthorized Status as the answer, kube's status writer copies it over the message.
  const r2 = auditor.begin(request(createCm, { user: null }))!;
  r2.complete(401, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  assert.deepEqual(sink.events[1]!.responseStatus, { metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  assert.equal(attemptedAuthMethods(undefined, '/api', false).length, 0);
});

test('events: impersonatedUser, non-resource requests and a long user agent', () => {
  const { sink, auditor } = auditorFor('rules: [{level: Metadata}]\n');
  const record = auditor.begin(request({ isResourceRequest: false, verb: 'get', path: '/version' }, { requestURI: '/version', userAgent: 'x'.repeat(1100) }))!;
  record.impersonated({ username: 'bob', groups: ['system:authenticated'] });
  record.complete(200, { major: '1' });
  const [received, complete] = sink.events;
  assert.equal(received!.impersonatedUser, undefined, 'impersonation comes after RequestReceived');
  assert.deepEqual(complete!.impersonatedUser, { username: 'bob', groups: ['system:authenticated'] });
  assert.equal(complete!.objectRef, undefined);
  assert.equal(complete!.verb, 'get');
  assert.equal(complete!.userAgent, `${'x'.repeat(1024)}...TRUNCATED`);
});

test('events: timestamps are RFC 3339 in UTC with microseconds; RequestReceived stamps the arrival', () => {
  const [received, complete] = runCreate('Metadata');
  assert.equal(received!.requestReceivedTimestamp, '2026-11-22T10:00:00.123000Z');
  assert.equal(received!.stageTimestamp, '2026-11-22T10:00:00.123000Z');
  assert.equal(complete!.requestReceivedTimestamp, '2026-11-22T10:00:00.123000Z');
  assert.equal(complete!.stageTimestamp, '2026-11-22T10:00:01.623042Z');
  assert.equal(formatMicros(Date.UTC(2026, 0, 2, 3, 4, 5) * 1000 + 7), '2026-01-02T03:04:05.000007Z');
  const { sink: fine, auditor: fineAuditor } = auditorFor('rules: [{level: Metadata}]\n');
  fineAuditor.begin(request(createCm, { receivedAtMicros: RECEIVED.getTime() * 1000 + 456 }));
  assert.equal(fine.events[0]!.requestReceivedTimestamp, '2026-11-22T10:00:00.123456Z');
  // The real clock: six fractional digits, never before the arrival.
  const sink = new MemoryAuditSink();
  const auditor = createAuditor(parseAuditPolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Metadata}]', 't'), sink);
  auditor.begin(request(createCm, { receivedAt: new Date() }))!.complete(200);
  const ev = sink.events[1]!;
  assert.match(ev.stageTimestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  assert.ok(ev.stageTimestamp >= ev.requestReceivedTimestamp);
});

test('events: the encoded line escapes <, > and & as Go does, and keeps field order', () => {
  const [, complete] = runCreate('Metadata');
  const line = encodeEvent({ ...complete!, requestURI: '/api/v1/pods?labelSelector=a<b&c>d' });
  assert.ok(line.includes('"requestURI":"/api/v1/pods?labelSelector=a\\u003cb\\u0026c\\u003ed"'));
  assert.ok(line.startsWith('{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a1b2c3","stage":"ResponseComplete"'));
  assert.equal((JSON.parse(line) as { requestURI: string }).requestURI, '/api/v1/pods?labelSelector=a<b&c>d');
});

test('events: YAML and protobuf bodies are decoded; a body that does not decode is left out', () => {
  const Meta: MessageDescriptor = { name: 'test.Meta', fields: [{ json: 'name', tag: 1, type: 'string' }, { json: 'namespace', tag: 3, type: 'string' }] };
  const Widget: MessageDescriptor = { name: 'test.Widget', fields: [{ json: 'metadata', tag: 1, type: 'message', message: () => Meta }, { json: 'size', tag: 2, type: 'string' }] };
  const gvk = { group: 'audit-test.capstan.dev', version: 'v1', kind: 'Widget' };
  registerProtobufMessage(gvk, Widget);
  try {
    const { sink, auditor } = auditorFor('rules: [{level: Request}]\n');
    const info: AuditRequestInfo = { ...createCm, apiGroup: gvk.group, resource: 'widgets' };
    const proto = encodeProtobufObject({ metadata: { name: 'w1', namespace: 'default' }, size: 'big' }, gvk);
    const r1 = auditor.begin(request(info))!;
    r1.requestBody(proto, 'application/vnd.kubernetes.protobuf');
    r1.complete(201);
    assert.deepEqual(sink.events.at(-1)!.requestObject, { apiVersion: 'audit-test.capstan.dev/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, size: 'big' });
    assert.equal(sink.events.at(-1)!.objectRef!.name, 'w1');

    const r2 = auditor.begin(request({ ...createCm, verb: 'patch', name: 'cfg' }))!;
    r2.requestBody(Buffer.from('metadata:\n  labels:\n    a: "1"\n'), 'application/apply-patch+yaml');
    r2.complete(200);
    assert.deepEqual(sink.events.at(-1)!.requestObject, { metadata: { labels: { a: '1' } } });

    for (const [bad, type] of [
      [Buffer.from('{"truncated'), 'application/json'],
      [Buffer.from('k8s\0garbage'), 'application/vnd.kubernetes.protobuf'],
      [Buffer.from('a: [unclosed'), 'application/yaml'],
      [Buffer.from('plain'), 'text/plain'],
    ] as const) {
      const r = auditor.begin(request())!;
      r.requestBody(bad, type);
      r.complete(400);
      assert.equal(sink.events.at(-1)!.requestObject, undefined, type);
    }
  } finally {
    unregisterProtobufCodec(gvk);
  }
});

test('events: at Metadata a patch body is not decoded (kube only completes objectRef from create and update)', () => {
  const { sink, auditor } = auditorFor('rules: [{level: Metadata}]\n');
  const r = auditor.begin(request({ ...createCm, verb: 'patch', name: 'cfg' }))!;
  r.requestBody(Buffer.from('{"metadata":{"uid":"zzz"}}'), 'application/merge-patch+json');
  r.complete(200);
  assert.deepEqual(sink.events.at(-1)!.objectRef, { resource: 'configmaps', namespace: 'default', name: 'cfg', apiVersion: 'v1' });
});

test('events: annotations keep their first value and are written in key order', () => {
  const { sink, auditor } = auditorFor('rules: [{level: Metadata}]\n');
  const r = auditor.begin(request())!;
  r.annotate('z', '1');
  r.annotate('a', '2');
  r.annotate('z', 'later');
  r.complete(200);
  const ann = sink.events.at(-1)!.annotations!;
  assert.deepEqual(Object.keys(ann), ['a', 'z']);
  assert.equal(ann.z, '1');
});
