// /openapi/v3 (an index of per-group-version documents, each addressed with a content hash
// so clients may cache it forever) and /openapi/v2.
import { createHash } from 'node:crypto';
import { statusErrors } from '../../errors/index.js';
import { parseAccept, essenceOf } from '../../endpoints/media-types.js';
import type { ChainRequest, RawReply } from '../link.js';

/** Supplies OpenAPI v3 documents keyed by their path under /openapi/v3 ("api/v1", "apis/g/v"). */
export interface OpenApiSource {
  /** Changes whenever a document changes (resources or CRDs added, changed or removed). */
  readonly generation: () => number;
  documents(): ReadonlyMap<string, object>;
  /** The merged Swagger 2.0 document of everything served. */
  readonly v2?: () => object;
}

interface Rendered {
  generation: number;
  byPath: Map<string, { body: string; hash: string }>;
}

export interface OpenApiDocuments {
  serve(path: string, req: ChainRequest): Promise<RawReply | null>;
}

const PROTOBUF_V2 = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

export function openApiDocuments(source: OpenApiSource): OpenApiDocuments {
  let rendered: Rendered | null = null;
  // A source that hands back the same object for an unchanged document (openapi-source does)
  // spares re-encoding every document when one group version changes.
  let encoded = new WeakMap<object, { body: string; hash: string }>();
  const render = (): Rendered => {
    const generation = source.generation();
    if (rendered && rendered.generation === generation) return rendered;
    const byPath = new Map<string, { body: string; hash: string }>();
    const next = new WeakMap<object, { body: string; hash: string }>();
    for (const [path, doc] of source.documents()) {
      let e = encoded.get(doc);
      if (!e) {
        const body = JSON.stringify(doc);
        e = { body, hash: createHash('sha512').update(body).digest('hex').slice(0, 128).toUpperCase() };
      }
      next.set(doc, e);
      byPath.set(path, e);
    }
    encoded = next;
    rendered = { generation, byPath };
    return rendered;
  };
  let v2Body: { generation: number; body: string } | null = null;
  const renderV2 = (): string => {
    const generation = source.generation();
    if (v2Body && v2Body.generation === generation) return v2Body.body;
    const v2 = source.v2?.() ?? { swagger: '2.0', info: { title: 'Kubernetes', version: 'unversioned' }, paths: {}, definitions: {} };
    v2Body = { generation, body: JSON.stringify(v2) };
    return v2Body.body;
  };

  return {
    async serve(path, req) {
      if (path === '/openapi/v2') {
        // kubectl asks for the protobuf form and only falls back to it; an empty document is a
        // valid (empty) OpenAPI v2 protobuf message and tells it to rely on v3.
        const wantsProtobuf = parseAccept(req.header('accept')).some((mt) => essenceOf(mt).includes('protobuf'));
        if (wantsProtobuf) return { kind: 'raw', code: 200, contentType: PROTOBUF_V2, body: '' };
        return { kind: 'raw', code: 200, contentType: 'application/json', body: renderV2() };
      }
      if (path === '/openapi/v3') {
        const paths: Record<string, { serverRelativeURL: string }> = {};
        for (const [key, doc] of render().byPath) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${doc.hash}` };
        return { kind: 'raw', code: 200, contentType: 'application/json', body: JSON.stringify({ paths }), headers: { 'cache-control': 'no-cache, private' } };
      }
      if (path.startsWith('/openapi/v3/')) {
        const key = path.slice('/openapi/v3/'.length);
        const doc = render().byPath.get(key);
        if (!doc) return null;
        const hash = req.query.get('hash');
        if (hash && hash !== doc.hash) {
          // An outdated hash: send the client to the current document, as kube does.
          return { kind: 'raw', code: 301, body: '', headers: { location: `/openapi/v3/${key}?hash=${doc.hash}`, 'cache-control': 'no-cache, private' } };
        }
        const headers: Record<string, string> = hash
          ? { 'cache-control': 'public, immutable', expires: new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString(), etag: `"${doc.hash}"` }
          : { 'cache-control': 'no-cache, private', etag: `"${doc.hash}"` };
        if (req.header('if-none-match') === `"${doc.hash}"`) return { kind: 'raw', code: 304, contentType: 'application/json', body: '', headers };
        return { kind: 'raw', code: 200, contentType: 'application/json', body: doc.body, headers };
      }
      if (path.startsWith('/openapi/')) throw statusErrors.pathNotFound();
      return null;
    },
  };
}
