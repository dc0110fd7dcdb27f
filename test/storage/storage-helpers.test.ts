// The pieces every backend shares: keys, continue tokens, list planning, the codec, the watch queue.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  WatchQueue,
  decodeContinue,
  decodeObject,
  encodeContinue,
  encodeObject,
  isStorageError,
  objectKey,
  planList,
  prefixEnd,
  resourcePrefix,
  checkPreconditions,
} from '../../runtime/storage/index.js';

describe('keys', () => {
  it('lays keys out as kube-apiserver does', () => {
    assert.equal(objectKey({ group: '', resource: 'configmaps' }, 'c', 'default'), '/registry/configmaps/default/c');
    assert.equal(objectKey({ group: 'rbac.authorization.k8s.io', resource: 'clusterroles' }, 'admin'), '/registry/rbac.authorization.k8s.io/clusterroles/admin');
    assert.equal(resourcePrefix({ prefix: '/custom/', group: 'g', resource: 'r' }), '/custom/g/r/');
    assert.equal(prefixEnd('/registry/a/'), '/registry/a0');
  });
});

describe('continue tokens', () => {
  it('round-trips and carries the revision', () => {
    const token = encodeContinue('/registry/cm/', '/registry/cm/ns/b', 42);
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString());
    assert.deepEqual(decoded, { v: 'meta.k8s.io/v1', rv: 42, start: 'ns/b' });
    assert.deepEqual(decodeContinue('/registry/cm/', token), { revision: 42, start: '/registry/cm/ns/b' });
  });

  it('refuses malformed tokens and path traversal with Invalid', () => {
    const make = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');
    for (const token of ['%%%', make({ v: 'x', rv: 1, start: 'a' }), make({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' }), make({ v: 'meta.k8s.io/v1', rv: 3, start: '../secrets/x' })]) {
      assert.throws(() => decodeContinue('/registry/cm/', token), (err) => isStorageError(err, 'Invalid'));
    }
  });
});

describe('list planning', () => {
  const p = '/registry/x/';
  it('maps resourceVersion and resourceVersionMatch to a read mode', () => {
    assert.deepEqual(planList(p, {}), { mode: 'latest' });
    assert.deepEqual(planList(p, { resourceVersion: '0' }), { mode: 'any' });
    assert.deepEqual(planList(p, { resourceVersion: '5' }), { mode: 'notOlderThan', revision: 5 });
    assert.deepEqual(planList(p, { resourceVersion: '5', limit: 10 }), { mode: 'exact', revision: 5 });
    assert.deepEqual(planList(p, { resourceVersion: '5', resourceVersionMatch: 'NotOlderThan', limit: 10 }), { mode: 'notOlderThan', revision: 5 });
    assert.deepEqual(planList(p, { resourceVersion: '5', resourceVersionMatch: 'Exact' }), { mode: 'exact', revision: 5 });
    const token = encodeContinue(p, `${p}b`, 9);
    assert.deepEqual(planList(p, { continue: token }), { mode: 'exact', revision: 9, start: `${p}b` });
  });

  it('refuses contradictory options with Invalid', () => {
    const token = encodeContinue(p, `${p}b`, 9);
    for (const opts of [{ resourceVersion: 'x' }, { resourceVersionMatch: 'Exact' as const }, { resourceVersion: '0', resourceVersionMatch: 'Exact' as const }, { continue: token, resourceVersion: '3' }]) {
      assert.throws(() => planList(p, opts), (err) => isStorageError(err, 'Invalid'));
    }
  });
});

describe('codec and preconditions', () => {
  it('stores without resourceVersion and restores it on read', () => {
    const data = encodeObject({ metadata: { name: 'a', resourceVersion: '7' } });
    assert.equal(data, '{"metadata":{"name":"a"}}');
    assert.deepEqual(decodeObject(data, 9), { metadata: { name: 'a', resourceVersion: '9' } });
  });

  it('words precondition failures as kube does', () => {
    const err = checkPreconditions('/k', { uid: 'u1' }, { metadata: { uid: 'u2' } });
    assert.equal(err?.code, 'Conflict');
    assert.equal(err?.message, 'Precondition failed: UID in precondition: u1, UID in object meta: u2');
    assert.equal(checkPreconditions('/k', { resourceVersion: '3' }, { metadata: { resourceVersion: '3' } }), null);
  });
});

describe('watch queue', () => {
  it('delivers pushed events in order and ends after close', async () => {
    const q = new WatchQueue<{ n: number }>();
    q.push({ type: 'ADDED', object: { n: 1 } });
    q.push({ type: 'ADDED', object: { n: 2 } });
    q.close();
    const seen: number[] = [];
    for await (const e of q) if (e.type === 'ADDED') seen.push(e.object.n);
    assert.deepEqual(seen, [1, 2]);
  });

  it('closes a consumer that falls capacity events behind, and calls onClose once', () => {
    let closed = 0;
    const q = new WatchQueue<{ n: number }>({ capacity: 3, onClose: () => closed++ });
    for (let n = 0; n < 3; n++) assert.equal(q.push({ type: 'ADDED', object: { n } }), true);
    assert.equal(q.push({ type: 'ADDED', object: { n: 3 } }), false);
    assert.equal(q.endReason, 'overflow');
    q.stop();
    assert.equal(closed, 1);
  });

  it('wakes a waiting consumer on stop', async () => {
    const q = new WatchQueue<{ n: number }>();
    const it = q[Symbol.asyncIterator]();
    const next = it.next();
    q.stop();
    assert.deepEqual(await next, { value: undefined, done: true });
  });
});
