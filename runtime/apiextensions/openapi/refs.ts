// Which schemas a fragment refers to, so a document can carry the shared ones it lacks.
import { isObject } from './json.js';

const PREFIXES = ['#/components/schemas/', '#/definitions/'];

/** Names of every schema `value` refers to with $ref, at any depth. */
export function referencedSchemas(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) referencedSchemas(v, into);
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') {
        const prefix = PREFIXES.find((p) => v.startsWith(p));
        if (prefix) into.add(v.slice(prefix.length));
      } else {
        referencedSchemas(v, into);
      }
    }
  }
  return into;
}
