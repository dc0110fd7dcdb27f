// The producer side of a Watcher: a bounded queue a backend pushes events into and one consumer
// iterates. A consumer that falls `capacity` events behind is cut off (the queue ends), the way
// kube's watch cache drops watchers that cannot keep up: the client re-watches or re-lists.
import type { Watcher, WatchEvent } from './interface.js';

export interface WatchQueueOptions {
  /** Buffered events beyond which the watcher is closed. Default 1000. */
  capacity?: number;
  /** Called once when the watcher ends for any reason (stop, close, overflow). */
  onClose?: () => void;
}

export class WatchQueue<T> implements Watcher<T> {
  private readonly buffer: WatchEvent<T>[] = [];
  private head = 0;
  private waiter: ((r: IteratorResult<WatchEvent<T>>) => void) | null = null;
  private ended = false;
  private iterated = false;
  private readonly capacity: number;
  private onClose: (() => void) | undefined;
  /** Why the queue ended: 'stopped' by the consumer, 'closed' by the producer, or 'overflow'. */
  endReason: 'stopped' | 'closed' | 'overflow' | null = null;

  constructor(opts: WatchQueueOptions = {}) {
    this.capacity = opts.capacity ?? 1000;
    this.onClose = opts.onClose;
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /** Number of events waiting for the consumer. */
  get pending(): number {
    return this.buffer.length - this.head;
  }

  /** Queues an event; returns false when the watcher has ended (or just ended by overflowing). */
  push(event: WatchEvent<T>): boolean {
    if (this.ended) return false;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      resolve({ value: event, done: false });
      return true;
    }
    if (this.pending >= this.capacity) {
      this.finish('overflow', true);
      return false;
    }
    this.buffer.push(event);
    return true;
  }

  /** Producer side: deliver what is buffered, then end. An ERROR event is typically pushed first. */
  close(): void {
    this.finish('closed', false);
  }

  /** Consumer side: end now and drop whatever is buffered. */
  stop(): void {
    this.finish('stopped', true);
  }

  private finish(reason: 'stopped' | 'closed' | 'overflow', dropBuffered: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.endReason = reason;
    if (dropBuffered) {
      this.buffer.length = 0;
      this.head = 0;
    }
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      resolve({ value: undefined, done: true });
    }
    const onClose = this.onClose;
    this.onClose = undefined;
    onClose?.();
  }

  private next(): Promise<IteratorResult<WatchEvent<T>>> {
    if (this.head < this.buffer.length) {
      const value = this.buffer[this.head]!;
      this.buffer[this.head] = undefined as unknown as WatchEvent<T>;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.buffer.length) {
        this.buffer.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    if (this.iterated) throw new Error('a watcher can be iterated only once');
    this.iterated = true;
    return {
      next: () => this.next(),
      return: () => {
        this.stop();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
