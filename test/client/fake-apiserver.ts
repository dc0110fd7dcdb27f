// A small in-memory API server for the client tests. It speaks just enough of kube's REST and
// watch protocol: paged lists with resourceVersion and continue tokens, chunked JSON watch
// streams that replay history from a resourceVersion, BOOKMARKs, 410 Expired ERROR events for
// compacted versions, and hooks to drop or end watch connections. Plain HTTP/1.1 or TLS with
// HTTP/2 (HTTP/1.1 allowed too), optionally requiring a client certificate.
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import type { Socket } from 'node:net';
import { makePredicate, type SelectionPredicate } from '../../runtime/selection/index.js';
import type { KubeObject, ResourceRef, Status } from '../../runtime/client/index.js';
import { LOOPBACK } from '../support/free-port.js';

export type Request = http.IncomingMessage | http2.Http2ServerRequest;
export type Response = http.ServerResponse | http2.Http2ServerResponse;

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  httpVersion: string;
  /** CN of the client certificate, when one was presented. */
  clientCN?: string;
}

/** Answers a request itself by returning true. */
export type Intercept = (req: RecordedRequest, res: Response) => boolean;

export interface Obj extends KubeObject {
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; labels?: { [k: string]: string } };
  [field: string]: unknown;
}

interface HistoryEntry {
  rv: number;
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Obj;
}

interface Watcher {
  resource: string;
  namespace: string | undefined;
  predicate: SelectionPredicate<Obj>;
  bookmarks: boolean;
  res: Response;
  ref: ResourceRef;
}

interface ParsedPath {
  ref: ResourceRef;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function status(code: number, reason: string, message: string, details?: Status['details']): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: code < 400 ? 'Success' : 'Failure', message, reason, code, ...(details ? { details } : {}) };
}

export class FakeApiServer {
  rv = 100;
  /** Watches and continue tokens from before this revision answer 410 Expired. */
  compactedRv = 0;
  readonly requests: RecordedRequest[] = [];
  readonly intercepts: Intercept[] = [];
  private readonly refs: ResourceRef[] = [];
  private readonly objects = new Map<string, Map<string, Obj>>();
  private history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();
  private uid = 0;

  constructor(refs: ResourceRef[]) {
    for (const ref of refs) {
      this.refs.push(ref);
      this.objects.set(id(ref), new Map());
    }
  }

  readonly handler = (req: Request, res: Response): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const socket = (req.socket ?? undefined) as (Socket & { getPeerCertificate?: () => { subject?: { CN?: string } } }) | undefined;
      const cn = socket?.getPeerCertificate?.()?.subject?.CN;
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        httpVersion: req.httpVersion,
        ...(cn ? { clientCN: cn } : {}),
      };
      this.requests.push(recorded);
      for (const intercept of this.intercepts) if (intercept(recorded, res)) return;
      try {
        this.serve(recorded, res);
      } catch (err) {
        send(res, 500, status(500, 'InternalError', String(err)));
      }
    });
  };

  // ---- direct state changes, as if another client had made them ----

  /** Creates or replaces an object; returns the stored copy. */
  put(ref: ResourceRef, obj: Obj): Obj {
    const store = this.store(ref);
    const key = keyOf(obj);
    const existed = store.has(key);
    const stored = clone(obj);
    stored.metadata.resourceVersion = String(++this.rv);
    stored.metadata.uid ??= store.get(key)?.metadata.uid ?? `uid-${++this.uid}`;
    store.set(key, stored);
    this.record(ref, existed ? 'MODIFIED' : 'ADDED', stored);
    return clone(stored);
  }

  remove(ref: ResourceRef, namespace: string | undefined, name: string): Obj | undefined {
    const store = this.store(ref);
    const key = namespace ? `${namespace}/${name}` : name;
    const old = store.get(key);
    if (!old) return undefined;
    store.delete(key);
    const gone = clone(old);
    gone.metadata.resourceVersion = String(++this.rv);
    this.record(ref, 'DELETED', gone);
    return gone;
  }

  get(ref: ResourceRef, namespace: string | undefined, name: string): Obj | undefined {
    const found = this.store(ref).get(namespace ? `${namespace}/${name}` : name);
    return found ? clone(found) : undefined;
  }

  /** Forgets history up to now: older watches and continue tokens get 410. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history = [];
  }

  /** Cuts every open watch connection, as a network failure would. */
  dropWatches(): void {
    for (const w of [...this.watchers]) {
      this.watchers.delete(w);
      w.res.destroy();
    }
  }

  /** Ends every open watch cleanly, as a server-side timeout does. */
  endWatches(): void {
    for (const w of [...this.watchers]) {
      this.watchers.delete(w);
      w.res.end();
    }
  }

  /** Sends a BOOKMARK at the current revision to watches that asked for them. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      writeEvent(w.res, { type: 'BOOKMARK', object: { kind: w.ref.kind, apiVersion: apiVersion(w.ref), metadata: { resourceVersion: String(this.rv) } } });
    }
  }

  get openWatches(): number {
    return this.watchers.size;
  }

  // ---- serving ----

  /** Serves a recorded request normally; an intercept may call it after a delay. */
  serve(req: RecordedRequest, res: Response): void {
    const parsed = this.parsePath(req.path);
    if (!parsed) {
      send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const { ref, namespace, name, subresource } = parsed;
    const store = this.store(ref);
    const body = req.body ? (JSON.parse(req.body) as Obj) : undefined;
    const notFound = (): void => send(res, 404, status(404, 'NotFound', `${ref.plural} "${name}" not found`, { name: name!, kind: ref.plural }));
    const key = namespace ? `${namespace}/${name}` : name!;

    if (name === undefined) {
      if (req.method === 'GET' && req.query.get('watch') === 'true') return this.watch(ref, namespace, req, res);
      if (req.method === 'GET') return this.list(ref, namespace, req, res);
      if (req.method === 'POST') {
        const obj = body!;
        if (namespace) obj.metadata.namespace = namespace;
        if (store.has(keyOf(obj))) {
          send(res, 409, status(409, 'AlreadyExists', `${ref.plural} "${obj.metadata.name}" already exists`, { name: obj.metadata.name, kind: ref.plural }));
          return;
        }
        send(res, 201, this.put(ref, obj));
        return;
      }
      if (req.method === 'DELETE') {
        const predicate = predicateOf(req.query);
        const deleted = [...store.values()]
          .filter((o) => (!namespace || o.metadata.namespace === namespace) && predicate.matches(o))
          .map((o) => this.remove(ref, o.metadata.namespace, o.metadata.name)!);
        send(res, 200, { kind: ref.listKind, apiVersion: apiVersion(ref), metadata: { resourceVersion: String(this.rv) }, items: deleted });
        return;
      }
    } else if (subresource === undefined || subresource === 'status') {
      const current = store.get(key);
      if (req.method === 'GET') {
        if (!current) return notFound();
        send(res, 200, current);
        return;
      }
      if (req.method === 'PUT') {
        if (!current) return notFound();
        const obj = body!;
        if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== current.metadata.resourceVersion) {
          send(res, 409, status(409, 'Conflict', `Operation cannot be fulfilled on ${ref.plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`));
          return;
        }
        const next = subresource === 'status' ? { ...current, status: obj.status } : { ...obj, metadata: { ...obj.metadata, uid: current.metadata.uid } };
        send(res, 200, this.put(ref, next as Obj));
        return;
      }
      if (req.method === 'PATCH') {
        const type = String(req.headers['content-type']);
        if (!current) {
          if (type === 'application/apply-patch+yaml') {
            send(res, 201, this.put(ref, { ...body!, metadata: { ...body!.metadata, name: name!, ...(namespace ? { namespace } : {}) } }));
            return;
          }
          return notFound();
        }
        const patched = type === 'application/json-patch+json' ? applyJsonPatch(current, JSON.parse(req.body) as JsonOp[]) : mergePatch(current, body) as Obj;
        send(res, 200, this.put(ref, patched));
        return;
      }
      if (req.method === 'DELETE') {
        if (!current) return notFound();
        send(res, 200, this.remove(ref, namespace, name));
        return;
      }
    } else {
      // Other subresources: echo what was asked, so tests can see it arrived intact.
      send(res, req.method === 'POST' ? 201 : 200, { kind: 'Echo', apiVersion: 'v1', method: req.method, subresource, name, body: body ?? null });
      return;
    }
    send(res, 405, status(405, 'MethodNotAllowed', `${req.method} is not supported`));
  }

  private list(ref: ResourceRef, namespace: string | undefined, req: RecordedRequest, res: Response): void {
    const predicate = predicateOf(req.query);
    let listRv = this.rv;
    let after = '';
    const token = req.query.get('continue');
    if (token) {
      let decoded: { rv: number; after: string };
      try {
        decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { rv: number; after: string };
      } catch {
        send(res, 400, status(400, 'BadRequest', 'continue key is not valid'));
        return;
      }
      if (decoded.rv < this.compactedRv) {
        send(res, 410, status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'));
        return;
      }
      listRv = decoded.rv;
      after = decoded.after;
    }
    // A continued list must show the snapshot of its first page; the fake only supports
    // continuing while nothing changed, or answering 410 after a compaction.
    const all = [...this.store(ref).entries()]
      .filter(([, o]) => (!namespace || o.metadata.namespace === namespace) && predicate.matches(o))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .filter(([k]) => k > after);
    const limit = Number(req.query.get('limit') ?? 0);
    const page = limit > 0 ? all.slice(0, limit) : all;
    const metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(listRv) };
    if (limit > 0 && all.length > limit) {
      metadata.continue = Buffer.from(JSON.stringify({ rv: listRv, after: page[page.length - 1]![0] })).toString('base64url');
      metadata.remainingItemCount = all.length - limit;
    }
    send(res, 200, { kind: ref.listKind, apiVersion: apiVersion(ref), metadata, items: page.map(([, o]) => o) });
  }

  private watch(ref: ResourceRef, namespace: string | undefined, req: RecordedRequest, res: Response): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    // The client learns the watch was accepted before any event exists, as from kube.
    if (res instanceof http.ServerResponse) res.flushHeaders();
    const predicate = predicateOf(req.query);
    const rvParam = req.query.get('resourceVersion') ?? '';
    const resource = id(ref);
    const matches = (o: Obj): boolean => (!namespace || o.metadata.namespace === namespace) && predicate.matches(o);
    if (rvParam === '' || rvParam === '0') {
      for (const o of this.store(ref).values()) if (matches(o)) writeEvent(res, { type: 'ADDED', object: o });
    } else {
      const from = Number(rvParam);
      if (from < this.compactedRv) {
        writeEvent(res, {
          type: 'ERROR',
          object: status(410, 'Expired', `too old resource version: ${from} (${this.compactedRv})`),
        });
        res.end();
        return;
      }
      for (const e of this.history) if (e.resource === resource && e.rv > from && matches(e.object)) writeEvent(res, { type: e.type, object: e.object });
    }
    const watcher: Watcher = { resource, namespace, predicate, bookmarks: req.query.get('allowWatchBookmarks') === 'true', res, ref };
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
  }

  private record(ref: ResourceRef, type: HistoryEntry['type'], object: Obj): void {
    const entry: HistoryEntry = { rv: this.rv, resource: id(ref), type, object: clone(object) };
    this.history.push(entry);
    for (const w of this.watchers) {
      if (w.resource !== entry.resource) continue;
      if (w.namespace && object.metadata.namespace !== w.namespace) continue;
      if (!w.predicate.matches(object)) continue;
      writeEvent(w.res, { type, object });
    }
  }

  private store(ref: ResourceRef): Map<string, Obj> {
    const store = this.objects.get(id(ref));
    if (!store) throw new Error(`fake apiserver does not serve ${id(ref)}`);
    return store;
  }

  private parsePath(path: string): ParsedPath | undefined {
    const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api' && parts.length >= 3) {
      group = '';
      version = parts[1]!;
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 4) {
      group = parts[1]!;
      version = parts[2]!;
      rest = parts.slice(3);
    } else {
      return undefined;
    }
    let namespace: string | undefined;
    const namespacedPlural = (plural: string | undefined): boolean =>
      this.refs.some((r) => r.group === group && r.version === version && r.plural === plural && r.scope === 'Namespaced');
    // `/namespaces/x/finalize` is the namespaces resource, not a namespace named x.
    if (rest[0] === 'namespaces' && rest.length >= 3 && namespacedPlural(rest[2])) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const ref = this.refs.find((r) => r.group === group && r.version === version && r.plural === rest[0]);
    if (!ref) return undefined;
    if (namespace !== undefined && ref.scope === 'Cluster') return undefined;
    return { ref, namespace, name: rest[1], subresource: rest[2] };
  }
}

type JsonOp = { op: string; path: string; value?: unknown };

function applyJsonPatch(obj: Obj, ops: JsonOp[]): Obj {
  const out = clone(obj) as unknown as Record<string, unknown>;
  for (const op of ops) {
    const segments = op.path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let target = out;
    for (const s of segments.slice(0, -1)) target = (target[s] ??= {}) as Record<string, unknown>;
    const last = segments[segments.length - 1]!;
    if (op.op === 'remove') delete target[last];
    else target[last] = op.value;
  }
  return out as unknown as Obj;
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function predicateOf(query: URLSearchParams): SelectionPredicate<Obj> {
  return makePredicate<Obj>({ labelSelector: query.get('labelSelector') ?? '', fieldSelector: query.get('fieldSelector') ?? '' });
}

function keyOf(obj: Obj): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

function id(ref: ResourceRef): string {
  return `${ref.group}/${ref.version}/${ref.plural}`;
}

function apiVersion(ref: ResourceRef): string {
  return ref.group ? `${ref.group}/${ref.version}` : ref.version;
}

export function send(res: Response, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function writeEvent(res: Response, event: unknown): void {
  (res as http.ServerResponse).write(`${JSON.stringify(event)}\n`);
}

// ---- servers ----

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Plain HTTP/1.1 on a free loopback port. */
export function serveHttp(handler: (req: Request, res: Response) => void): Promise<RunningServer> {
  const server = http.createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://${LOOPBACK}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export interface TlsServerOptions {
  key: Buffer;
  cert: Buffer;
  /** CA for client certificates; with requireClientCert, unauthenticated handshakes fail. */
  ca?: Buffer;
  requireClientCert?: boolean;
  /** Offer h2 (default) or only HTTP/1.1 by ALPN. */
  http2?: boolean;
}

export interface RunningTlsServer extends RunningServer {
  /** Every HTTP/2 session the server accepted, to kill them in tests. */
  sessions: http2.ServerHttp2Session[];
}

/** TLS with ALPN h2 (and HTTP/1.1 fallback) on a free loopback port. */
export function serveTls(handler: (req: Request, res: Response) => void, options: TlsServerOptions): Promise<RunningTlsServer> {
  const tlsOptions = {
    key: options.key,
    cert: options.cert,
    ...(options.ca ? { ca: options.ca } : {}),
    requestCert: options.requireClientCert ?? false,
    rejectUnauthorized: options.requireClientCert ?? false,
  };
  // An HTTP/1.1-only server is a plain https server: it offers no h2 by ALPN.
  const server = options.http2 === false ? https.createServer(tlsOptions, handler) : http2.createSecureServer({ ...tlsOptions, allowHTTP1: true }, handler);
  const sessions: http2.ServerHttp2Session[] = [];
  const sockets = new Set<Socket>();
  server.on('session', (s: http2.ServerHttp2Session) => sessions.push(s));
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `https://${LOOPBACK}:${port}`,
        sessions,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sessions) if (!s.destroyed) s.destroy();
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
