// A watch as an async iterable of typed events. It ends when the server closes the stream
// (e.g. timeoutSeconds ran out), when stop()/return() is called or the caller's signal
// aborts; a connection failure or an ERROR event (a Status, surfaced as ApiError) throws.
import { apiErrorFromStatus } from './api-error.js';
import { decodeJsonObjects } from './json-stream.js';
import type { KubeObject, ListMeta, Status } from './objects.js';
import { isStatus } from './objects.js';
import type { RestStream } from './rest-client.js';

/** A BOOKMARK carries only the resourceVersion the watch has reached. */
export interface BookmarkObject {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta & { annotations?: { [key: string]: string } };
}

export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  | { type: 'BOOKMARK'; object: BookmarkObject };

export type WatchEventType = WatchEvent<unknown>['type'];

export class WatchStream<T extends KubeObject> implements AsyncIterableIterator<WatchEvent<T>> {
  private readonly events: AsyncGenerator<unknown, void, undefined>;
  private stopped = false;

  constructor(
    private readonly stream: RestStream,
    private readonly controller: AbortController,
  ) {
    this.events = decodeJsonObjects(stream.body);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<WatchEvent<T>, undefined>> {
    if (this.stopped) return { done: true, value: undefined };
    let step: IteratorResult<unknown, void>;
    try {
      step = await this.events.next();
    } catch (err) {
      // Stopping (by stop(), return() or the caller's signal) tears the stream down; that is
      // the end of the watch, not a failure.
      const stopping = this.stopped || this.controller.signal.aborted;
      this.stop();
      if (stopping) return { done: true, value: undefined };
      throw err;
    }
    if (step.done) {
      this.stop();
      return { done: true, value: undefined };
    }
    const event = toEvent<T>(step.value);
    if (event.type === 'ERROR') {
      this.stop();
      throw apiErrorFromStatus(event.status);
    }
    return { done: false, value: event };
  }

  async return(): Promise<IteratorResult<WatchEvent<T>, undefined>> {
    this.stop();
    return { done: true, value: undefined };
  }

  /** Closes the stream; a pending next() resolves as done. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.controller.abort(new Error('watch stopped'));
    this.stream.body.destroy();
  }

  /** '1.1' or '2': which protocol carries the stream. */
  get httpVersion(): string {
    return this.stream.httpVersion;
  }
}

const OBJECT_EVENTS = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

function toEvent<T>(value: unknown): WatchEvent<T> | { type: 'ERROR'; status: Status } {
  if (typeof value !== 'object' || value === null) throw new SyntaxError('watch event is not an object');
  const { type, object } = value as { type?: unknown; object?: unknown };
  if (type === 'ERROR') {
    if (isStatus(object)) return { type: 'ERROR', status: object };
    return {
      type: 'ERROR',
      status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'InternalError', message: `watch ERROR event without a Status: ${JSON.stringify(object)}` },
    };
  }
  if (typeof type !== 'string' || !OBJECT_EVENTS.has(type) || typeof object !== 'object' || object === null) {
    throw new SyntaxError(`malformed watch event: ${JSON.stringify(value).slice(0, 200)}`);
  }
  return { type, object } as WatchEvent<T>;
}
