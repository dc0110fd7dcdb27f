import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createRestClient, isGone, JsonObjectSplitter, ResourceClient, type WatchEvent } from '../../runtime/client/index.js';
import { FakeApiServer, serveHttp, type RunningServer } from './fake-apiserver.js';
import { configmaps, until, type ConfigMap } from './fixtures.js';

describe('JSON object splitting', () => {
  const events = [
    { type: 'ADDED', object: { metadata: { name: 'a' }, data: { text: 'braces { and } in "strings" \\" ok' } } },
    { type: 'MODIFIED', object: { metadata: { name: 'ünïcødé-✓' }, data: { emoji: '🚀 multi-byte' } } },
    { type: 'DELETED', object: { metadata: { name: 'c' }, data: {} } },
  ];
  const bytes = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');

  it('gives the same objects wherever the chunks are cut (every single cut, every byte alone)', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const splitter = new JsonObjectSplitter();
      const texts = [...splitter.push(bytes.subarray(0, cut)), ...splitter.push(bytes.subarray(cut))];
      assert.deepEqual(texts.map((t) => JSON.parse(t)), events, `cut at ${cut}`);
      assert.equal(splitter.incomplete, false);
    }
    const splitter = new JsonObjectSplitter();
    const texts: string[] = [];
    for (let i = 0; i < bytes.length; i++) texts.push(...splitter.push(bytes.subarray(i, i + 1)));
    assert.deepEqual(texts.map((t) => JSON.parse(t)), events);
  });

  it('does not need newlines between objects, and rejects garbage', () => {
    const splitter = new JsonObjectSplitter();
    assert.deepEqual(splitter.push(Buffer.from('{"a":1}{"b":2} {"c"')), ['{"a":1}', '{"b":2}']);
    assert.equal(splitter.incomplete, true);
    assert.deepEqual(splitter.push(Buffer.from(':3}')), ['{"c":3}']);
    assert.throws(() => new JsonObjectSplitter().push(Buffer.from('nope')), SyntaxError);
  });
});

describe('watch', () => {
  const fake = new FakeApiServer([configmaps]);
  let server: RunningServer;
  let cms: ResourceClient<ConfigMap>;
  before(async () => {
    server = await serveHttp(fake.handler);
    cms = new ResourceClient<ConfigMap>(createRestClient({ server: server.url }), configmaps);
  });
  after(() => server.close());
  beforeEach(() => {
    fake.intercepts.splice(0);
    fake.dropWatches();
  });

  it('sends the watch query and yields typed events, replayed and live, with bookmarks', async () => {
    const a = fake.put(configmaps, { metadata: { name: 'a', namespace: 'w' } });
    fake.put(configmaps, { metadata: { name: 'b', namespace: 'other' } });
    const from = String(Number(a.metadata.resourceVersion) - 1);
    const watch = await cms.namespace('w').watch({ resourceVersion: from, allowWatchBookmarks: true, timeoutSeconds: 60, labelSelector: '', fieldSelector: 'metadata.name=a' });
    const req = fake.requests[fake.requests.length - 1]!;
    assert.equal(req.path, '/api/v1/namespaces/w/configmaps');
    assert.deepEqual(Object.fromEntries(req.query), { watch: 'true', fieldSelector: 'metadata.name=a', resourceVersion: from, timeoutSeconds: '60', allowWatchBookmarks: 'true' });
    const initial = await cms.watch({ sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', resourceVersion: '' });
    assert.deepEqual(Object.fromEntries(fake.requests[fake.requests.length - 1]!.query), { watch: 'true', resourceVersion: '', resourceVersionMatch: 'NotOlderThan', sendInitialEvents: 'true' });
    initial.stop();
    const seen: WatchEvent<ConfigMap>[] = [];
    const reading = (async () => {
      for await (const event of watch) {
        seen.push(event);
        if (seen.length === 4) break;
      }
    })();
    await until(() => seen.length === 1, 'the replayed ADDED');
    fake.put(configmaps, { metadata: { name: 'a', namespace: 'w' }, data: { v: '2' } });
    fake.remove(configmaps, 'w', 'a');
    await until(() => seen.length === 3, 'live events');
    fake.bookmark();
    await reading;
    assert.deepEqual(seen.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);
    const bookmark = seen[3]!;
    assert.equal(bookmark.type, 'BOOKMARK');
    assert.equal(bookmark.object.metadata.resourceVersion, String(fake.rv));
    const modified = seen[1]!;
    assert.ok(modified.type === 'MODIFIED' && modified.object.data?.v === '2');
    // break -> return() closed the connection
    await until(() => fake.openWatches === 0, 'the server to see the watch closed');
  });

  it('decodes an event split across several writes', async () => {
    const event = JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'split-✓', resourceVersion: '7' } } }) + '\n';
    const bytes = Buffer.from(event);
    const cuts = [10, 41, bytes.indexOf(Buffer.from('✓')) + 1];
    fake.intercepts.push((_req, res) => {
      const out = res as http.ServerResponse;
      out.writeHead(200, { 'content-type': 'application/json' });
      let from = 0;
      const pieces = [...cuts, bytes.length].map((to) => {
        const piece = bytes.subarray(from, to);
        from = to;
        return piece;
      });
      const writeNext = (): void => {
        const piece = pieces.shift();
        if (!piece) {
          out.end();
          return;
        }
        out.write(piece);
        setTimeout(writeNext, 10);
      };
      writeNext();
      return true;
    });
    const events: WatchEvent<ConfigMap>[] = [];
    for await (const e of await cms.watch({ resourceVersion: '1' })) events.push(e);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'ADDED');
    assert.equal((events[0]!.object as ConfigMap).metadata.name, 'split-✓');
  });

  it('an ERROR event ends the watch with an ApiError (410 Expired)', async () => {
    fake.put(configmaps, { metadata: { name: 'x', namespace: 'gone' } });
    fake.compact();
    const watch = await cms.watch({ resourceVersion: '1' });
    const err = await (async () => {
      for await (const _ of watch) assert.fail('no event expected before the error');
    })().catch((e: unknown) => e);
    assert.ok(isGone(err));
    assert.equal((err as { reason?: string }).reason, 'Expired');
  });

  it('ends cleanly when the server closes the stream, and stops on an AbortSignal', async () => {
    const watch = await cms.watch({ resourceVersion: String(fake.rv) });
    const done = (async () => {
      let n = 0;
      for await (const _ of watch) n++;
      return n;
    })();
    await until(() => fake.openWatches === 1, 'the watch to open');
    fake.endWatches();
    assert.equal(await done, 0);

    const controller = new AbortController();
    const aborted = await cms.watch({ resourceVersion: String(fake.rv), signal: controller.signal });
    const pending = aborted.next();
    await until(() => fake.openWatches === 1, 'the second watch to open');
    controller.abort();
    assert.deepEqual(await pending, { done: true, value: undefined });
    await until(() => fake.openWatches === 0, 'the server to see it closed');
  });
});
