// A watch as a stream of newline-delimited JSON events ({"type","object"}), the framing kube
// uses for JSON watches over HTTP/1.1 chunks and HTTP/2 data frames alike.
import type { ResourceDescriptor } from '../../api/index.js';
import { statusFromError } from '../../errors/index.js';
import { encodeWatchFrame, type JsonObject } from '../../protobuf/index.js';
import type { Watcher, WatchEvent } from '../../storage/index.js';
import type { View } from '../negotiation.js';
import type { ApiObject } from '../resource-handlers.js';
import type { StreamSink } from './api-request.js';
import { groupVersionOf } from './type-meta.js';
import { objectView, type ViewContext } from './views.js';

/** kube's default watch length: a random time between the minimum request timeout and twice it. */
export const MIN_REQUEST_TIMEOUT_SECONDS = 1800;

export function defaultWatchTimeoutSeconds(): number {
  return MIN_REQUEST_TIMEOUT_SECONDS * (1 + Math.random());
}

export function bookmarkObject(d: ResourceDescriptor, resourceVersion: string, initialEventsEnd: boolean): object {
  const metadata: Record<string, unknown> = { resourceVersion };
  if (initialEventsEnd) metadata['annotations'] = { 'k8s.io/initial-events-end': 'true' };
  return { kind: d.kind, apiVersion: groupVersionOf(d), metadata };
}

function watchFrameOf(ctx: ViewContext, view: View, event: WatchEvent<ApiObject>, first: boolean): { type: string; object: unknown } {
  let frame: { type: string; object: unknown };
  switch (event.type) {
    case 'BOOKMARK':
      frame = { type: 'BOOKMARK', object: bookmarkObject(ctx.descriptor, event.resourceVersion, event.initialEventsEnd === true) };
      break;
    case 'ERROR':
      frame = { type: 'ERROR', object: statusFromError(event.error, { resource: { group: ctx.descriptor.group, resource: ctx.descriptor.plural } }).status };
      break;
    default:
      frame = { type: event.type, object: objectView(ctx, view, event.object, { noHeaders: !first }) };
  }
  return frame;
}

export function encodeWatchEvent(ctx: ViewContext, view: View, event: WatchEvent<ApiObject>, first: boolean): string {
  return `${JSON.stringify(watchFrameOf(ctx, view, event, first))}\n`;
}

/** A length-prefixed protobuf WatchEvent frame (application/vnd.kubernetes.protobuf;stream=watch). */
export function encodeProtobufWatchEvent(ctx: ViewContext, event: WatchEvent<ApiObject>): Buffer {
  const frame = watchFrameOf(ctx, { kind: 'object' }, event, true);
  const object = frame.object as { apiVersion?: string; kind?: string };
  const [group, version] = (object.apiVersion ?? '').includes('/') ? (object.apiVersion as string).split('/') : ['', object.apiVersion ?? ''];
  return encodeWatchFrame(frame.type as 'ADDED', frame.object as JsonObject, { group: group!, version: version!, kind: object.kind ?? '' });
}

/** Pumps events into the sink until the watcher ends, the client leaves or the timeout passes. */
export async function pumpWatch(
  watcher: Watcher<ApiObject>,
  sink: StreamSink,
  encode: (event: WatchEvent<ApiObject>, first: boolean) => string | Buffer,
  timeoutSeconds: number,
): Promise<void> {
  const timer = setTimeout(() => watcher.stop(), Math.max(0, timeoutSeconds) * 1000);
  const onAbort = () => watcher.stop();
  sink.signal.addEventListener('abort', onAbort, { once: true });
  let first = true;
  try {
    for await (const event of watcher) {
      await sink.write(encode(event, first));
      if (event.type !== 'BOOKMARK') first = false;
      if (event.type === 'ERROR') break;
    }
  } finally {
    clearTimeout(timer);
    sink.signal.removeEventListener('abort', onAbort);
    watcher.stop();
  }
}
