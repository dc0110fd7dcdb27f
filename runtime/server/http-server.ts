// The transport: fastify over TLS, HTTP/2 with HTTP/1.1 fallback (kubectl negotiates h2 by
// ALPN). One catch-all route hands every request to the filters and the server chain, because
// dispatch is a lookup in the live resource registry, not a fixed route table.
import type { Http2SecureServer, Http2Session } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import websocketPlugin from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { stringify as toYaml } from 'yaml';
import { isStatusError, statusErrors, type StatusError } from '../errors/index.js';
import { encodeResponse, PROTOBUF_MEDIA_TYPE, type JsonObject } from '../protobuf/index.js';
import type { RequestGate } from './filters/index.js';
import type { ChainReply, ChainRequest, ServerLink } from './link.js';
import { parseRequestInfo } from './request-info.js';
import { answerClientError } from './client-errors.js';

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
  /** The request filters (authentication, impersonation, authorization): the user the request runs as, or a thrown StatusError. */
  filters: RequestGate;
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

  const streams = new Set<AbortController>();
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
    void reply.code(status.code).header('content-type', 'application/json').send(`${JSON.stringify(status.status)}\n`);
  });

  const handleHttp = async (request: FastifyRequest, reply: FastifyReply) => {
    const aborter = new AbortController();
    const onClose = () => aborter.abort();
    reply.raw.once('close', onClose);
    try {
      const chainRequest = await buildRequest(request, aborter.signal, opts);
      const answer = await dispatch(opts.links, chainRequest);
      if (answer.kind === 'stream') {
        streams.add(aborter);
        try {
          await writeStream(reply, answer, aborter.signal);
        } finally {
          streams.delete(aborter);
        }
        return reply;
      }
      return sendReply(reply, request, answer);
    } catch (err) {
      if (!isStatusError(err)) opts.onError?.(err);
      const status = isStatusError(err) ? err : statusErrors.internalError(err);
      if (reply.sent || reply.raw.headersSent) return reply;
      return reply.code(status.code).header('content-type', 'application/json').send(`${JSON.stringify(status.status)}\n`);
    } finally {
      reply.raw.off('close', onClose);
    }
  };

  // Watches over WebSocket (kube's WatchServer): one text message per event; anything else is
  // answered with one message holding the response body, then the socket closes.
  const handleWebSocket = async (socket: WebSocket, request: FastifyRequest) => {
    const aborter = new AbortController();
    socket.once('close', () => aborter.abort());
    streams.add(aborter);
    try {
      const answer = await dispatch(opts.links, await buildRequest(request, aborter.signal, opts));
      if (answer.kind === 'stream') {
        await answer.run({
          signal: aborter.signal,
          write: (chunk) =>
            new Promise<void>((resolve) => {
              if (socket.readyState !== socket.OPEN) return resolve();
              socket.send(typeof chunk === 'string' ? chunk.replace(/\n$/, '') : chunk, () => resolve());
            }),
        });
      } else if (answer.kind === 'object') {
        socket.send(JSON.stringify(answer.body));
      } else {
        socket.send(answer.body);
      }
    } catch (err) {
      const status = isStatusError(err) ? err : statusErrors.internalError(err);
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(status.status));
    } finally {
      streams.delete(aborter);
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

async function buildRequest(request: FastifyRequest, signal: AbortSignal, opts: HttpServerOptions): Promise<ChainRequest> {
  const url = request.raw.url ?? request.url;
  const info = parseRequestInfo(request.method, url);
  const header = (name: string): string | undefined => {
    const value = request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  // The connection's own TLS socket: HTTP/2 requests expose a per-stream proxy of it, which
  // would defeat per-connection caching of the client certificate.
  const raw = request.raw as { socket: unknown; stream?: { session?: { socket?: unknown } } };
  const socket = (raw.stream?.session?.socket ?? raw.socket) as TLSSocket;
  const user = await opts.filters({ socket, header, headersDistinct: distinctHeaders(request.raw.rawHeaders), info });
  const queryAt = url.indexOf('?');
  const body = Buffer.isBuffer(request.body) ? request.body : undefined;
  return {
    method: request.method,
    url,
    info,
    query: new URLSearchParams(queryAt >= 0 ? url.slice(queryAt + 1) : ''),
    header,
    body,
    user,
    signal,
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

async function dispatch(links: readonly ServerLink[], req: ChainRequest): Promise<ChainReply> {
  for (const link of links) {
    const answer = await link.serve(req);
    if (answer) return answer;
  }
  throw statusErrors.pathNotFound();
}

/** Warning header values as kube sends them: `299 - "text"`. */
export function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}

function sendReply(reply: FastifyReply, request: FastifyRequest, answer: Exclude<ChainReply, { kind: 'stream' }>): FastifyReply {
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
  const pretty = isPretty(request);
  const body =
    answer.serialization === 'yaml'
      ? toYaml(answer.body)
      : `${pretty ? JSON.stringify(answer.body, null, 2) : JSON.stringify(answer.body)}\n`;
  // A Buffer keeps fastify from rewriting the Content-Type (it would add a charset and quote
  // parameters, which kube does not).
  return reply.send(Buffer.from(body));
}

function isPretty(request: FastifyRequest): boolean {
  const url = request.raw.url ?? '';
  const at = url.indexOf('?');
  if (at < 0) return false;
  const value = new URLSearchParams(url.slice(at + 1)).get('pretty');
  return value === 'true' || value === '1';
}

async function writeStream(reply: FastifyReply, answer: Extract<ChainReply, { kind: 'stream' }>, signal: AbortSignal): Promise<void> {
  reply.hijack();
  const raw = reply.raw as RawResponse & { flushHeaders?: () => void };
  raw.writeHead(answer.code, { 'content-type': answer.contentType, 'cache-control': 'no-cache, private' });
  // Clients (client-go, kubectl) wait for the headers before they consider a watch started.
  raw.flushHeaders?.();
  try {
    await answer.run({
      signal,
      write: (chunk) =>
        new Promise<void>((resolve) => {
          if (signal.aborted || raw.destroyed) return resolve();
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
