// The schema kube publishes is the CRD's structural schema turned back into OpenAPI: keywords
// the structural form does not carry (example, externalDocs, patternProperties, ...) are
// gone, and int-or-string and embedded-resource nodes are spelled out ("unfolded").
import { isObject, type JsonObject } from './json.js';

const KEPT = new Set([
  'type', 'format', 'title', 'description', 'default', 'nullable', 'enum',
  'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'multipleOf',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems',
  'maxProperties', 'minProperties', 'required',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations',
]);
const JUNCTORS = ['allOf', 'oneOf', 'anyOf'] as const;

/** A structural copy of `schema`; values such as `default` and `enum` are shared, never mutated. */
export function structuralCopy(schema: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (KEPT.has(key)) {
      // false is the structural form's zero value and is not written back out.
      if ((key === 'nullable' || key.startsWith('x-kubernetes-')) && value === false) continue;
      out[key] = value;
    } else if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).filter(([, v]) => isObject(v)).map(([k, v]) => [k, structuralCopy(v as JsonObject)]));
    } else if ((key === 'items' || key === 'not') && isObject(value)) {
      out[key] = structuralCopy(value);
    } else if (key === 'additionalProperties' && (isObject(value) || typeof value === 'boolean')) {
      out[key] = isObject(value) ? structuralCopy(value) : value;
    } else if ((JUNCTORS as readonly string[]).includes(key) && Array.isArray(value)) {
      out[key] = value.filter(isObject).map(structuralCopy);
    }
  }
  return out;
}

const intOrString = (): JsonObject[] => [{ type: 'integer' }, { type: 'string' }];

/** Spells out what the int-or-string and embedded-resource extensions imply, in place, everywhere below `s`. */
export function unfold(s: JsonObject): JsonObject {
  if (s['x-kubernetes-int-or-string'] === true) {
    if (!Array.isArray(s['anyOf'])) s['anyOf'] = intOrString();
    else s['allOf'] = [{ anyOf: intOrString() }, ...(Array.isArray(s['allOf']) ? s['allOf'] : [])];
  }
  if (s['x-kubernetes-embedded-resource'] === true) {
    const props = isObject(s['properties']) ? s['properties'] : (s['properties'] = {});
    props['apiVersion'] ??= { type: 'string' };
    props['kind'] ??= { type: 'string' };
    props['metadata'] ??= { type: 'object' };
  }
  forEachChild(s, unfold);
  return s;
}

/** Calls `visit` on every direct sub-schema (properties, items, additionalProperties, junctors, not). */
export function forEachChild(s: JsonObject, visit: (child: JsonObject) => void): void {
  if (isObject(s['properties'])) for (const v of Object.values(s['properties'])) if (isObject(v)) visit(v);
  if (isObject(s['items'])) visit(s['items']);
  if (isObject(s['additionalProperties'])) visit(s['additionalProperties']);
  if (isObject(s['not'])) visit(s['not']);
  for (const j of JUNCTORS) if (Array.isArray(s[j])) for (const v of s[j] as unknown[]) if (isObject(v)) visit(v);
}
