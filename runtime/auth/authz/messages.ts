// kube's 403 for a denied request: `<resource> "<name>" is forbidden: User "u" cannot ...`.
// The wording is a wire fact (kubectl prints it verbatim).
import { statusErrors, type StatusError } from '../../errors/index.js';
import type { Attributes } from './attributes.js';

export function forbiddenMessage(attributes: Attributes): string {
  const who = `User ${goQuote(attributes.user.username)}`;
  if (!attributes.isResourceRequest) {
    return `${who} cannot ${attributes.verb} path ${goQuote(attributes.path)}`;
  }
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const base = `${who} cannot ${attributes.verb} resource ${goQuote(resource)} in API group ${goQuote(attributes.apiGroup)}`;
  return attributes.namespace
    ? `${base} in the namespace ${goQuote(attributes.namespace)}`
    : `${base} at the cluster scope`;
}

/**
 * The Status error a denied request answers; `reason` is the authorizer's, appended after ": ".
 * kube HTML-escapes &, < and > in the message part (not the reason), since names come from the URL.
 */
export function forbiddenError(attributes: Attributes, reason = ''): StatusError {
  const message = forbiddenMessage(attributes).replace(/[&<>]/g, (c) => HTML_ESCAPES[c]!);
  const why = reason ? `${message}: ${reason}` : message;
  if (!attributes.isResourceRequest) return statusErrors.forbiddenPath(why);
  return statusErrors.forbidden(
    { group: attributes.apiGroup, resource: attributes.resource },
    attributes.name ?? '',
    why,
  );
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Go's %q for the strings these messages hold: JSON escaping matches it for printable text. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
