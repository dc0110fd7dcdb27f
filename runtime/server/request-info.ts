// Parses a request URL into the record every later stage reads (authorization, audit,
// metrics, dispatch), once, the way kube-apiserver's RequestInfo does.
import { parseGoBool } from '../api/index.js';
import { parseFieldSelector } from '../selection/index.js';

export type ResourceVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'proxy';

export interface ResourceRequestInfo {
  isResourceRequest: true;
  path: string;
  verb: ResourceVerb;
  /** "api" or "apis". */
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  /** "" when cluster-scoped or across all namespaces. */
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Path segments from the resource on, e.g. ["configmaps", "x"]. */
  parts: string[];
}

export interface NonResourceRequestInfo {
  isResourceRequest: false;
  path: string;
  /** The lower-case HTTP method. */
  verb: string;
}

export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

const METHOD_VERBS: Record<string, ResourceVerb> = {
  GET: 'get',
  HEAD: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

// Subresources of a namespace: /api/v1/namespaces/x/status names the namespace, not a resource.
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** `url` is the request target: a path with an optional query string; `query` its parsed query when the caller has it. */
export function parseRequestInfo(method: string, url: string, query?: URLSearchParams): RequestInfo {
  const queryAt = url.indexOf('?');
  const path = queryAt >= 0 ? url.slice(0, queryAt) : url;
  const nonResource: NonResourceRequestInfo = { isResourceRequest: false, path, verb: method.toLowerCase() };

  let segments: string[];
  try {
    // Every request passes here: decode only the segments that are encoded.
    segments = path.split('/').filter((s) => s !== '');
    for (let i = 0; i < segments.length; i++) if (segments[i]!.includes('%')) segments[i] = decodeURIComponent(segments[i]!);
  } catch {
    return nonResource;
  }
  const prefix = segments[0];
  let rest: string[];
  let apiGroup = '';
  let apiVersion: string;
  if (prefix === 'apis') {
    if (segments.length < 3) return nonResource;
    apiGroup = segments[1]!;
    apiVersion = segments[2]!;
    rest = segments.slice(3);
  } else if (prefix === 'api') {
    if (segments.length < 2) return nonResource;
    apiVersion = segments[1]!;
    rest = segments.slice(2);
  } else {
    return nonResource;
  }
  if (rest.length === 0) return nonResource;

  let verb: ResourceVerb | undefined = METHOD_VERBS[method.toUpperCase()];
  if (rest[0] === 'watch' || rest[0] === 'proxy') {
    if (rest.length < 2) return nonResource;
    verb = rest[0];
    rest = rest.slice(1);
  }
  if (verb === undefined) return nonResource;

  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1]!;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }

  const info: ResourceRequestInfo = {
    isResourceRequest: true,
    path,
    verb,
    apiPrefix: prefix,
    apiGroup,
    apiVersion,
    namespace,
    resource: rest[0] ?? '',
    name: rest[1] ?? '',
    subresource: rest[2] ?? '',
    parts: rest,
  };

  if (info.name === '' && info.verb === 'get') {
    query ??= new URLSearchParams(queryAt >= 0 ? url.slice(queryAt + 1) : '');
    info.verb = isTrue(query.get('watch')) ? 'watch' : 'list';
    // A list or watch of one name (client-go watches single objects this way) is authorized and
    // audited as a request for that name.
    const fieldSelector = query.get('fieldSelector');
    if (fieldSelector) {
      try {
        const name = parseFieldSelector(fieldSelector).requiresExactMatch('metadata.name');
        if (name !== undefined && isValidPathSegment(name)) info.name = name;
      } catch {
        // An unparsable selector is the handler's 400 to give, not the parser's.
      }
    }
  }
  if (info.name === '' && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}

function isTrue(value: string | null): boolean {
  return value !== null && parseGoBool(value) === true;
}

export function isValidPathSegment(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}
