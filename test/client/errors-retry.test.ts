import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  ApiError,
  createRestClient,
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isExpired,
  isForbidden,
  isGone,
  isInternalError,
  isInvalid,
  isNotFound,
  isServerTimeout,
  isTooManyRequests,
  isUnauthorized,
  parseRetryAfter,
  RequestTimeoutError,
  ResourceClient,
} from '../../runtime/client/index.js';
import { FakeApiServer, send, serveHttp, status, type Intercept, type RunningServer } from './fake-apiserver.js';
import { configmaps, recordingSleep, type ConfigMap } from './fixtures.js';

describe('typed API errors', () => {
  const fake = new FakeApiServer([configmaps]);
  let server: RunningServer;
  let cms: ResourceClient<ConfigMap>;
  before(async () => {
    server = await serveHttp(fake.handler);
    cms = new ResourceClient<ConfigMap>(createRestClient({ server: server.url, retry: { maxRetries: 0 } }), configmaps).namespace('default');
  });
  after(() => server.close());
  beforeEach(() => fake.intercepts.splice(0));

  it('a Status body becomes an ApiError that keeps it whole', async () => {
    const err = await cms.get('nope').then(() => assert.fail('expected an error'), (e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 404);
    assert.equal(err.reason, 'NotFound');
    assert.equal(err.message, 'configmaps "nope" not found');
    assert.deepEqual(err.details, { name: 'nope', kind: 'configmaps' });
    assert.equal(err.status.kind, 'Status');
    assert.ok(isNotFound(err));
    assert.ok(!isAlreadyExists(err) && !isConflict(err) && !isGone(err));
  });

  it('AlreadyExists and Conflict from real writes', async () => {
    await cms.create({ metadata: { name: 'once' } });
    const dup = await cms.create({ metadata: { name: 'once' } }).catch((e: unknown) => e);
    assert.ok(isAlreadyExists(dup));
    assert.ok(!isConflict(dup), 'AlreadyExists is its own reason, though also 409');
    const stale = await cms.update({ metadata: { name: 'once', resourceVersion: '1' } }).catch((e: unknown) => e);
    assert.ok(isConflict(stale));
  });

  it('reasons map to helpers; causes are lifted out of details', async () => {
    const cases: Array<[number, string, (e: unknown) => boolean]> = [
      [410, 'Expired', isExpired],
      [410, 'Gone', isGone],
      [422, 'Invalid', isInvalid],
      [403, 'Forbidden', isForbidden],
      [401, 'Unauthorized', isUnauthorized],
      [429, 'TooManyRequests', isTooManyRequests],
      [504, 'ServerTimeout', isServerTimeout],
      [400, 'BadRequest', isBadRequest],
    ];
    for (const [code, reason, helper] of cases) {
      fake.intercepts.splice(0, fake.intercepts.length, (_req, res) => {
        send(res, code, status(code, reason, `it is ${reason}`, { causes: [{ reason: 'FieldValueInvalid', field: 'data.x', message: 'bad' }] }));
        return true;
      });
      const err = await cms.get('x').catch((e: unknown) => e);
      assert.ok(helper(err), `${code} ${reason}`);
      assert.ok(!isNotFound(err));
      assert.deepEqual((err as ApiError).causes, [{ reason: 'FieldValueInvalid', field: 'data.x', message: 'bad' }]);
    }
  });

  it('a non-Status body gets a synthesized Status from the HTTP code', async () => {
    fake.intercepts.push((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('boom');
      return true;
    });
    const err = await cms.create({ metadata: { name: 'y' } }).catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.ok(isInternalError(err));
    assert.equal(err.status.kind, 'Status');
    assert.equal(err.message, 'an error on the server ("boom") has prevented the request from succeeding (create configmaps)');
    fake.intercepts.splice(0, 1, (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>no</html>');
      return true;
    });
    const notFound = await cms.get('z').catch((e: unknown) => e);
    assert.ok(isNotFound(notFound), 'code 404 without a Status still reads as NotFound');
  });
});

describe('retries', () => {
  const fake = new FakeApiServer([configmaps]);
  let server: RunningServer;
  let clock: ReturnType<typeof recordingSleep>;
  let cms: ResourceClient<ConfigMap>;
  before(async () => {
    server = await serveHttp(fake.handler);
    fake.put(configmaps, { metadata: { name: 'cm', namespace: 'default' } });
  });
  after(() => server.close());
  beforeEach(() => {
    fake.intercepts.splice(0);
    fake.requests.splice(0);
    clock = recordingSleep();
    cms = new ResourceClient<ConfigMap>(createRestClient({ server: server.url, retry: { maxRetries: 3, sleep: clock.sleep, initialMs: 100, maxMs: 1000 } }), configmaps).namespace('default');
  });

  /** Answers the first `times` requests with `code` (and Retry-After when given). */
  const failFirst = (times: number, code: number, retryAfter?: string): Intercept => {
    let n = 0;
    return (_req, res) => {
      if (n++ >= times) return false;
      send(res, code, status(code, code === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'slow down'), retryAfter ? { 'retry-after': retryAfter } : {});
      return true;
    };
  };

  it('retries a GET on 429, waiting what Retry-After says', async () => {
    fake.intercepts.push(failFirst(2, 429, '2'));
    const cm = await cms.get('cm');
    assert.equal(cm.metadata.name, 'cm');
    assert.equal(fake.requests.length, 3);
    assert.deepEqual(clock.delays, [2000, 2000]);
  });

  it('retries a POST on 429 only because the server sent Retry-After', async () => {
    fake.intercepts.push(failFirst(1, 429, '1'));
    await cms.create({ metadata: { name: 'after-429' } });
    assert.equal(fake.requests.length, 2);
    assert.deepEqual(clock.delays, [1000]);
    fake.requests.splice(0);
    fake.intercepts.splice(0, 1, failFirst(1, 503));
    const err = await cms.create({ metadata: { name: 'after-503' } }).catch((e: unknown) => e);
    assert.equal((err as ApiError).code, 503);
    assert.equal(fake.requests.length, 1, 'a write without Retry-After is never repeated');
  });

  it('does not retry a 400', async () => {
    fake.intercepts.push((_req, res) => {
      send(res, 400, status(400, 'BadRequest', 'no'));
      return true;
    });
    const err = await cms.get('cm').catch((e: unknown) => e);
    assert.ok(isBadRequest(err));
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(clock.delays, []);
  });

  it('backs off exponentially on 503 for reads and gives up after maxRetries', async () => {
    fake.intercepts.push(failFirst(100, 503));
    const err = await cms.get('cm').catch((e: unknown) => e);
    assert.equal((err as ApiError).code, 503);
    assert.equal(fake.requests.length, 4);
    assert.equal(clock.delays.length, 3);
    // 100, 200, 400 before jitter (which adds up to 100%), never above the ceiling.
    const floors = [100, 200, 400];
    clock.delays.forEach((d, i) => assert.ok(d >= floors[i]! && d <= Math.min(1000, floors[i]! * 2), `delay ${i} = ${d}`));
  });

  it('retries a GET whose connection was reset, but not a POST', async () => {
    let resets = 1;
    const reset: Intercept = (_req, res) => {
      if (resets-- <= 0) return false;
      (res as http.ServerResponse).socket?.destroy();
      return true;
    };
    fake.intercepts.push(reset);
    assert.equal((await cms.get('cm')).metadata.name, 'cm');
    assert.equal(fake.requests.length, 2);
    resets = 1;
    fake.requests.splice(0);
    const err = await cms.create({ metadata: { name: 'reset' } }).catch((e: unknown) => e);
    assert.ok(!(err instanceof ApiError));
    assert.equal((err as { code?: string }).code, 'ECONNRESET');
    assert.equal(fake.requests.length, 1);
  });

  it('a per-request timeout and an AbortSignal end a request that never answers', async () => {
    fake.intercepts.push(() => true); // swallow: never answer
    const timedOut = await cms.get('cm', { timeoutMs: 50 }).catch((e: unknown) => e);
    assert.ok(timedOut instanceof RequestTimeoutError);
    const controller = new AbortController();
    const pending = cms.get('cm', { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error('caller gave up'));
    assert.equal(((await pending) as Error).message, 'caller gave up');
    assert.deepEqual(clock.delays, [], 'neither is retried');
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('3'), 3);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5);
  });
});
