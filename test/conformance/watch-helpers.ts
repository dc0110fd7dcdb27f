// Reading watch streams in tests: pull events with a deadline so a missing event fails the test
// instead of hanging it.
import type { Watcher, WatchEvent } from '../../runtime/storage/index.js';

export class WatchReader<T> {
  private readonly iterator: AsyncIterator<WatchEvent<T>>;
  private pending: Promise<IteratorResult<WatchEvent<T>>> | null = null;

  constructor(readonly watcher: Watcher<T>) {
    this.iterator = watcher[Symbol.asyncIterator]();
  }

  /** The next event, or 'timeout' / 'end'. */
  async next(timeoutMs = 5000): Promise<WatchEvent<T> | 'timeout' | 'end'> {
    this.pending ??= this.iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([this.pending, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') return 'timeout';
    this.pending = null;
    return result.done ? 'end' : result.value;
  }

  /** The next event, failing on timeout or end. */
  async expectEvent(timeoutMs = 5000): Promise<WatchEvent<T>> {
    const event = await this.next(timeoutMs);
    if (event === 'timeout') throw new Error(`no watch event within ${timeoutMs} ms`);
    if (event === 'end') throw new Error('watch ended while an event was expected');
    return event;
  }

  /** The next n events that are not bookmarks. */
  async take(n: number, timeoutMs = 10000): Promise<WatchEvent<T>[]> {
    const deadline = Date.now() + timeoutMs;
    const out: WatchEvent<T>[] = [];
    while (out.length < n) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`got ${out.length} of ${n} watch events within ${timeoutMs} ms`);
      const event = await this.next(left);
      if (event === 'timeout') throw new Error(`got ${out.length} of ${n} watch events within ${timeoutMs} ms`);
      if (event === 'end') throw new Error(`watch ended after ${out.length} of ${n} events`);
      if (event.type !== 'BOOKMARK') out.push(event);
    }
    return out;
  }

  /** Asserts that no non-bookmark event arrives within quietMs. */
  async expectQuiet(quietMs = 300): Promise<void> {
    const deadline = Date.now() + quietMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      const event = await this.next(left);
      if (event === 'timeout') return;
      if (event === 'end') throw new Error('watch ended unexpectedly');
      if (event.type !== 'BOOKMARK') throw new Error(`unexpected event ${event.type}`);
    }
  }

  stop(): void {
    this.watcher.stop();
  }
}

export function rvOf(event: WatchEvent<unknown>): number {
  if (event.type === 'BOOKMARK') return Number(event.resourceVersion);
  if (event.type === 'ERROR') throw new Error(`ERROR event: ${event.error.message}`);
  const obj = event.object as { metadata?: { resourceVersion?: string } };
  return Number(obj.metadata?.resourceVersion);
}
