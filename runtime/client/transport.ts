// Moves bytes: one request in, status + headers + a readable body out. HTTP/1.1 goes through
// node:http/https with a keep-alive agent; HTTP/2 through node:http2 with one session per
// server, replaced as soon as it dies (GOAWAY, close, error) so the next request reconnects.
// With protocol 'auto' a TLS server is asked for h2 by ALPN once, and the answer is kept.
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import tls from 'node:tls';
import type { Readable } from 'node:stream';

export type HttpProtocol = 'auto' | 'http1' | 'http2';

export interface TlsSettings {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** False only for insecure-skip-tls-verify. */
  rejectUnauthorized: boolean;
  /** SNI and the name the certificate is checked against (kubeconfig tls-server-name). */
  servername?: string;
}

export interface TransportRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
  /** '1.1' or '2'. */
  httpVersion: string;
}

export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  /** Closes idle connections and sessions; requests in flight are not interrupted. */
  close(): void;
}

export function createTransport(server: string, settings: TlsSettings, protocol: HttpProtocol = 'auto'): Transport {
  const url = new URL(server);
  if (url.protocol === 'http:') {
    if (protocol === 'http2') throw new Error('HTTP/2 is only supported over TLS (https)');
    return new Http1Transport(url, settings);
  }
  if (url.protocol !== 'https:') throw new Error(`unsupported server URL scheme: ${url.protocol}`);
  if (protocol === 'http1') return new Http1Transport(url, settings);
  if (protocol === 'http2') return new Http2Transport(url, settings);
  return new AutoTransport(url, settings);
}

class Http1Transport implements Transport {
  private readonly agent: http.Agent;

  constructor(
    private readonly url: URL,
    private readonly tls: TlsSettings,
  ) {
    const secure = url.protocol === 'https:';
    this.agent = secure
      ? new https.Agent({ keepAlive: true, ...tlsOptions(tls), ALPNProtocols: ['http/1.1'] })
      : new http.Agent({ keepAlive: true });
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    const secure = this.url.protocol === 'https:';
    const send = secure ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...req.headers };
      if (req.body) headers['content-length'] = String(req.body.length);
      const outgoing = send({
        protocol: this.url.protocol,
        hostname: stripBrackets(this.url.hostname),
        port: this.url.port || (secure ? 443 : 80),
        method: req.method,
        path: joinBasePath(this.url, req.path),
        headers,
        agent: this.agent,
        ...(req.signal ? { signal: req.signal } : {}),
        ...(secure ? tlsOptions(this.tls) : {}),
      });
      outgoing.once('response', (res) => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res, httpVersion: res.httpVersion });
      });
      outgoing.once('error', reject);
      outgoing.end(req.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

class Http2Transport implements Transport {
  private session: http2.ClientHttp2Session | undefined;
  private active = 0;

  constructor(
    private readonly url: URL,
    private readonly tls: TlsSettings,
    /** A socket that already negotiated h2, used for the first session. */
    private firstSocket?: tls.TLSSocket,
  ) {}

  private currentSession(): http2.ClientHttp2Session {
    const existing = this.session;
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const socket = this.firstSocket;
    this.firstSocket = undefined;
    const session = http2.connect(this.url.origin, {
      ...tlsOptions(this.tls),
      ...(socket ? { createConnection: () => socket } : {}),
    });
    const forget = (): void => {
      if (this.session === session) this.session = undefined;
    };
    // A dead session must never be handed out again; errors reach the streams that were open.
    session.on('error', forget);
    session.on('goaway', forget);
    session.on('close', forget);
    session.unref();
    // Every open stream (many long watches, with a factory) listens for the session's end.
    session.setMaxListeners(0);
    this.session = session;
    this.active = 0;
    return session;
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      let session: http2.ClientHttp2Session;
      let stream: http2.ClientHttp2Stream;
      try {
        session = this.currentSession();
        const headers: http2.OutgoingHttpHeaders = {
          ':method': req.method,
          ':path': joinBasePath(this.url, req.path),
          ':authority': this.url.host,
        };
        for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;
        if (req.body) headers['content-length'] = String(req.body.length);
        stream = session.request(headers, { endStream: !req.body, ...(req.signal ? { signal: req.signal } : {}) });
      } catch (err) {
        reject(err);
        return;
      }
      // Keep the process alive only while this session has streams open.
      this.active++;
      session.ref();
      let answered = false;
      // A session can die (e.g. the server rejects the client certificate after the handshake)
      // without every stream hearing of it; a request must fail then, not wait forever.
      const onSessionGone = (err?: unknown): void => {
        if (!answered) reject(err ?? connectionClosed('the HTTP/2 session closed before the response'));
      };
      session.once('error', onSessionGone);
      session.once('close', onSessionGone);
      stream.once('close', () => {
        session.removeListener('error', onSessionGone);
        session.removeListener('close', onSessionGone);
        this.active = Math.max(0, this.active - 1);
        if (this.active === 0 && this.session === session) session.unref();
        if (!answered) reject(connectionClosed(`the HTTP/2 stream closed before the response (code ${stream.rstCode})`));
      });
      stream.once('response', (headers) => {
        answered = true;
        const out: Record<string, string | string[] | undefined> = {};
        for (const [name, value] of Object.entries(headers)) {
          if (!name.startsWith(':')) out[name] = value === undefined ? undefined : Array.isArray(value) ? value : String(value);
        }
        resolve({ status: Number(headers[':status']), headers: out, body: stream, httpVersion: '2' });
      });
      stream.once('error', reject);
      if (req.body) stream.end(req.body);
    });
  }

  close(): void {
    this.session?.close();
    this.session = undefined;
  }
}

/** Asks the server for h2 by ALPN on first use; stays with whichever protocol it chose. */
class AutoTransport implements Transport {
  private chosen: Promise<Transport> | undefined;
  private resolved: Transport | undefined;

  constructor(
    private readonly url: URL,
    private readonly tls: TlsSettings,
  ) {}

  private choose(): Promise<Transport> {
    this.chosen ??= probeAlpn(this.url, this.tls).then(
      (socket) => {
        const transport =
          socket.alpnProtocol === 'h2' ? new Http2Transport(this.url, this.tls, socket) : new Http1Transport(this.url, this.tls);
        if (socket.alpnProtocol !== 'h2') socket.destroy();
        this.resolved = transport;
        return transport;
      },
      (err: unknown) => {
        // Probe again next time: the server may simply not be up yet.
        this.chosen = undefined;
        throw err;
      },
    );
    return this.chosen;
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    const transport = this.resolved ?? (await abortable(this.choose(), req.signal));
    return transport.request(req);
  }

  close(): void {
    this.resolved?.close();
  }
}

function probeAlpn(url: URL, settings: TlsSettings): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: stripBrackets(url.hostname),
      port: Number(url.port || 443),
      ALPNProtocols: ['h2', 'http/1.1'],
      ...tlsOptions(settings),
      servername: settings.servername ?? (isIp(stripBrackets(url.hostname)) ? undefined : stripBrackets(url.hostname)),
    } as tls.ConnectionOptions);
    // A server that takes the TCP connection but never finishes the handshake must not leave
    // every later request waiting on this probe.
    socket.setTimeout(PROBE_TIMEOUT_MS, () => socket.destroy(Object.assign(new Error('TLS handshake timed out'), { code: 'ETIMEDOUT' })));
    socket.once('secureConnect', () => {
      socket.setTimeout(0);
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

const PROBE_TIMEOUT_MS = 30_000;

/** Stops waiting for `promise` (which keeps running) when `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function connectionClosed(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_HTTP2_STREAM_ERROR' });
}

function tlsOptions(settings: TlsSettings): tls.ConnectionOptions {
  const options: tls.ConnectionOptions = { rejectUnauthorized: settings.rejectUnauthorized };
  if (settings.ca) options.ca = settings.ca;
  if (settings.cert) options.cert = settings.cert;
  if (settings.key) options.key = settings.key;
  if (settings.servername) options.servername = settings.servername;
  return options;
}

/** A server URL may carry a path prefix (e.g. behind a proxy); requests go beneath it. */
function joinBasePath(url: URL, path: string): string {
  const base = url.pathname.replace(/\/+$/, '');
  return base + path;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
