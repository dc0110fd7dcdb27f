import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ApiError,
  Reflector,
  type KubeList,
  type ListOptions,
  type ListerWatcher,
  type ObjectEvent,
  type WatchEvent,
  type WatchOptions,
} from '../../runtime/client/index.js';
import { status } from './fake-apiserver.js';
import { recordingSleep, until, type ConfigMap } from './fixtures.js';

/** A scripted ListerWatcher: each watch call runs the next script (or the last one again). */
function scripted(watchScripts: Array<() => WatchEvent<ConfigMap>[] | Error>, listScript?: (o: ListOptions) => KubeList<ConfigMap>) {
  const calls: Array<{ kind: 'list'; options: ListOptions } | { kind: 'watch'; options: WatchOptions }> = [];
  const source: ListerWatcher<ConfigMap> = {
    async list(options) {
      calls.push({ kind: 'list', options });
      return listScript ? listScript(options) : { metadata: { resourceVersion: '10' }, items: [] };
    },
    async watch(options) {
      calls.push({ kind: 'watch', options });
      const n = calls.filter((c) => c.kind === 'watch').length - 1;
      const result = watchScripts[Math.min(n, watchScripts.length - 1)]!();
      if (result instanceof Error) throw result;
      const events = [...result];
      const iterator: AsyncIterableIterator<WatchEvent<ConfigMap>> & { stop(): void } = {
        [Symbol.asyncIterator]: () => iterator,
        async next(): Promise<IteratorResult<WatchEvent<ConfigMap>>> {
          const value = events.shift();
          return value ? { done: false, value } : { done: true, value: undefined };
        },
        stop() {},
      };
      return iterator;
    },
  };
  return { source, calls };
}

const nullStore = { replace() {}, apply() {} };
const ev = (rv: string): WatchEvent<ConfigMap> => ({ type: 'ADDED', object: { metadata: { name: `o${rv}`, namespace: 'n', resourceVersion: rv } } });

describe('Reflector backoff', () => {
  it('a server that closes every watch at once is retried with growing, bounded delays', async () => {
    const clock = recordingSleep();
    const { source, calls } = scripted([() => []]);
    const controller = new AbortController();
    const reflector = new Reflector(source, nullStore, { backoff: { initialMs: 100, maxMs: 1000, sleep: clock.sleep, random: () => 0.5 } });
    const running = reflector.run(controller.signal);
    await until(() => calls.length >= 12, 'a dozen calls');
    controller.abort();
    await running;
    const watches = calls.filter((c) => c.kind === 'watch').length;
    assert.equal(calls.filter((c) => c.kind === 'list').length, 1, 'an empty watch is not a reason to re-list');
    assert.ok(clock.delays.length >= watches - 1, 'every re-watch waited');
    assert.deepEqual(clock.delays.slice(0, 6), [150, 300, 600, 1000, 1000, 1000]);
    assert.ok(clock.delays.every((d) => d <= 1000));
  });

  it('a productive watch that ends resumes at once and resets the backoff; failures grow it', async () => {
    const clock = recordingSleep();
    // watch 1: two events then a clean end; watch 2, 3: connection errors; watch 4: one event; then empty.
    const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    const { source, calls } = scripted([() => [ev('11'), ev('12')], () => reset, () => reset, () => [ev('13')], () => []]);
    const controller = new AbortController();
    const applied: string[] = [];
    const store = { replace() {}, apply: (e: ObjectEvent<ConfigMap>) => applied.push(e.object.metadata.resourceVersion!) };
    const reflector = new Reflector(source, store, { backoff: { initialMs: 100, maxMs: 10_000, sleep: clock.sleep, random: () => 0 } });
    const running = reflector.run(controller.signal);
    await until(() => calls.filter((c) => c.kind === 'watch').length >= 7, 'seven watches');
    controller.abort();
    await running;
    const watches = calls.filter((c): c is { kind: 'watch'; options: WatchOptions } => c.kind === 'watch');
    assert.deepEqual(watches.slice(0, 5).map((w) => w.options.resourceVersion), ['10', '12', '12', '12', '13']);
    // no wait after watch 1 (productive); 100, 200 after the two errors; none after watch 4; then 100, 200...
    assert.deepEqual(clock.delays.slice(0, 4), [100, 200, 100, 200]);
    assert.deepEqual(applied, ['11', '12', '13']);
  });

  it('410 from the watch request re-lists; an expired continue token falls back to one unpaged list', async () => {
    const clock = recordingSleep();
    const gone = new ApiError(status(410, 'Expired', 'too old resource version: 10 (20)'));
    const { source, calls } = scripted([() => gone, () => []], (o) => {
      const lists = calls.filter((c) => c.kind === 'list').length;
      if (lists === 1) return { metadata: { resourceVersion: '10' }, items: [] };
      if (o.continue) throw new ApiError(status(410, 'Expired', 'The provided continue parameter is too old'));
      if (o.limit) return { metadata: { resourceVersion: '30', continue: 'tok' }, items: [] };
      return { metadata: { resourceVersion: '31' }, items: [] };
    });
    const replaced: string[] = [];
    const controller = new AbortController();
    const reflector = new Reflector(source, { replace: (_i, rv) => replaced.push(rv), apply() {} }, { pageSize: 5, backoff: { sleep: clock.sleep } });
    const running = reflector.run(controller.signal);
    await until(() => calls.filter((c) => c.kind === 'watch').length >= 2, 'the second watch');
    controller.abort();
    await running;
    const lists = calls.filter((c): c is { kind: 'list'; options: ListOptions } => c.kind === 'list').map((c) => [c.options.limit, c.options.continue]);
    assert.deepEqual(lists, [[5, undefined], [5, undefined], [5, 'tok'], [undefined, undefined]]);
    assert.deepEqual(replaced, ['10', '31']);
    const second = calls.filter((c): c is { kind: 'watch'; options: WatchOptions } => c.kind === 'watch')[1]!;
    assert.equal(second.options.resourceVersion, '31');
    assert.ok(reflector.lastError instanceof ApiError);
  });
});
