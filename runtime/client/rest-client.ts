// One API server's HTTP client: builds URLs with query strings, adds auth and content headers,
// retries per retry-policy.ts, turns failures into ApiError and JSON bodies into values.
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { ApiError, apiErrorFromResponse, type RequestDescription } from './api-error.js';
import { Backoff } from './backoff.js';
import { parseRetryAfter, retryForError, retryForResponse, type RetryDecision } from './retry-policy.js';
import type { RestConfig } from './rest-config.js';
import { createTransport, type Transport, type TransportResponse } from './transport.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | undefined;

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the config's per-request timeout. */
  timeoutMs?: number;
}

export interface RestRequest extends CallOptions {
  method: HttpMethod;
  path: string;
  /** Undefined values are left out; insertion order is kept. */
  query?: Record<string, QueryValue>;
  /** Sent as JSON unless it is already a string or Buffer. */
  body?: unknown;
  contentType?: string;
  /** For error messages: e.g. `{ verb: 'get', resource: 'pods' }`. */
  describe?: RequestDescription;
}

/** A streaming answer (a watch): status was 2xx, the body is still arriving. */
export interface RestStream {
  body: Readable;
  headers: Record<string, string | string[] | undefined>;
  httpVersion: string;
}

export class RequestTimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`request timed out after ${timeoutMs}ms`);
  }
}

const TOKEN_FILE_REFRESH_MS = 60_000;

export class RestClient {
  readonly config: RestConfig;
  private readonly transport: Transport;
  private tokenCache: { value: string; readAt: number } | undefined;

  constructor(config: RestConfig) {
    this.config = config;
    const settings = {
      rejectUnauthorized: !config.insecureSkipTLSVerify,
      ...(config.ca && !config.insecureSkipTLSVerify ? { ca: config.ca } : {}),
      ...(config.cert ? { cert: config.cert } : {}),
      ...(config.key ? { key: config.key } : {}),
      ...(config.tlsServerName ? { servername: config.tlsServerName } : {}),
    };
    this.transport = createTransport(config.server, settings, config.protocol ?? 'auto');
  }

  /** Sends a request and decodes its JSON answer. */
  async request<R>(req: RestRequest): Promise<R> {
    const timeoutMs = req.timeoutMs ?? this.config.timeoutMs;
    return this.withRetries(req, async (signal, timedOut) => {
      const res = await this.send(req, signal);
      const text = await readBody(res.body, signal).catch((err: unknown) => {
        throw timedOut() ? new RequestTimeoutError(timeoutMs!) : err;
      });
      if (res.status < 200 || res.status >= 300) throw this.errorOf(req, res, text);
      if (text === '') return undefined as R;
      try {
        return JSON.parse(text) as R;
      } catch {
        throw new ApiError({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          code: res.status,
          reason: 'InternalError',
          message: `the server answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`,
        });
      }
    }, 'buffered');
  }

  /** Opens a streaming request; resolves once a 2xx answer's headers arrived. */
  stream(req: RestRequest): Promise<RestStream> {
    return this.withRetries(req, async (signal, _timedOut, release) => {
      const res = await this.send(req, signal);
      if (res.status < 200 || res.status >= 300) {
        const text = await readBody(res.body, signal);
        throw this.errorOf(req, res, text);
      }
      res.body.once('close', release);
      return { body: res.body, headers: res.headers, httpVersion: res.httpVersion };
    }, 'stream');
  }

  /** Closes idle connections. */
  close(): void {
    this.transport.close();
  }

  private errorOf(req: RestRequest, res: TransportResponse, text: string): ApiError {
    const contentType = headerOf(res.headers, 'content-type');
    return apiErrorFromResponse(res.status, text, contentType, parseRetryAfter(res.headers['retry-after']), req.describe);
  }

  /**
   * Runs attempts until one succeeds or the policy says stop. Each attempt gets its own
   * signal, aborted by the caller's signal or by the timeout; for streams the timeout only
   * covers the wait for headers.
   */
  private async withRetries<R>(
    req: RestRequest,
    attempt: (signal: AbortSignal, timedOut: () => boolean, release: () => void) => Promise<R>,
    mode: 'buffered' | 'stream',
  ): Promise<R> {
    const retry = this.config.retry ?? {};
    const maxRetries = retry.maxRetries ?? 5;
    const backoff = new Backoff({ initialMs: 200, maxMs: 10_000, ...retry });
    const timeoutMs = req.timeoutMs ?? this.config.timeoutMs;
    for (let tries = 0; ; tries++) {
      req.signal?.throwIfAborted();
      const controller = new AbortController();
      const onAbort = (): void => controller.abort(req.signal!.reason);
      req.signal?.addEventListener('abort', onAbort, { once: true });
      let timedOut = false;
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              controller.abort(new RequestTimeoutError(timeoutMs));
            }, timeoutMs);
      let decision: RetryDecision;
      let failure: unknown;
      try {
        // A stream outlives this call: the caller's abort keeps reaching it until it closes.
        const release = (): void => req.signal?.removeEventListener('abort', onAbort);
        const result = await attempt(controller.signal, () => timedOut, release);
        clearTimeout(timer);
        if (mode === 'buffered') release();
        return result;
      } catch (err) {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        failure = timedOut ? new RequestTimeoutError(timeoutMs!) : err;
        if (req.signal?.aborted) throw req.signal.reason;
        if (failure instanceof ApiError) {
          decision = retryForResponse(req.method, failure.code, failure.retryAfterSeconds, retry.maxRetryAfterMs ?? 60_000);
        } else if (failure instanceof RequestTimeoutError) {
          decision = { retry: false };
        } else {
          decision = retryForError(req.method, failure);
        }
      }
      if (!decision.retry || tries >= maxRetries) throw failure;
      const delay = decision.delayMs ?? backoff.next();
      await backoff.sleep(delay, req.signal);
    }
  }

  private async send(req: RestRequest, signal: AbortSignal): Promise<TransportResponse> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.config.userAgent ?? `capstan-client/0.1 (node ${process.version})`,
    };
    const authorization = this.authorization();
    if (authorization) headers.authorization = authorization;
    let body: Buffer | undefined;
    if (req.body !== undefined) {
      body = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
      headers['content-type'] = req.contentType ?? 'application/json';
    }
    return this.transport.request({
      method: req.method,
      path: req.path + queryString(req.query),
      headers,
      ...(body ? { body } : {}),
      signal,
    });
  }

  private authorization(): string | undefined {
    const config = this.config;
    if (config.token) return `Bearer ${config.token}`;
    if (config.tokenFile) {
      const now = Date.now();
      if (!this.tokenCache || now - this.tokenCache.readAt >= TOKEN_FILE_REFRESH_MS) {
        this.tokenCache = { value: readFileSync(config.tokenFile, 'utf8').trim(), readAt: now };
      }
      return `Bearer ${this.tokenCache.value}`;
    }
    if (config.username !== undefined || config.password !== undefined) {
      return `Basic ${Buffer.from(`${config.username ?? ''}:${config.password ?? ''}`).toString('base64')}`;
    }
    return undefined;
  }
}

export function createRestClient(config: RestConfig): RestClient {
  return new RestClient(config);
}

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.append(name, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(body: Readable, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  signal.throwIfAborted();
  const onAbort = (): void => {
    body.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks).toString('utf8');
}
