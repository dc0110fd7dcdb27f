// A server for the controller tests, assembled like runtime/server/api-server.ts (which does not
// start the controllers or serve namespaces/finalize yet): every generated resource over the
// in-memory backend, namespaces with their finalize handler, the built-in controllers, HTTPS on
// a free loopback port. Plus a small HTTPS client and bounded polling.
import { request } from 'node:https';
import { resources } from '../../generated/index.js';
import { startBuiltinControllers, type RunningControllers } from '../../runtime/controllers/index.js';
import { ServedResources } from '../../runtime/endpoints/served-resources.js';
import { issueServerPki } from '../../runtime/pki/index.js';
import { namespaceHandlers } from '../../runtime/resources/core/namespace/index.js';
import { bootstrapNamespaces } from '../../runtime/server/core/bootstrap.js';
import { coreLink } from '../../runtime/server/core/core-link.js';
import { ResourceInstaller } from '../../runtime/server/core/install-resources.js';
import { openApiDocuments } from '../../runtime/server/core/openapi.js';
import { openApiSource } from '../../runtime/server/core/openapi-source.js';
import { startHttpServer } from '../../runtime/server/http-server.js';
import { alwaysAllow, createAuthentication } from '../../runtime/auth/index.js';
import { filterChain } from '../../runtime/server/filters/index.js';
import { openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';

export interface Reply {
  status: number;
  // Parsed JSON bodies are whatever the server sent; tests read fields they assert on.
  body: Json;
}

export type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ControllerServer {
  readonly url: string;
  readonly installer: ResourceInstaller;
  call(method: string, path: string, body?: unknown): Promise<Reply>;
  /** Opens a watch and collects its events until stop(). */
  watch(path: string): { events: Json[]; stop(): void };
  stop(): Promise<void>;
}

export async function startControllerServer(opts: { controllers?: boolean } = {}): Promise<ControllerServer> {
  const backend = await openEmbeddedStorage({ mode: 'memory' });
  const pki = issueServerPki({ extraSans: [], bindAddress: '127.0.0.1' });
  const served = new ServedResources();
  const installer = new ResourceInstaller({ backend, keyPrefix: '/registry', served });
  await Promise.all(resources.map((r) => installer.install(r)));
  const ns = installer.get('', 'v1', 'namespaces')!;
  // The lead's wiring in install-resources.ts will do this; here the served entry is replaced.
  served.add({ descriptor: ns.generated.descriptor, generated: ns.generated, table: ns.table, handlers: namespaceHandlers(ns.store!) });
  await bootstrapNamespaces(installer);
  let port = 0;
  const http = await startHttpServer({
    tls: { keyPem: pki.serving.keyPem, certPem: pki.serving.certPem, clientCaPem: pki.ca.certPem },
    host: '127.0.0.1',
    port: 0,
    links: [
      coreLink({
        served,
        health: [],
        readiness: [],
        serverAddress: () => `127.0.0.1:${port}`,
        openapi: openApiDocuments(openApiSource(served)),
      }),
    ],
    lifecycle: { filters: filterChain({ authentication: createAuthentication({ x509: true, anonymous: false }), authorizer: alwaysAllow }) },
    onError: (err) => console.error('controller test server:', err),
  });
  port = http.port;
  const controllers: RunningControllers | null =
    opts.controllers === false ? null : startBuiltinControllers(installer, { onError: (err) => console.error('controller error:', err) });
  const creds = { ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem };

  const call = (method: string, path: string, body?: unknown) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      // Node sends no length for DELETE bodies by default (no chunking for that method): state it.
      const headers = { 'content-type': 'application/json', accept: 'application/json', ...(payload ? { 'content-length': String(payload.length) } : {}) };
      const req = request(new URL(path, http.url), { method, ...creds, headers }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? {} : (JSON.parse(text) as Json) }));
      });
      req.on('error', reject);
      req.end(payload);
    });

  const watch = (path: string) => {
    const events: Json[] = [];
    let buffer = '';
    const req = request(new URL(path, http.url), { method: 'GET', ...creds, headers: { accept: 'application/json' } }, (res) => {
      res.on('data', (c: Buffer) => {
        buffer += c.toString();
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line !== '') events.push(JSON.parse(line) as Json);
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', () => undefined);
    req.end();
    return { events, stop: () => req.destroy() };
  };

  return {
    url: http.url,
    installer,
    call,
    watch,
    async stop() {
      await controllers?.stop();
      await http.close();
      await installer.close();
      await backend.close();
    },
  };
}

/** Polls until check returns a value other than undefined, or fails after the deadline. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: last });
    await new Promise((r) => setTimeout(r, 20));
  }
}
