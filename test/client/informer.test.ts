import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  createRestClient,
  Informer,
  InformerStoppedError,
  namespacedLister,
  ResourceClient,
  type RestClient,
} from '../../runtime/client/index.js';
import { FakeApiServer, serveHttp, type RecordedRequest, type Response, type RunningServer } from './fake-apiserver.js';
import { configmaps, until, type ConfigMap } from './fixtures.js';

type Log = string[];

/** Handlers that write `add a/x@rv`, `update a/x@rv->rv`, `delete a/x@rv (unknown)` lines. */
function recorder(informer: Informer<ConfigMap>, log: Log): () => void {
  const id = (o: ConfigMap): string => `${o.metadata.namespace}/${o.metadata.name}`;
  return informer.addEventHandler({
    onAdd: (o) => log.push(`add ${id(o)}`),
    onUpdate: (a, b) => log.push(a === b ? `resync ${id(b)}` : `update ${id(b)} ${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
    onDelete: (o, info) => log.push(`delete ${id(o)}${info.finalStateUnknown ? ' (final state unknown)' : ''}`),
  });
}

const isWatch = (r: RecordedRequest): boolean => r.query.get('watch') === 'true';
const isList = (r: RecordedRequest): boolean => r.method === 'GET' && !isWatch(r) && r.path.endsWith('/configmaps');

describe('Informer over the list/watch protocol', () => {
  const fake = new FakeApiServer([configmaps]);
  let server: RunningServer;
  let rest: RestClient;
  /** While set, watch requests have their connection cut, as if the server were unreachable. */
  let blockWatches = false;
  before(async () => {
    server = await serveHttp(fake.handler);
    rest = createRestClient({ server: server.url, retry: { maxRetries: 0 } });
    fake.intercepts.push((req, res) => {
      if (!blockWatches || !isWatch(req)) return false;
      (res as http.ServerResponse).socket?.destroy();
      return true;
    });
  });
  after(async () => {
    rest.close();
    await server.close();
  });

  const newInformer = (namespace: string, extra: { resyncPeriodMs?: number; pageSize?: number } = {}): Informer<ConfigMap> =>
    new Informer<ConfigMap>(new ResourceClient<ConfigMap>(rest, configmaps), { namespace, backoff: { initialMs: 5, maxMs: 40 }, ...extra });

  it('synced waits for the whole paged list; then live events reach the handlers; bookmarks advance the resourceVersion', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) fake.put(configmaps, { metadata: { name, namespace: 'sync' } });
    // Hold the last page until the test lets it through.
    let releaseLastPage: (() => void) | undefined;
    const hold = (req: RecordedRequest, res: Response): boolean => {
      const token = req.query.get('continue');
      if (!isList(req) || req.path !== '/api/v1/namespaces/sync/configmaps' || !token) return false;
      if (!Buffer.from(token, 'base64url').toString().includes('"after":"sync/d"')) return false;
      releaseLastPage = () => fake.serve(req, res);
      return true;
    };
    fake.intercepts.push(hold);
    const requestsBefore = fake.requests.length;
    const informer = newInformer('sync', { pageSize: 2 });
    const log: Log = [];
    recorder(informer, log);
    let synced = false;
    void informer.synced.then(() => (synced = true));
    informer.start();
    await until(() => releaseLastPage !== undefined, 'the last page to be requested');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(synced, false);
    assert.equal(informer.hasSynced, false);
    assert.equal(informer.indexer.size, 0, 'nothing is cached before the list is complete');
    releaseLastPage!();
    await informer.waitForCacheSync();
    assert.equal(informer.indexer.size, 5);
    assert.deepEqual(log, ['add sync/a', 'add sync/b', 'add sync/c', 'add sync/d', 'add sync/e']);
    const lists = fake.requests.slice(requestsBefore).filter(isList);
    assert.deepEqual(lists.map((r) => r.query.get('limit')), ['2', '2', '2']);

    await until(() => fake.openWatches === 1, 'the watch');
    const watchReq = fake.requests.filter(isWatch).pop()!;
    assert.equal(watchReq.path, '/api/v1/namespaces/sync/configmaps', 'the watch uses the same path as the list');
    assert.equal(watchReq.query.get('resourceVersion'), informer.lastSyncResourceVersion);
    assert.equal(watchReq.query.get('allowWatchBookmarks'), 'true');
    assert.ok(Number(watchReq.query.get('timeoutSeconds')) >= 300);

    log.length = 0;
    const b = fake.get(configmaps, 'sync', 'b')!;
    const b2 = fake.put(configmaps, { ...b, data: { v: '2' } });
    fake.remove(configmaps, 'sync', 'c');
    fake.put(configmaps, { metadata: { name: 'f', namespace: 'sync' } });
    fake.put(configmaps, { metadata: { name: 'elsewhere', namespace: 'other' } });
    await until(() => log.length === 3, 'three live events');
    assert.deepEqual(log, [`update sync/b ${b.metadata.resourceVersion}->${b2.metadata.resourceVersion}`, 'delete sync/c', 'add sync/f']);
    assert.equal(namespacedLister(informer.indexer).namespace('sync').get('b')!.data?.v, '2');
    fake.bookmark();
    await until(() => informer.lastSyncResourceVersion === String(fake.rv), 'the bookmark');
    await informer.stop();
    await until(() => fake.openWatches === 0, 'the watch to close on stop');
    fake.intercepts.splice(fake.intercepts.indexOf(hold), 1);
  });

  it('resumes after a dropped connection from the last resourceVersion: nothing missed, nothing twice, no re-list', async () => {
    const informer = newInformer('resume');
    const log: Log = [];
    recorder(informer, log);
    informer.start();
    await informer.synced;
    await until(() => fake.openWatches === 1, 'the watch');
    const listsBefore = fake.requests.filter(isList).length;
    fake.put(configmaps, { metadata: { name: 'x1', namespace: 'resume' } });
    await until(() => log.length === 1, 'x1');
    const lastSeen = informer.lastSyncResourceVersion;
    const watchesBefore = fake.requests.filter(isWatch).length;

    blockWatches = true;
    fake.dropWatches();
    const x1 = fake.get(configmaps, 'resume', 'x1')!;
    fake.put(configmaps, { metadata: { name: 'x2', namespace: 'resume' } });
    fake.put(configmaps, { ...x1, data: { v: 'changed while away' } });
    await until(() => fake.requests.filter(isWatch).length >= watchesBefore + 2, 'a couple of refused re-watches');
    blockWatches = false;
    await until(() => log.length === 3, 'the events made while disconnected');
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(log.map((l) => l.split(' ').slice(0, 2).join(' ')), ['add resume/x1', 'add resume/x2', 'update resume/x1']);
    const rewatches = fake.requests.filter(isWatch).slice(watchesBefore);
    assert.ok(rewatches.every((r) => r.query.get('resourceVersion') === lastSeen), 'every re-watch starts where the stream stopped');
    assert.equal(fake.requests.filter(isList).length, listsBefore, 'no re-list was needed');
    await informer.stop();
  });

  it('re-lists on 410 Expired; a delete seen only by the re-list is delivered with the last known state', async () => {
    const informer = newInformer('relist');
    const log: Log = [];
    recorder(informer, log);
    fake.put(configmaps, { metadata: { name: 'y1', namespace: 'relist' }, data: { last: 'known' } });
    fake.put(configmaps, { metadata: { name: 'y2', namespace: 'relist' } });
    informer.start();
    await informer.synced;
    await until(() => fake.openWatches === 1, 'the watch');
    log.length = 0;
    const deletes: Array<{ data: unknown; unknown: boolean }> = [];
    informer.addEventHandler({ onDelete: (o, info) => deletes.push({ data: o.data, unknown: info.finalStateUnknown }) });
    const listsBefore = fake.requests.filter(isList).length;

    blockWatches = true;
    fake.dropWatches();
    fake.remove(configmaps, 'relist', 'y1');
    const y2 = fake.get(configmaps, 'relist', 'y2')!;
    fake.put(configmaps, { ...y2, data: { v: '2' } });
    fake.put(configmaps, { metadata: { name: 'y3', namespace: 'relist' } });
    fake.compact(); // the history the informer would resume from is gone
    blockWatches = false;
    await until(() => log.length === 3, 're-list results');
    assert.deepEqual(log.map((l) => l.replace(/ \d+->\d+$/, '')).sort(), ['add relist/y3', 'delete relist/y1 (final state unknown)', 'update relist/y2']);
    assert.deepEqual(deletes, [{ data: { last: 'known' }, unknown: true }]);
    assert.equal(fake.requests.filter(isList).length, listsBefore + 1);
    const gone = fake.requests.filter(isWatch).find((r) => Number(r.query.get('resourceVersion')) < fake.compactedRv);
    assert.ok(gone, 'a watch from the compacted version was tried first');
    // And it keeps watching from the new list.
    await until(() => fake.openWatches === 1, 'the new watch');
    fake.put(configmaps, { metadata: { name: 'y4', namespace: 'relist' } });
    await until(() => log.includes('add relist/y4'), 'a live event after the re-list');
    await informer.stop();
  });

  it('resync re-delivers onUpdate(obj, obj) for every cached object', async () => {
    fake.put(configmaps, { metadata: { name: 'r1', namespace: 'resync' } });
    fake.put(configmaps, { metadata: { name: 'r2', namespace: 'resync' } });
    const informer = newInformer('resync', { resyncPeriodMs: 15 });
    const log: Log = [];
    recorder(informer, log);
    informer.start();
    await until(() => log.filter((l) => l === 'resync resync/r1').length >= 2 && log.filter((l) => l === 'resync resync/r2').length >= 2, 'two resyncs');
    assert.deepEqual(log.slice(0, 2), ['add resync/r1', 'add resync/r2']);
    await informer.stop();
  });

  it('late handlers get the cache replayed as adds; a throwing handler does not stop the others', async () => {
    fake.put(configmaps, { metadata: { name: 'l1', namespace: 'late' } });
    const errors: unknown[] = [];
    const informer = new Informer<ConfigMap>(new ResourceClient<ConfigMap>(rest, configmaps), { namespace: 'late', onError: (e) => errors.push(e), backoff: { initialMs: 5, maxMs: 40 } });
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('handler bug');
      },
    });
    informer.start();
    await informer.synced;
    const log: Log = [];
    const remove = recorder(informer, log);
    assert.deepEqual(log, ['add late/l1']);
    assert.equal((errors[0] as Error).message, 'handler bug');
    remove();
    await until(() => fake.openWatches === 1, 'the watch');
    fake.put(configmaps, { metadata: { name: 'l2', namespace: 'late' } });
    await until(() => informer.indexer.size === 2, 'l2 cached');
    assert.deepEqual(log, ['add late/l1'], 'a removed handler hears nothing more');
    assert.equal(errors.length, 2);
    await informer.stop();
  });

  it('stop before the first list completes rejects synced; waitForCacheSync honours a signal', async () => {
    const unreachable = new ResourceClient<ConfigMap>(createRestClient({ server: 'http://127.0.0.1:1', retry: { maxRetries: 0 } }), configmaps);
    const informer = new Informer<ConfigMap>(unreachable, { backoff: { initialMs: 5, maxMs: 20 } });
    informer.start();
    const controller = new AbortController();
    const waiting = informer.waitForCacheSync(controller.signal);
    controller.abort(new Error('gave up waiting'));
    await assert.rejects(waiting, /gave up waiting/);
    await until(() => informer.lastError !== undefined, 'a recorded connection error');
    await informer.stop();
    await assert.rejects(informer.synced, InformerStoppedError);
  });
});
