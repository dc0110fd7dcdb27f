// One request from the filters to the last byte: authentication, audit, impersonation, the
// in-flight limit, authorization, the deadline and the server chain, with the audit record
// and the request metrics kept along the way. Transport-free: the HTTP and WebSocket handlers
// drive it.
import { randomUUID } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { isStatusError, statusErrors, type StatusError } from '../errors/index.js';
import type { UserInfo } from '../registry/index.js';
import type { HeaderValues } from '../auth/index.js';
import type { Auditor, AuditRecord } from '../audit/index.js';
import type { ApiserverMetrics, LongRunningLabelValues, RequestLabelValues } from '../metrics/index.js';
import { isInflightExempt, isLongRunning, isMutating, requestDeadlineSeconds, withDeadline, type InflightLimiter, type RequestFilters } from './filters/index.js';
import type { ChainReply, ChainRequest, ServerLink } from './link.js';
import { parseRequestInfo, type RequestInfo } from './request-info.js';

export interface LifecycleOptions {
  readonly links: readonly ServerLink[];
  readonly filters: RequestFilters;
  readonly limiter?: InflightLimiter | null;
  /** --request-timeout in seconds; 0 is none. */
  readonly requestTimeoutSeconds?: number;
  readonly auditor?: Pick<Auditor, 'begin'> | null;
  readonly metrics?: Pick<ApiserverMetrics, 'recordRequest' | 'longRunning' | 'watchEvent'> | null;
  readonly labels?: (method: string, info: RequestInfo, query: URLSearchParams, contentType: string | undefined) => RequestLabelValues;
  readonly longRunningLabels?: (method: string, info: RequestInfo, query: URLSearchParams) => LongRunningLabelValues;
  /** The kind served at group/version/resource, for the watch event metrics. */
  readonly kindOf?: (group: string, version: string, resource: string) => string | undefined;
  readonly onError?: (err: unknown) => void;
}

export interface IncomingRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  header(name: string): string | undefined;
  readonly headersDistinct: HeaderValues;
  readonly socket: TLSSocket;
  readonly body: Buffer | undefined;
}

const AUDIT_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

export class RequestLifecycle {
  readonly auditID: string;
  readonly info: RequestInfo;
  readonly longRunning: boolean;
  private readonly started = performance.now();
  /** The request's parsed query string. */
  readonly query: URLSearchParams;
  private readonly aborter = new AbortController();
  private audit: AuditRecord | null = null;
  private release: (() => void) | null = null;
  private streaming: LongRunningLabelValues | null = null;
  /** kube counts neither requests refused by authentication or authorization nor paths no link serves. */
  private counted = true;
  private watchKind: { group: string; version: string; kind: string } | null = null;
  private finished = false;

  constructor(
    private readonly opts: LifecycleOptions,
    private readonly incoming: IncomingRequest,
  ) {
    // A client may name the request itself (kube honours an Audit-ID header) so its logs and ours meet.
    const asked = incoming.header('audit-id');
    this.auditID = asked !== undefined && AUDIT_ID_PATTERN.test(asked) ? asked : randomUUID();
    const queryAt = incoming.url.indexOf('?');
    this.query = new URLSearchParams(queryAt >= 0 ? incoming.url.slice(queryAt + 1) : '');
    this.info = parseRequestInfo(incoming.method, incoming.url, this.query);
    this.longRunning = isLongRunning(this.info);
  }

  /** Aborted when the client goes away or the deadline passes. */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  abort(): void {
    this.aborter.abort();
  }

  /** Runs the filters and the server chain; throws a StatusError to answer. */
  async answer(): Promise<ChainReply> {
    const { opts, incoming, info } = this;
    const input = { socket: incoming.socket, header: incoming.header, headersDistinct: incoming.headersDistinct, info };
    let requester: UserInfo;
    try {
      requester = await opts.filters.authenticate(input);
    } catch (err) {
      this.counted = false;
      this.audit = this.beginAudit(null);
      throw err;
    }
    this.audit = this.beginAudit(requester);
    let user: UserInfo;
    try {
      user = opts.filters.impersonate(requester, input);
    } catch (err) {
      this.counted = false;
      throw err;
    }
    if (user !== requester) this.audit?.impersonated(user);

    const limiter = opts.limiter;
    if (limiter && !isInflightExempt(info)) {
      this.release = limiter.acquire(isMutating(info) ? 'mutating' : 'readOnly', user);
    }

    const decision = opts.filters.authorize(user, info);
    if (this.audit) {
      this.audit.annotate('authorization.k8s.io/decision', decision.refusal ? 'forbid' : 'allow');
      this.audit.annotate('authorization.k8s.io/reason', decision.reason);
    }
    if (decision.refusal) {
      this.counted = false;
      throw decision.refusal;
    }
    if (this.audit && incoming.body && incoming.body.length > 0) this.audit.requestBody(incoming.body, incoming.header('content-type'));

    const seconds = this.longRunning ? 0 : requestDeadlineSeconds(this.query, opts.requestTimeoutSeconds ?? 0);
    const audit = this.audit;
    const request: ChainRequest = {
      method: incoming.method,
      url: incoming.url,
      info,
      query: this.query,
      header: incoming.header,
      body: incoming.body,
      user,
      signal: this.aborter.signal,
      ...(audit ? { annotateAudit: (key: string, value: string) => audit.annotate(key, value) } : {}),
    };
    return withDeadline(this.dispatch(request), seconds, () => this.aborter.abort());
  }

  /** A streamed answer (watch) has sent its headers. */
  streamStarted(code: number): void {
    this.audit?.responseStarted(code);
    const metrics = this.opts.metrics;
    if (!metrics || !this.opts.longRunningLabels) return;
    const labels = this.opts.longRunningLabels(this.incoming.method, this.info, this.query);
    this.streaming = labels;
    metrics.longRunning(labels, 1);
    if (this.info.isResourceRequest) {
      const kind = this.opts.kindOf?.(this.info.apiGroup, this.info.apiVersion, this.info.resource);
      if (kind) this.watchKind = { group: this.info.apiGroup, version: this.info.apiVersion, kind };
    }
  }

  /** One streamed chunk (a watch event) went out. */
  streamChunk(bytes: number): void {
    if (this.watchKind) this.opts.metrics?.watchEvent(this.watchKind, bytes);
  }

  /** The answer is sent (or the stream ended): the audit event, the metrics, the slot back. */
  finish(code: number, response?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.release?.();
    this.audit?.complete(code, response);
    const metrics = this.opts.metrics;
    if (!metrics || !this.opts.labels) return;
    if (this.streaming) metrics.longRunning(this.streaming, -1);
    if (this.counted) metrics.recordRequest(this.labels(), code, (performance.now() - this.started) / 1000);
  }

  /** The Status for a thrown error; an unexpected one is reported and audited as a panic. */
  statusFor(err: unknown): StatusError {
    if (isStatusError(err)) return err;
    this.opts.onError?.(err);
    this.audit?.panic(err);
    return statusErrors.internalError(err);
  }

  private async dispatch(req: ChainRequest): Promise<ChainReply> {
    for (const link of this.opts.links) {
      const answer = await link.serve(req);
      if (answer) return answer;
    }
    // Unserved paths stay out of the metrics: anyone could otherwise mint label values.
    this.counted = false;
    throw statusErrors.pathNotFound();
  }

  private labels(): RequestLabelValues {
    return this.opts.labels!(this.incoming.method, this.info, this.query, this.incoming.header('content-type'));
  }

  private beginAudit(user: UserInfo | null): AuditRecord | null {
    const auditor = this.opts.auditor;
    if (!auditor) return null;
    const userAgent = this.incoming.header('user-agent');
    return auditor.begin({
      auditID: this.auditID,
      requestURI: this.incoming.url,
      info: this.info,
      user,
      sourceIPs: sourceIPs(this.incoming),
      ...(userAgent !== undefined ? { userAgent } : {}),
      receivedAt: new Date(performance.timeOrigin + this.started),
      receivedAtMicros: Math.floor((performance.timeOrigin + this.started) * 1000),
    });
  }
}

/** kube's order: X-Forwarded-For entries, X-Real-Ip, then the peer. */
function sourceIPs(incoming: IncomingRequest): string[] {
  const out: string[] = [];
  const forwarded = incoming.header('x-forwarded-for');
  if (forwarded) for (const part of forwarded.split(',')) if (part.trim()) out.push(part.trim());
  const realIp = incoming.header('x-real-ip')?.trim();
  if (realIp && !out.includes(realIp)) out.push(realIp);
  const peer = incoming.socket.remoteAddress?.replace(/^::ffff:/, '');
  if (peer && !out.includes(peer)) out.push(peer);
  return out;
}

