// What Swagger 2.0 cannot say, and what kubectl's v2 reader would misread, taken out of a
// structural schema the way kube does before merging a CRD into /openapi/v2.
import { isObject, type JsonObject } from './json.js';
import { forEachChild } from './structural.js';

/** Converts in place, parents before children: a parent reads its children's `nullable` before they drop it. */
export function toSwagger2(s: JsonObject): JsonObject {
  for (const j of ['allOf', 'oneOf', 'anyOf', 'not']) delete s[j];
  // kubectl's v2 model breaks on typed nodes that may be null and on children under open nodes.
  if (s['nullable'] === true) {
    delete s['type'];
    delete s['nullable'];
    delete s['items'];
    delete s['properties'];
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === true) {
    delete s['items'];
    delete s['properties'];
  }
  if (s['type'] === 'array' && s['items'] === undefined) delete s['type'];
  if (Array.isArray(s['required']) && isObject(s['properties'])) {
    const props = s['properties'];
    const kept = (s['required'] as unknown[]).filter((f) => !(typeof f === 'string' && isObject(props[f]) && props[f]['nullable'] === true));
    if (kept.length === 0) delete s['required'];
    else s['required'] = kept;
  }
  if (isObject(s['additionalProperties']) && s['additionalProperties']['nullable'] === true) delete s['required'];
  // /openapi/v2 carries no defaults (the merged built-in document has them pruned too).
  delete s['default'];
  forEachChild(s, toSwagger2);
  return s;
}
