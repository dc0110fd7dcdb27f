// Requests that may legitimately last long (kube's long-running check): watches, proxies and
// the streaming subresources. They are exempt from the in-flight limit and the request timeout.
import type { RequestInfo } from '../request-info.js';

const LONG_RUNNING_VERBS = new Set(['watch', 'proxy']);
const LONG_RUNNING_SUBRESOURCES = new Set(['attach', 'exec', 'proxy', 'log', 'portforward']);

export function isLongRunning(info: RequestInfo): boolean {
  if (!info.isResourceRequest) return false;
  return LONG_RUNNING_VERBS.has(info.verb) || LONG_RUNNING_SUBRESOURCES.has(info.subresource);
}

const MUTATING_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** Which in-flight pool a request counts against (kube's mutating vs read-only). */
export function isMutating(info: RequestInfo): boolean {
  return info.isResourceRequest ? MUTATING_VERBS.has(info.verb) : info.verb === 'post' || info.verb === 'put' || info.verb === 'patch' || info.verb === 'delete';
}
