// The upstream Kubernetes swagger (v2) document, kept beside the repository as reference data.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObject, type JsonObject } from './spec-files.js';

export interface Upstream {
  definitions: JsonObject;
  paths: JsonObject;
  parameters: JsonObject;
}

export function upstreamPath(root: string): string {
  return join(root, '..', 'shared', 'kube-openapi', 'swagger.json');
}

export function loadUpstream(root: string): Upstream | undefined {
  const file = upstreamPath(root);
  if (!existsSync(file)) return undefined;
  const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isObject(doc)) throw new Error(`${file}: not a JSON object`);
  const pick = (key: string): JsonObject => {
    const value = doc[key];
    return isObject(value) ? value : {};
  };
  return { definitions: pick('definitions'), paths: pick('paths'), parameters: pick('parameters') };
}
