// The transport-neutral shape of a resource request and its answer, so the REST layer can be
// driven by the HTTP server and by tests alike.
import type { UserInfo } from '../../registry/index.js';
import type { ResourceRequestInfo } from '../../server/request-info.js';

export interface ApiRequest {
  readonly method: string;
  readonly info: ResourceRequestInfo;
  readonly query: URLSearchParams;
  header(name: string): string | undefined;
  readonly body: Buffer | undefined;
  readonly user: UserInfo;
  /** Aborted when the client goes away or the server shuts down. */
  readonly signal: AbortSignal;
  /** Adds an annotation to the request's audit event (admission's), when the request is audited. */
  readonly annotateAudit?: (key: string, value: string) => void;
}

export interface ObjectReply {
  readonly kind: 'object';
  readonly code: number;
  readonly body: unknown;
  readonly contentType: string;
  readonly serialization: 'json' | 'yaml' | 'protobuf';
  readonly warnings: readonly string[];
}

export interface StreamSink {
  /** Writes one chunk; resolves when the transport accepted it (backpressure). */
  write(chunk: string | Buffer): Promise<void>;
  readonly signal: AbortSignal;
}

export interface StreamReply {
  readonly kind: 'stream';
  readonly code: number;
  readonly contentType: string;
  run(sink: StreamSink): Promise<void>;
}

export type ApiReply = ObjectReply | StreamReply;
