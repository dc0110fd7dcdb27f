// Exponential backoff with jitter, shared by request retries and the reflector. The clock is
// injectable so tests can check the delays asked for without waiting them out.

export interface BackoffOptions {
  /** First delay, before jitter. Default 800 ms (client-go's reflector uses the same). */
  initialMs?: number;
  /** Ceiling for any delay, jitter included. Default 30 s. */
  maxMs?: number;
  /** Growth per step. Default 2. */
  factor?: number;
  /** Up to this fraction is added at random to each delay. Default 1 (up to double). */
  jitter?: number;
  /** Waits `ms`, or rejects when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Default Math.random. */
  random?: () => number;
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private step = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 800;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 1;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? sleep;
  }

  /** The next delay; each call grows it until the ceiling. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.step);
    this.step = Math.min(this.step + 1, 64);
    return Math.min(this.maxMs, Math.round(base * (1 + this.jitter * this.random())));
  }

  reset(): void {
    this.step = 0;
  }

  /** Waits for the next delay. */
  wait(signal?: AbortSignal): Promise<void> {
    return this.sleep(this.next(), signal);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
