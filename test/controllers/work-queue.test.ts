// The controllers' work queue: one pending entry per key, one worker per key at a time, a key
// added while processed runs again, failures come back with backoff.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkQueue } from '../../runtime/controllers/index.js';
import { eventually } from './support.js';

test('a key waits once, and a key added while processed runs once more afterwards', async () => {
  const q = new WorkQueue<string>();
  const seen: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  q.add('a');
  q.add('a');
  q.add('b');
  assert.equal(q.length, 2);
  const running = q.run(2, async (key) => {
    seen.push(key);
    if (key === 'a' && seen.filter((k) => k === 'a').length === 1) await gate;
  }, () => undefined);
  await eventually('a and b to start', async () => (seen.length === 2 ? true : undefined));
  q.add('a'); // while a is processed: marked, not run in parallel
  q.add('a');
  assert.deepEqual([...seen].sort(), ['a', 'b']);
  release();
  await eventually('a to run again', async () => (seen.length === 3 ? true : undefined));
  assert.deepEqual(seen.filter((k) => k === 'a').length, 2);
  q.stop();
  await running;
});

test('a failing key is retried with backoff until it succeeds; errors are reported', async () => {
  const q = new WorkQueue<string>({ baseDelayMs: 1, maxDelayMs: 20 });
  let attempts = 0;
  const errors: unknown[] = [];
  q.add('k');
  const running = q.run(1, async () => {
    attempts++;
    if (attempts < 4) throw new Error(`attempt ${attempts}`);
  }, (_k, err) => errors.push(err));
  await eventually('the fourth attempt', async () => (attempts === 4 ? true : undefined));
  assert.equal(errors.length, 3);
  q.stop();
  await running;
});

test('a result can ask to look at the key again later', async () => {
  const q = new WorkQueue<string>();
  let runs = 0;
  q.add('k');
  const running = q.run(1, async () => (++runs < 3 ? { requeueAfterMs: 5 } : undefined), () => undefined);
  await eventually('three runs', async () => (runs === 3 ? true : undefined));
  q.stop();
  await running;
  assert.equal(runs, 3);
});
