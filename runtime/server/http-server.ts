// The transport: fastify over TLS, HTTP/2 with HTTP/1.1 fallback (kubectl negotiates h2 by
// ALPN). One catch-all route hands every request to the filters and the server chain, because
// dispatch is a lookup in the live resource registry, not a fixed route table.
import type { Http2SecureServer, Http2Session } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import websocketPlugin from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { stringify as toYaml } from 'yaml';
import { statusErrors, type StatusError } from '../errors/index.js';
import { encodeResponse, PROTOBUF_MEDIA_TYPE, type JsonObject } from '../protobuf/index.js';
import type { ChainReply, ServerLink } from './link.js';
import { RequestLifecycle, type LifecycleOptions } from './request-lifecycle.js';
import { answerClientError } from './client-errors.js';
import { parseGoBool } from '../api/index.js';
import { negotiateResponse } from '../endpoints/negotiation.js';
import { listJson } from '../endpoints/rest/list-json.js';

export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export interface TlsMaterial {
  keyPem: string;
  certPem: string;
  /** CA that client certificates are verified against. */
  clientCaPem: string;
}

export interface HttpServerOptions {
  tls: TlsMaterial;
  host: string;
  port: number;
  links: readonly ServerLink[];
  /** Filters, limits, audit and metrics around the server chain (links and onError are taken from here). */
  lifecycle: Omit<LifecycleOptions, 'links' | 'onError'>;
  onError?: (err: unknown) => void;
}

export interface HttpServer {
  readonly port: number;
  readonly url: string;
  /** Stops accepting, ends watches, waits for in-flight requests. */
  close(): Promise<void>;
}

type RawResponse = FastifyReply['raw'];

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    http2: true,
    https: {
      allowHTTP1: true,
      key: opts.tls.keyPem,
      cert: opts.tls.certPem,
      ca: opts.tls.clientCaPem,
      requestCert: true,
      rejectUnauthorized: false,
    },
    bodyLimit: MAX_REQUEST_BODY_BYTES,
    logger: false,
    return503OnClosing: true,
    clientErrorHandler: answerClientError,
    forceCloseConnections: 'idle',
  }) as unknown as FastifyInstance;

  const streams = new Set<RequestLifecycle>();
  const lifecycle: LifecycleOptions = { ...opts.lifecycle, links: opts.links, ...(opts.onError ? { onError: opts.onError } : {}) };
  const sessions = new Set<Http2Session>();
  (app.server as unknown as Http2SecureServer).on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, _req, reply) => {
    let status: StatusError;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') status = statusErrors.requestEntityTooLarge(MAX_REQUEST_BODY_BYTES);
    else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') status = statusErrors.unsupportedMediaType(['application/json', 'application/yaml']);
    else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) status = statusErrors.badRequest(err.message);
    else {
      opts.onError?.(err);
      status = statusErrors.internalError(err);
    }
    void sendStatus(reply, status);
  });

  const lifecycleFor = (request: FastifyRequest): RequestLifecycle => {
    const header = (name: string): string | undefined => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    // The connection's own TLS socket: HTTP/2 requests expose a per-stream proxy of it, which
    // would defeat per-connection caching of the client certificate.
    const raw = request.raw as { socket: unknown; stream?: { session?: { socket?: unknown } } };
    const socket = (raw.stream?.session?.socket ?? raw.socket) as TLSSocket;
    let distinct: Record<string, string[]> | undefined;
    return new RequestLifecycle(lifecycle, {
      method: request.method,
      url: request.raw.url ?? request.url,
      header,
      // Only impersonation reads every value apart, and only when Impersonate-* headers are sent.
      get headersDistinct() {
        return (distinct ??= distinctHeaders(request.raw.rawHeaders));
      },
      socket,
      body: Buffer.isBuffer(request.body) ? request.body : undefined,
    });
  };

  const handleHttp = async (request: FastifyRequest, reply: FastifyReply) => {
    const life = lifecycleFor(request);
    const onClose = () => life.abort();
    reply.raw.once('close', onClose);
    reply.header('audit-id', life.auditID);
    try {
      const answer = await life.answer();
      if (answer.kind === 'stream') {
        streams.add(life);
        try {
          await writeStream(reply, answer, life);
        } finally {
          streams.delete(life);
          life.finish(answer.code);
        }
        return reply;
      }
      sendReply(reply, request, answer, life.query);
      life.finish(answer.code, answer.kind === 'object' ? answer.body : undefined);
      return reply;
    } catch (err) {
      const status = life.statusFor(err);
      life.finish(status.code, status.status);
      if (reply.sent || reply.raw.headersSent) return reply;
      if (status.code === 429) reply.header('retry-after', String(status.status.details?.retryAfterSeconds ?? 1));
      return sendStatus(reply, status);
    } finally {
      reply.raw.off('close', onClose);
    }
  };

  // Watches over WebSocket (kube's WatchServer): one text message per event; anything else is
  // answered with one message holding the response body, then the socket closes.
  const handleWebSocket = async (socket: WebSocket, request: FastifyRequest) => {
    const life = lifecycleFor(request);
    socket.once('close', () => life.abort());
    streams.add(life);
    let code = 200;
    let body: unknown;
    try {
      const answer = await life.answer();
      code = answer.code;
      if (answer.kind === 'stream') {
        life.streamStarted(answer.code);
        await answer.run({
          signal: life.signal,
          write: (chunk) =>
            new Promise<void>((resolve) => {
              if (socket.readyState !== socket.OPEN) return resolve();
              life.streamChunk(chunk.length);
              socket.send(typeof chunk === 'string' ? chunk.replace(/\n$/, '') : chunk, () => resolve());
            }),
        });
      } else if (answer.kind === 'object') {
        body = answer.body;
        socket.send(JSON.stringify(answer.body));
      } else {
        socket.send(answer.body);
      }
    } catch (err) {
      const status = life.statusFor(err);
      code = status.code;
      body = status.status;
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(status.status));
    } finally {
      streams.delete(life);
      life.finish(code, body);
      if (socket.readyState === socket.OPEN) socket.close(1000);
    }
  };

  await app.register(websocketPlugin);
  app.route({ method: 'GET', url: '*', handler: handleHttp, wsHandler: handleWebSocket });
  app.route({ method: ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], url: '*', handler: handleHttp });

  await app.listen({ host: opts.host, port: opts.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    port,
    url: `https://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`,
    async close() {
      for (const s of streams) s.abort();
      for (const session of sessions) session.close();
      await app.close();
    },
  };
}

/** Every header's values kept apart, names lower-cased; HTTP/2 requests lack headersDistinct. */
function distinctHeaders(raw: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name.startsWith(':')) continue;
    (out[name] ??= []).push(raw[i + 1]!);
  }
  return out;
}

/**
 * A Status error in the encoding the client asked for, as kube negotiates errors: protobuf for
 * protobuf clients (client-go's default for built-in kinds), YAML for YAML, else JSON.
 */
function sendStatus(reply: FastifyReply, status: StatusError): FastifyReply {
  reply.code(status.code);
  const accept = reply.request.headers.accept;
  let serialization = 'json';
  try {
    serialization = negotiateResponse(accept, { allowViews: false, protobuf: true }).serialization;
  } catch {
    // Nothing acceptable: the error still goes out, as JSON.
  }
  if (serialization === 'protobuf') {
    const bytes = encodeResponse(status.status as unknown as JsonObject);
    if (bytes) return reply.header('content-type', PROTOBUF_MEDIA_TYPE).send(bytes);
  }
  if (serialization === 'yaml') return reply.header('content-type', 'application/yaml').send(Buffer.from(toYaml(status.status)));
  return reply.header('content-type', 'application/json').send(Buffer.from(`${JSON.stringify(status.status)}\n`));
}

/** Warning header values as kube sends them: `299 - "text"`. */
export function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}

function sendReply(reply: FastifyReply, request: FastifyRequest, answer: Exclude<ChainReply, { kind: 'stream' }>, query: URLSearchParams): FastifyReply {
  if (answer.kind === 'raw') {
    reply.code(answer.code);
    for (const [k, v] of Object.entries(answer.headers ?? {})) reply.header(k, v);
    if (answer.contentType) reply.header('content-type', answer.contentType);
    return reply.send(typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body);
  }
  if (answer.warnings.length > 0) reply.header('warning', answer.warnings.map(warningHeader));
  reply.code(answer.code);
  if (answer.serialization === 'protobuf') {
    const bytes = encodeResponse(answer.body as JsonObject);
    if (bytes) return reply.header('content-type', PROTOBUF_MEDIA_TYPE).send(bytes);
    // No codec for this kind (e.g. a Status answered as JSON): kube falls back the same way.
    return reply.header('content-type', 'application/json').send(Buffer.from(`${JSON.stringify(answer.body)}\n`));
  }
  reply.header('content-type', answer.contentType);
  const pretty = isPretty(request, query);
  const body =
    answer.serialization === 'yaml'
      ? toYaml(answer.body)
      : `${pretty ? JSON.stringify(answer.body, null, 2) : (listJson(answer.body as object) ?? JSON.stringify(answer.body))}\n`;
  // A Buffer keeps fastify from rewriting the Content-Type (it would add a charset and quote
  // parameters, which kube does not).
  return reply.send(Buffer.from(body));
}

/** kube's rule: `?pretty=` (Go booleans) decides; without it, curl, Wget and browsers get indented JSON. */
function isPretty(request: FastifyRequest, query: URLSearchParams): boolean {
  const asked = query.get('pretty');
  if (asked !== null && asked !== '') return parseGoBool(asked) === true;
  const userAgent = request.headers['user-agent'] ?? '';
  return userAgent.startsWith('curl') || userAgent.startsWith('Wget') || userAgent.startsWith('Mozilla/5.0');
}

async function writeStream(reply: FastifyReply, answer: Extract<ChainReply, { kind: 'stream' }>, life: RequestLifecycle): Promise<void> {
  reply.hijack();
  const raw = reply.raw as RawResponse & { flushHeaders?: () => void };
  raw.writeHead(answer.code, { 'content-type': answer.contentType, 'cache-control': 'no-cache, private', 'audit-id': life.auditID });
  // Clients (client-go, kubectl) wait for the headers before they consider a watch started.
  raw.flushHeaders?.();
  life.streamStarted(answer.code);
  const signal = life.signal;
  try {
    await answer.run({
      signal,
      write: (chunk) =>
        new Promise<void>((resolve) => {
          if (signal.aborted || raw.destroyed) return resolve();
          life.streamChunk(chunk.length);
          if (raw.write(chunk)) return resolve();
          const done = () => {
            raw.off('drain', done);
            raw.off('close', done);
            resolve();
          };
          raw.once('drain', done);
          raw.once('close', done);
        }),
    });
  } finally {
    if (!raw.destroyed) raw.end();
  }
}
