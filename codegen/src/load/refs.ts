// `$ref` resolution across documents: `#/a/b` inside a document, `other.yaml#/a/b` relative
// to the referring file.
import { dirname, resolve } from 'node:path';
import { unescapePointer } from '../errors.js';
import type { SpecDocument } from './documents.js';

export interface RefTarget {
  readonly path: string;
  readonly pointer: string;
}

export function splitRef(ref: string, from: SpecDocument): RefTarget {
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '' : ref.slice(hash + 1);
  const path = filePart === '' ? from.path : resolve(dirname(from.path), filePart);
  return { path, pointer: decodeURIComponent(pointer) };
}

/** Follows a JSON pointer; undefined when any segment is missing. */
export function followPointer(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return root;
  let node: unknown = root;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const seg = unescapePointer(raw);
    if (Array.isArray(node)) node = node[Number(seg)];
    else if (typeof node === 'object' && node !== null) {
      node = Object.prototype.hasOwnProperty.call(node, seg) ? (node as Record<string, unknown>)[seg] : undefined;
    } else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

// Objects whose keys are names chosen by the author, not OpenAPI keywords: a property called
// `default` or `enum` (JSONSchemaProps has both) is a schema there, not data.
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', 'schemas', 'paths', 'responses', 'parameters', 'requestBodies', 'headers', 'content']);

// Keywords whose values are data, not schema; a `$ref` inside them is not a reference.
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum']);

/** Calls `fn` for every `$ref` string in a document, with the pointer of the object holding it. */
export function forEachRef(node: unknown, pointer: string, fn: (ref: string, at: string) => void, inNameMap = false): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => forEachRef(item, `${pointer}/${i}`, fn));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const obj = node as Record<string, unknown>;
  if (!inNameMap && typeof obj['$ref'] === 'string') fn(obj['$ref'], pointer);
  for (const key of Object.keys(obj)) {
    if (!inNameMap && (key === '$ref' || DATA_KEYS.has(key) || key.startsWith('x-'))) continue;
    const childMap = !inNameMap && NAME_MAPS.has(key);
    forEachRef(obj[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, fn, childMap);
  }
}
