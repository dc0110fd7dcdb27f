// The server chain: each link answers what it owns or passes the request on (kube's delegation
// chain aggregator -> core -> apiextensions -> not found).
import type { UserInfo } from '../registry/index.js';
import type { RequestInfo } from './request-info.js';
import type { ApiReply } from '../endpoints/rest/api-request.js';

export interface ChainRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly info: RequestInfo;
  readonly query: URLSearchParams;
  header(name: string): string | undefined;
  readonly body: Buffer | undefined;
  readonly user: UserInfo;
  readonly signal: AbortSignal;
  /** Adds an annotation to the request's audit event (admission does); absent when not audited. */
  readonly annotateAudit?: (key: string, value: string) => void;
}

/** A plain (non-object) answer: health checks, OpenAPI documents, 304s. */
export interface RawReply {
  readonly kind: 'raw';
  readonly code: number;
  readonly contentType?: string;
  readonly body: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

export type ChainReply = ApiReply | RawReply;

export interface ServerLink {
  readonly name: string;
  /** null: not mine, ask the next link. */
  serve(req: ChainRequest): Promise<ChainReply | null>;
}
