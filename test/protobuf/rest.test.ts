// The functions the REST layer calls: media types, request bodies, responses (null without a
// codec), watch frames, and the registry's replacement rule for provisional codecs. ~0.2 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOBUF_WATCH_MEDIA_TYPE,
  decodeRequestBody,
  decodeWatchFrames,
  encodeProtobufObject,
  encodeResponse,
  encodeWatchFrame,
  getProtobufCodec,
  isProtobufMediaType,
  messageCodec,
  registerProtobufCodec,
  registerProtobufMessage,
  unregisterProtobufCodec,
  UnsupportedProtobufKindError,
  type GroupVersionKind,
  type JsonObject,
} from '../../runtime/protobuf/index.js';
// Registers every generated codec (what generated/index.ts does at server start).
import { io_k8s_api_core_v1_ConfigMap } from '../../generated/core/v1/protobuf.js';
import { envelope, hex, ld } from './helpers.js';

const CONFIGMAP: GroupVersionKind = { group: '', version: 'v1', kind: 'ConfigMap' };

test('isProtobufMediaType', () => {
  assert.equal(isProtobufMediaType('application/vnd.kubernetes.protobuf'), true);
  assert.equal(isProtobufMediaType('Application/VND.Kubernetes.Protobuf; charset=utf-8'), true);
  assert.equal(isProtobufMediaType(PROTOBUF_WATCH_MEDIA_TYPE), true);
  assert.equal(isProtobufMediaType('application/json'), false);
  assert.equal(isProtobufMediaType('application/vnd.kubernetes.protobuf+json'), false);
  assert.equal(isProtobufMediaType(undefined), false);
  assert.equal(isProtobufMediaType(''), false);
});

test('encodeResponse: protobuf for kinds with a codec, null otherwise (answer JSON)', () => {
  const cm: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '7' }, data: { k: 'v' } };
  const bytes = encodeResponse(cm)!;
  assert.equal(hex(bytes), hex(envelope('v1', 'ConfigMap', [...ld(1, [...ld(1, 'a'), ...ld(6, '7')]), ...ld(2, [...ld(1, 'k'), ...ld(2, 'v')])])));
  assert.deepEqual(decodeRequestBody(bytes, CONFIGMAP), cm);
  const list: JsonObject = { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: '9', continue: 'c' }, items: [{ metadata: { name: 'a' } }] };
  assert.equal(hex(encodeResponse(list)!), hex(envelope('v1', 'ConfigMapList', [...ld(1, [...ld(2, '9'), ...ld(3, 'c')]), ...ld(2, ld(1, ld(1, 'a')))])));
  assert.equal(encodeResponse({ apiVersion: 'meta.k8s.io/v1', kind: 'Table', rows: [] }), null);
  assert.equal(encodeResponse({ apiVersion: 'stable.example.com/v1', kind: 'CronTab' }), null);
  assert.equal(encodeResponse({ metadata: {} }), null);
  assert.throws(() => encodeProtobufObject({}, { group: 'x', version: 'v1', kind: 'Y' }), UnsupportedProtobufKindError);
});

test('watch frames: 4-byte big-endian length, then WatchEvent{1 type, 2 {1 raw}} whose raw is the full envelope', () => {
  const cm: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '7' } };
  const frame = encodeWatchFrame('ADDED', cm, CONFIGMAP);
  const objectEnvelope = encodeResponse(cm)!;
  const event = Buffer.from([...ld(1, 'ADDED'), ...ld(2, ld(1, objectEnvelope))]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(event.length);
  assert.equal(hex(frame), hex(Buffer.concat([length, event])));
  // The WatchEvent itself carries no magic.
  assert.notEqual(hex(frame.subarray(4, 8)), '6b387300');

  const status: JsonObject = { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message: 'too old resource version: 1 (5)', reason: 'Expired', code: 410 };
  const bookmark: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: '12', annotations: { 'k8s.io/initial-events-end': 'true' } } };
  const stream = Buffer.concat([
    frame,
    encodeWatchFrame('DELETED', cm, CONFIGMAP),
    encodeWatchFrame('BOOKMARK', bookmark, CONFIGMAP),
    encodeWatchFrame('ERROR', status, CONFIGMAP),
  ]);
  assert.deepEqual(decodeWatchFrames(stream), [
    { type: 'ADDED', object: cm },
    { type: 'DELETED', object: cm },
    { type: 'BOOKMARK', object: bookmark },
    { type: 'ERROR', object: status },
  ]);
  assert.throws(() => decodeWatchFrames(stream.subarray(0, stream.length - 1)), /runs past the end of the stream/);
  assert.throws(() => encodeWatchFrame('ADDED', { apiVersion: 'x/v1', kind: 'Y' }, { group: 'x', version: 'v1', kind: 'Y' }), UnsupportedProtobufKindError);
});

test('registry: a generated codec replaces a provisional one; registering twice otherwise throws', () => {
  const generated = getProtobufCodec(CONFIGMAP);
  assert.ok(generated);
  const provisional = messageCodec({ name: 'stand-in', fields: [] });
  try {
    unregisterProtobufCodec(CONFIGMAP);
    registerProtobufCodec(CONFIGMAP, provisional, { provisional: true });
    assert.equal(getProtobufCodec(CONFIGMAP), provisional);
    registerProtobufCodec(CONFIGMAP, generated);
    assert.equal(getProtobufCodec(CONFIGMAP), generated);
    // A provisional codec never displaces a real one.
    registerProtobufCodec(CONFIGMAP, provisional, { provisional: true });
    assert.equal(getProtobufCodec(CONFIGMAP), generated);
    assert.throws(() => registerProtobufMessage(CONFIGMAP, io_k8s_api_core_v1_ConfigMap), /already registered/);
  } finally {
    unregisterProtobufCodec(CONFIGMAP);
    registerProtobufCodec(CONFIGMAP, generated);
  }
});
