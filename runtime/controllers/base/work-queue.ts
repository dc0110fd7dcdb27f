// A keyed work queue in the shape of client-go's rate-limited workqueue: a key waits in the
// queue at most once, is handed to one worker at a time (added again while being processed, it
// runs once more afterwards), and a failed key comes back after an exponentially growing delay.

export interface WorkQueueOptions {
  /** First retry delay after a failure; default 5 ms. */
  readonly baseDelayMs?: number;
  /** Ceiling of the retry delay; default 2 s (in-process work fails for short-lived reasons). */
  readonly maxDelayMs?: number;
}

/** What processing a key may ask for besides success: to look at it again later. */
export interface ProcessResult {
  readonly requeueAfterMs?: number;
}

export type ProcessKey<K> = (key: K) => Promise<ProcessResult | void>;

export class WorkQueue<K> {
  private readonly queue: K[] = [];
  private readonly queued = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly dirty = new Set<K>();
  private readonly failures = new Map<K, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wakers: Array<() => void> = [];
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private stopped = false;

  constructor(opts: WorkQueueOptions = {}) {
    this.baseDelayMs = opts.baseDelayMs ?? 5;
    this.maxDelayMs = opts.maxDelayMs ?? 2_000;
  }

  add(key: K): void {
    if (this.stopped) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.wakers.shift()?.();
  }

  addAfter(key: K, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.add(key);
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Requeues after a delay that doubles with each failure of this key since it last succeeded. */
  addRateLimited(key: K): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(n, 30)));
  }

  forget(key: K): void {
    this.failures.delete(key);
  }

  get length(): number {
    return this.queue.length;
  }

  /**
   * Runs `workers` loops that process keys until stop(). A rejection requeues the key with
   * backoff and is reported to onError; a result can ask for a later look.
   */
  run(workers: number, process: ProcessKey<K>, onError: (key: K, err: unknown) => void): Promise<void> {
    const loop = async (): Promise<void> => {
      for (let key = await this.next(); key !== undefined; key = await this.next()) {
        try {
          const result = await process(key);
          this.forget(key);
          if (result && result.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
        } catch (err) {
          onError(key, err);
          this.addRateLimited(key);
        } finally {
          this.done(key);
        }
      }
    };
    return Promise.all(Array.from({ length: Math.max(1, workers) }, loop)).then(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    this.queued.clear();
    for (const wake of this.wakers.splice(0)) wake();
  }

  private async next(): Promise<K | undefined> {
    while (!this.stopped) {
      const key = this.queue.shift();
      if (key !== undefined) {
        this.queued.delete(key);
        this.processing.add(key);
        return key;
      }
      await new Promise<void>((resolve) => this.wakers.push(resolve));
    }
    return undefined;
  }

  private done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }
}
