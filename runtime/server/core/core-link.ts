// The core link of the server chain: discovery, /version, health, OpenAPI and every resource
// in the live registry.
import { createHash } from 'node:crypto';
import { statusErrors } from '../../errors/index.js';
import {
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  type AggregatedVersion,
} from '../../endpoints/discovery.js';
import { essenceOf, parseAccept } from '../../endpoints/media-types.js';
import { acceptsJson } from '../../endpoints/negotiation.js';
import { serveResourceRequest } from '../../endpoints/rest/resource-request.js';
import { EXPOSITION_CONTENT_TYPE, type ApiserverMetrics } from '../../metrics/index.js';
import type { ServedResources } from '../../endpoints/served-resources.js';
import type { ChainReply, ChainRequest, RawReply, ServerLink } from '../link.js';
import { versionInfo } from '../version.js';
import { healthReply, type HealthCheck } from './health.js';
import type { OpenApiDocuments } from './openapi.js';

export interface CoreLinkOptions {
  readonly served: ServedResources;
  readonly health: readonly HealthCheck[];
  readonly readiness: readonly HealthCheck[];
  /** host:port clients reach the server at (APIVersions.serverAddressByClientCIDRs). */
  readonly serverAddress: () => string;
  readonly openapi: OpenApiDocuments;
  /** Serves /metrics when given (authorization already happened in the filters). */
  readonly metrics?: Pick<ApiserverMetrics, 'render'> | undefined;
}

const DISCOVERY_TYPE = (version: AggregatedVersion) => `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;

/** The aggregated discovery version the Accept header asks for first, or null for legacy JSON. */
function aggregatedVersionWanted(accept: string | undefined): AggregatedVersion | null | 'none' {
  for (const mt of parseAccept(accept)) {
    const essence = essenceOf(mt);
    if (essence !== 'application/json' && essence !== '*/*' && essence !== 'application/*') continue;
    if (mt.params['as'] === 'APIGroupDiscoveryList' && mt.params['g'] === 'apidiscovery.k8s.io') {
      if (mt.params['v'] === 'v2' || mt.params['v'] === 'v2beta1') return mt.params['v'];
      continue;
    }
    if (mt.params['as'] === undefined) return null;
  }
  return 'none';
}

interface EncodedDocument {
  readonly text: string;
  readonly etag: string;
}

function encodeDocument(body: unknown): EncodedDocument {
  const text = `${JSON.stringify(body)}\n`;
  return { text, etag: `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"` };
}

function jsonReply(body: unknown, req: ChainRequest, extraHeaders: Record<string, string> = {}, contentType = 'application/json', encoded?: EncodedDocument): RawReply {
  const { text, etag } = encoded ?? encodeDocument(body);
  const headers = { etag, vary: 'Accept', 'cache-control': 'no-cache, private', ...extraHeaders };
  // A 304's headers replace the cached response's in client caches, so it must carry the
  // Content-Type too: clients tell aggregated from legacy discovery by it.
  if (req.header('if-none-match') === etag) return { kind: 'raw', code: 304, contentType, body: '', headers };
  return { kind: 'raw', code: 200, contentType, body: text, headers };
}

export function coreLink(opts: CoreLinkOptions): ServerLink {
  const { served } = opts;
  // Discovery documents change only when the served set does (every kubectl run reads them):
  // built, encoded and hashed once per generation of the registry.
  const documents = new Map<string, { generation: number; encoded: EncodedDocument }>();
  const discovery = (key: string, req: ChainRequest, build: () => unknown, contentType = 'application/json'): RawReply | null => {
    let entry = documents.get(key);
    if (entry === undefined || entry.generation !== served.generation) {
      const doc = build();
      // Paths that name nothing are not kept: anyone could otherwise grow the map.
      if (doc === null || doc === undefined) return null;
      entry = { generation: served.generation, encoded: encodeDocument(doc) };
      documents.set(key, entry);
    }
    return jsonReply(undefined, req, {}, contentType, entry.encoded);
  };

  const discoveryRoot = (req: ChainRequest, which: 'api' | 'apis'): RawReply => {
    const wanted = aggregatedVersionWanted(req.header('accept'));
    if (wanted === 'none') throw statusErrors.notAcceptable(['application/json', DISCOVERY_TYPE('v2'), DISCOVERY_TYPE('v2beta1')]);
    if (wanted !== null) return discovery(`/${which} ${wanted}`, req, () => aggregatedDiscovery(served, which, wanted), DISCOVERY_TYPE(wanted))!;
    return discovery(`/${which}`, req, () => (which === 'api' ? apiVersions(served, opts.serverAddress()) : apiGroupList(served)))!;
  };

  return {
    name: 'core',
    async serve(req: ChainRequest): Promise<ChainReply | null> {
      const info = req.info;
      if (info.isResourceRequest) {
        const resource = served.lookup(info.apiGroup, info.apiVersion, info.resource);
        if (!resource) return null;
        return serveResourceRequest(resource, { ...req, info });
      }
      const path = info.path.replace(/\/+$/, '') || '/';
      const get = req.method === 'GET' || req.method === 'HEAD';
      // Exactly /metrics, as kube's mux matches it: /metrics/ and /metrics/x are not it.
      if (info.path === '/metrics' && opts.metrics) {
        if (!get) throw statusErrors.methodNotSupported({ group: '', resource: '' }, req.method);
        return { kind: 'raw', code: 200, contentType: EXPOSITION_CONTENT_TYPE, body: opts.metrics.render(), headers: { 'cache-control': 'no-cache, private' } };
      }
      switch (path) {
        case '/version':
          if (!get) throw statusErrors.methodNotSupported({ group: '', resource: '' }, req.method);
          return jsonReply(versionInfo(), req);
        case '/healthz':
        case '/livez':
          return healthReply(path.slice(1) as 'healthz' | 'livez', opts.health, req);
        case '/readyz':
          return healthReply('readyz', opts.readiness, req);
        case '/api':
          return get ? discoveryRoot(req, 'api') : null;
        case '/apis':
          return get ? discoveryRoot(req, 'apis') : null;
      }
      if (path.startsWith('/openapi/')) return get ? opts.openapi.serve(path, req) : null;
      if (!get) return null;
      const segments = path.split('/').filter(Boolean);
      if (segments[0] === 'api' && segments.length === 2) {
        if (!acceptsJson(req.header('accept'))) throw statusErrors.notAcceptable(['application/json']);
        return discovery(path, req, () => apiResourceList(served, '', segments[1]!));
      }
      if (segments[0] === 'apis' && segments.length === 2) {
        return discovery(path, req, () => apiGroupDocument(served, segments[1]!));
      }
      if (segments[0] === 'apis' && segments.length === 3) {
        return discovery(path, req, () => apiResourceList(served, segments[1]!, segments[2]!));
      }
      return null;
    },
  };
}
