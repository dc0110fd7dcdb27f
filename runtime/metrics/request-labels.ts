// kube-apiserver's label values for a request: the reported verb, scope, dry_run and, for the few
// non-resource paths kube measures, the path it reports in place of a subresource.
//
// What kube reports (k8s.io/apiserver endpoints/metrics, learned from its behaviour):
// - verb: the HTTP method, except GET/HEAD on a collection is LIST; GET with a truthy ?watch (or
//   a /watch/ path) is WATCH; PATCH with Content-Type application/apply-patch+yaml is APPLY; a
//   request to the log, exec, portforward, attach or proxy subresource is CONNECT; any other
//   method is "other". A deletecollection is reported as DELETE (its scope tells it apart).
// - scope (request_total and request_duration): "resource" when the path names an object or the
//   method is POST, otherwise "namespace" for a collection inside a namespace and "cluster" for
//   cluster-scoped collections and lists across all namespaces; "" for non-resource requests.
// - dry_run: "" without the parameter, "All" when every value is All, otherwise "invalid".
// - non-resource requests: only health checks, aggregated discovery and OpenAPI v3 are measured
//   (with the path as subresource); everything else is not counted at all.

/** Structurally runtime/server's RequestInfo: the fields metrics read. */
export type MetricsRequestInfo =
  | {
      readonly isResourceRequest: true;
      readonly verb: string;
      readonly apiGroup: string;
      readonly apiVersion: string;
      readonly namespace: string;
      readonly resource: string;
      readonly subresource: string;
      readonly name: string;
      /** Path segments from the resource on; a second one means the path names an object. */
      readonly parts: readonly string[];
    }
  | {
      readonly isResourceRequest: false;
      readonly path: string;
      readonly verb: string;
    };

export interface RequestLabelValues {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  scope: string;
  dryRun: string;
  /** kube's component label: "apiserver" for API requests, "" for health checks and OpenAPI v3. */
  component: string;
  /** false: kube does not count this request (an unmeasured non-resource path); metrics skip it. */
  measured: boolean;
}

export type LongRunningLabelValues = Omit<RequestLabelValues, 'dryRun'>;

export const APPLY_PATCH_CONTENT_TYPE = 'application/apply-patch+yaml';
const CONNECT_SUBRESOURCES = new Set(['log', 'exec', 'portforward', 'attach', 'proxy']);
const REPORTED_VERBS = new Set([
  'APPLY',
  'CONNECT',
  'CREATE',
  'DELETE',
  'DELETECOLLECTION',
  'GET',
  'LIST',
  'PATCH',
  'POST',
  'PROXY',
  'PUT',
  'UPDATE',
  'WATCH',
  'WATCHLIST',
]);

/** kube reads only the first value, and anything but 0/false (any case) asks for a watch. */
function asksWatch(query: URLSearchParams): boolean {
  const value = query.get('watch');
  if (value === null) return false;
  const lower = value.toLowerCase();
  return lower !== '0' && lower !== 'false';
}

export function dryRunLabel(query: URLSearchParams): string {
  const values = query.getAll('dryRun');
  if (values.length === 0) return '';
  // The only valid value is All, so a valid set deduplicates and sorts to exactly "All".
  return values.every((v) => v === 'All') ? 'All' : 'invalid';
}

function canonicalVerb(method: string, scope: string): string {
  if (method === 'GET' || method === 'HEAD') return scope === 'resource' || scope === '' ? 'GET' : 'LIST';
  return method;
}

function cleanVerb(verb: string, method: string, info: MetricsRequestInfo, query: URLSearchParams, contentType: string | undefined): string {
  let reported = verb;
  if (method === 'GET' && asksWatch(query)) reported = 'WATCH';
  // An exact comparison, as kube makes: a charset parameter turns it back into PATCH.
  if (verb === 'PATCH' && contentType === APPLY_PATCH_CONTENT_TYPE) reported = 'APPLY';
  if (info.isResourceRequest && CONNECT_SUBRESOURCES.has(info.subresource)) reported = 'CONNECT';
  return REPORTED_VERBS.has(reported) ? reported : 'other';
}

/** kube's route scope: what the matched route is, not what the request info guessed. */
function routeScope(method: string, info: Extract<MetricsRequestInfo, { isResourceRequest: true }>): string {
  if (info.parts.length >= 2 || method === 'POST') return 'resource';
  return info.namespace !== '' ? 'namespace' : 'cluster';
}

interface NonResourceLabels {
  readonly subresource: string;
  readonly component: string;
}

/** The non-resource paths kube instruments, with the subresource and component it reports. */
function nonResourceLabels(path: string): NonResourceLabels | null {
  switch (path) {
    case '/healthz':
    case '/livez':
    case '/readyz':
      return { subresource: path, component: '' };
    case '/api':
      return { subresource: 'api', component: 'apiserver' };
    case '/apis':
      return { subresource: 'apis', component: 'apiserver' };
    case '/openapi/v3':
      return { subresource: 'openapi/v3', component: '' };
  }
  if (path.startsWith('/openapi/v3/')) return { subresource: 'openapi/v3/', component: '' };
  return null;
}

/** The label values of apiserver_request_total and apiserver_request_duration_seconds for a request. */
export function requestLabels(method: string, info: MetricsRequestInfo, query: URLSearchParams, contentType: string | undefined): RequestLabelValues {
  const upper = method.toUpperCase();
  const dryRun = dryRunLabel(query);
  if (!info.isResourceRequest) {
    const known = nonResourceLabels(info.path);
    return {
      verb: cleanVerb(canonicalVerb(upper, ''), upper, info, query, contentType),
      group: '',
      version: '',
      resource: '',
      subresource: known?.subresource ?? '',
      scope: '',
      dryRun,
      component: known?.component ?? '',
      measured: known !== null,
    };
  }
  const scope = routeScope(upper, info);
  // A watch the request info recognised (a /watch/ path or ?watch) is WATCH whatever the scope.
  const verb = info.verb === 'watch' ? 'WATCH' : cleanVerb(canonicalVerb(upper, scope), upper, info, query, contentType);
  return {
    verb,
    group: info.apiGroup,
    version: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    scope,
    dryRun,
    component: 'apiserver',
    measured: true,
  };
}

/**
 * The labels kube gives apiserver_longrunning_requests, which it derives from the request info
 * rather than the route: a watch of one object by fieldSelector has scope "resource", and a
 * legacy /watch/ path without ?watch reports GET or LIST.
 */
export function longRunningLabels(method: string, info: MetricsRequestInfo, query: URLSearchParams): LongRunningLabelValues {
  const upper = method.toUpperCase();
  if (!info.isResourceRequest) {
    return {
      verb: cleanVerb(canonicalVerb(upper, ''), upper, info, query, undefined),
      group: '',
      version: '',
      resource: '',
      subresource: info.path,
      scope: '',
      component: 'apiserver',
      measured: true,
    };
  }
  const scope = info.name !== '' || info.verb === 'create' ? 'resource' : info.namespace !== '' ? 'namespace' : 'cluster';
  return {
    verb: cleanVerb(canonicalVerb(upper, scope), upper, info, query, undefined),
    group: info.apiGroup,
    version: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    scope,
    component: 'apiserver',
    measured: true,
  };
}
