// Requests that may legitimately last long (kube's long-running check): watches, proxies and
// the streaming subresources. They are exempt from the in-flight limit and the request timeout.
import type { RequestInfo } from '../request-info.js';

const LONG_RUNNING_VERBS = new Set(['watch', 'proxy']);
const LONG_RUNNING_SUBRESOURCES = new Set(['attach', 'exec', 'proxy', 'log', 'portforward']);

export function isLongRunning(info: RequestInfo): boolean {
  if (!info.isResourceRequest) return false;
  return LONG_RUNNING_VERBS.has(info.verb) || LONG_RUNNING_SUBRESOURCES.has(info.subresource);
}

const READ_ONLY_VERBS = new Set(['get', 'list', 'watch']);

/** Which in-flight pool a request counts against: kube's read-only verbs, everything else mutating. */
export function isMutating(info: RequestInfo): boolean {
  return !READ_ONLY_VERBS.has(info.verb);
}

const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

/** Not counted against the in-flight limits: long-running requests and health probes (a flood must not fail them). */
export function isInflightExempt(info: RequestInfo): boolean {
  return isLongRunning(info) || (!info.isResourceRequest && HEALTH_PATHS.has(info.path));
}
