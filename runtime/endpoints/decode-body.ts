// Request bodies: JSON (also when no Content-Type is sent — kubectl's PUT of a Scale sends
// none), YAML, and the patch media types. Bodies are bounded in size by the server and in
// nesting depth here, so later recursive steps (validation, patching) stay safe.
import { parse as parseYaml } from 'yaml';
import { statusErrors } from '../errors/index.js';
import { essenceOf, parseMediaType } from './media-types.js';

export const MAX_NESTING_DEPTH = 1000;

export type BodyFormat = 'json' | 'yaml' | 'protobuf';

export interface DecodedBody {
  format: BodyFormat;
  value: unknown;
}

/** The media type of a request body, without parameters; JSON when absent. */
export function bodyMediaType(contentType: string | undefined): string {
  if (!contentType) return 'application/json';
  const mt = parseMediaType(contentType);
  return mt ? essenceOf(mt) : contentType.trim().toLowerCase();
}

export function parseJsonBody(raw: Buffer | string): unknown {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw statusErrors.badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
  checkDepth(value);
  return value;
}

/** `errorPrefix`: how the 400 names the failure (apply bodies say `error decoding YAML`). */
export function parseYamlBody(raw: Buffer | string, errorPrefix = "couldn't get version/kind; yaml parse error"): unknown {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  let value: unknown;
  try {
    // Aliases are capped so a "billion laughs" document cannot expand without bound.
    value = parseYaml(text, { maxAliasCount: 100, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    throw statusErrors.badRequest(`${errorPrefix}: ${(err as Error).message}`);
  }
  checkDepth(value);
  return value;
}

/** Decodes an object body (create, update) by its Content-Type. */
export function decodeObjectBody(contentType: string | undefined, raw: Buffer): DecodedBody {
  const mediaType = bodyMediaType(contentType);
  switch (mediaType) {
    case 'application/json':
      return { format: 'json', value: parseJsonBody(raw) };
    case 'application/yaml':
    case 'application/x-yaml':
    case 'text/yaml':
      return { format: 'yaml', value: parseYamlBody(raw) };
    default:
      throw statusErrors.unsupportedMediaType(['application/json', 'application/yaml']);
  }
}

/** Fails with 400 when a decoded document nests deeper than MAX_NESTING_DEPTH. */
export function checkDepth(value: unknown): void {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_NESTING_DEPTH) {
      throw statusErrors.badRequest(`the request body is nested more than ${MAX_NESTING_DEPTH} levels deep`);
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}
