// The CRD-level rules on an openAPIV3Schema (what kube checks before structurality):
// keywords CRDs do not support, list/map type extensions, defaults where they are
// forbidden, and the basic shape of x-kubernetes-validations rules.
import { fieldErrors, indexPath, type FieldError } from '../../api/index.js';
import type { JSONSchemaProps } from './index.js';
import { additionalOf, flag, has, itemsOf, schemaAt, schemaList, schemaMap, str, stringList } from './schema-view.js';

const OPENAPI_V3_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

interface Scope {
  readonly isRoot: boolean;
  readonly insideResourceMeta: boolean;
  /** Why defaults are forbidden here, or undefined where they are allowed. */
  readonly noDefaults?: string;
}

const child = (path: string, name: string): string => `${path}.${name}`;
const key = (path: string, k: string): string => `${path}[${k}]`;

function keywordRules(s: JSONSchemaProps, path: string, scope: Scope, out: FieldError[]): void {
  const type = str(s, 'type');
  if (type !== undefined && type !== '' && !OPENAPI_V3_TYPES.includes(type)) {
    out.push(fieldErrors.notSupported(child(path, 'type'), type, OPENAPI_V3_TYPES));
  }
  if (has(s, 'default') && scope.noDefaults !== undefined) out.push(fieldErrors.forbidden(child(path, 'default'), `must not be set ${scope.noDefaults}`));
  if (has(s, 'id') && s['id'] !== '') out.push(fieldErrors.forbidden(child(path, 'id'), 'id is not supported'));
  if (has(s, 'additionalItems')) out.push(fieldErrors.forbidden(child(path, 'additionalItems'), 'additionalItems is not supported'));
  if (schemaMap(s, 'patternProperties').length > 0) out.push(fieldErrors.forbidden(child(path, 'patternProperties'), 'patternProperties is not supported'));
  if (schemaMap(s, 'definitions').length > 0) out.push(fieldErrors.forbidden(child(path, 'definitions'), 'definitions is not supported'));
  if (has(s, 'dependencies')) out.push(fieldErrors.forbidden(child(path, 'dependencies'), 'dependencies is not supported'));
  if (has(s, '$ref')) out.push(fieldErrors.forbidden(child(path, '$ref'), '$ref is not supported'));
  if (type === 'null') out.push(fieldErrors.forbidden(child(path, 'type'), 'type cannot be set to null, use nullable as an alternative'));
  if (itemsOf(s)?.list) out.push(fieldErrors.forbidden(child(path, 'items'), 'items must be a schema object and not an array'));
  if (scope.insideResourceMeta && flag(s, 'x-kubernetes-embedded-resource')) {
    out.push(fieldErrors.forbidden(child(path, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));
  }
}

function extensionRules(s: JSONSchemaProps, path: string, out: FieldError[]): void {
  const type = str(s, 'type') ?? '';
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    out.push(fieldErrors.invalid(child(path, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  }
  const mapType = str(s, 'x-kubernetes-map-type');
  if (mapType !== undefined && type !== 'object') {
    if (type === '') out.push(fieldErrors.required(child(path, 'type'), 'must be object if x-kubernetes-map-type is specified'));
    else out.push(fieldErrors.invalid(child(path, 'type'), type, 'must be object if x-kubernetes-map-type is specified'));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    out.push(fieldErrors.notSupported(child(path, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  const listType = str(s, 'x-kubernetes-list-type');
  const items = itemsOf(s)?.schema;
  if (listType !== undefined && type !== 'array') {
    if (type === '') out.push(fieldErrors.required(child(path, 'type'), 'must be array if x-kubernetes-list-type is specified'));
    else out.push(fieldErrors.invalid(child(path, 'type'), type, 'must be array if x-kubernetes-list-type is specified'));
  } else if (listType === 'set' && items) {
    const itemType = str(items, 'type');
    const itemList = str(items, 'x-kubernetes-list-type');
    const itemMap = str(items, 'x-kubernetes-map-type');
    if (itemType === 'array' && itemList !== undefined && itemList !== 'atomic') {
      out.push(fieldErrors.invalid(child(child(path, 'items'), 'x-kubernetes-list-type'), itemList, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    } else if (itemType === 'object' && itemMap !== 'atomic') {
      out.push(fieldErrors.invalid(child(child(path, 'items'), 'x-kubernetes-map-type'), itemMap ?? null, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
  }
  if (listType !== undefined && listType !== 'atomic' && listType !== 'set' && listType !== 'map') {
    out.push(fieldErrors.notSupported(child(path, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  }
  const mapKeys = stringList(s, 'x-kubernetes-list-map-keys');
  if (mapKeys.length > 0) {
    if (listType === undefined) out.push(fieldErrors.required(child(path, 'x-kubernetes-list-type'), 'must be map if x-kubernetes-list-map-keys is non-empty'));
    else if (listType !== 'map') out.push(fieldErrors.invalid(child(path, 'x-kubernetes-list-type'), listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  if (listType === 'map') mapListRules(s, path, mapKeys, out);
  if ((listType === 'set' || listType === 'map') && items) {
    if (flag(items, 'nullable')) out.push(fieldErrors.forbidden(child(child(path, 'items'), 'nullable'), `cannot be nullable when x-kubernetes-list-type is ${listType}`));
  }
  if (listType === 'map' && items) mapKeyPresenceRules(items, path, mapKeys, out);
}

function mapListRules(s: JSONSchemaProps, path: string, mapKeys: readonly string[], out: FieldError[]): void {
  if (mapKeys.length === 0) out.push(fieldErrors.required(child(path, 'x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
  const items = itemsOf(s);
  if (!items) {
    out.push(fieldErrors.required(child(path, 'items'), 'must have a schema if x-kubernetes-list-type is map'));
    return;
  }
  if (!items.schema) {
    out.push(fieldErrors.invalid(child(path, 'items'), s['items'], 'must only have a single schema if x-kubernetes-list-type is map'));
    return;
  }
  const itemType = str(items.schema, 'type') ?? '';
  if (itemType !== 'object') {
    out.push(fieldErrors.invalid(child(child(path, 'items'), 'type'), itemType, "must be object if parent array's x-kubernetes-list-type is map"));
    return;
  }
  const props = new Map(schemaMap(items.schema, 'properties'));
  const seen = new Set<string>();
  for (const k of mapKeys) {
    const prop = props.get(k);
    if (prop) {
      const t = str(prop, 'type');
      if (t === 'array' || t === 'object') {
        out.push(fieldErrors.invalid(child(key(child(child(path, 'items'), 'properties'), k), 'type'), itemType, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
      }
    } else {
      out.push(fieldErrors.invalid(child(path, 'x-kubernetes-list-map-keys'), mapKeys, 'entries must all be names of item properties'));
    }
    if (seen.has(k)) out.push(fieldErrors.invalid(child(path, 'x-kubernetes-list-map-keys'), mapKeys, 'must not contain duplicate entries'));
    seen.add(k);
  }
}

function mapKeyPresenceRules(items: JSONSchemaProps, path: string, mapKeys: readonly string[], out: FieldError[]): void {
  const required = new Set(stringList(items, 'required'));
  const props = new Map(schemaMap(items, 'properties'));
  for (const k of mapKeys) {
    const prop = props.get(k);
    if (!prop) continue;
    const base = key(child(child(path, 'items'), 'properties'), k);
    if (!required.has(k) && !has(prop, 'default')) {
      out.push(fieldErrors.required(child(base, 'default'), 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
    }
    if (flag(prop, 'nullable')) out.push(fieldErrors.forbidden(child(base, 'nullable'), 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
  }
}

function celRuleShape(s: JSONSchemaProps, path: string, out: FieldError[]): void {
  const rules = s['x-kubernetes-validations'];
  if (!Array.isArray(rules)) return;
  rules.forEach((rule: unknown, i) => {
    const p = indexPath(child(path, 'x-kubernetes-validations'), i);
    const r = typeof rule === 'object' && rule !== null ? (rule as Record<string, unknown>) : {};
    const text = typeof r['rule'] === 'string' ? r['rule'].trim() : '';
    const rawMessage = typeof r['message'] === 'string' ? r['message'] : '';
    const message = rawMessage.trim();
    if (text === '') out.push(fieldErrors.required(child(p, 'rule'), 'rule is not specified'));
    else if (rawMessage.length > 0 && message === '') out.push(fieldErrors.invalid(child(p, 'message'), rawMessage, 'message must be non-empty if specified'));
    else if (/[\n\r]/.test(message)) out.push(fieldErrors.invalid(child(p, 'message'), rawMessage, 'message must not contain line breaks'));
    else if (/[\n\r]/.test(text) && message === '') out.push(fieldErrors.required(child(p, 'message'), 'message must be specified if rule contains line breaks'));
  });
}

export function openApiSchemaRules(s: JSONSchemaProps, path: string, scope: Scope, out: FieldError[]): void {
  keywordRules(s, path, scope, out);
  if (s['uniqueItems'] === true) {
    out.push(fieldErrors.forbidden(child(path, 'uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  }
  const props = schemaMap(s, 'properties');
  const ap = additionalOf(s);
  if (ap) {
    // properties are for structs, additionalProperties for maps; a field is one or the other.
    if (props.length > 0 && (!ap.allows || ap.schema)) {
      out.push(fieldErrors.forbidden(child(path, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
    }
    if (ap.schema) {
      const sub: Scope = scope.insideResourceMeta ? { ...scope, isRoot: false, noDefaults: 'inside additionalProperties applying to object metadata' } : { ...scope, isRoot: false };
      openApiSchemaRules(ap.schema, child(path, 'additionalProperties'), sub, out);
    }
  }
  for (const [name, sub] of props) {
    let subScope: Scope = { ...scope, isRoot: false };
    if ((scope.isRoot || flag(s, 'x-kubernetes-embedded-resource')) && META_FIELDS.has(name)) {
      subScope = { ...subScope, insideResourceMeta: true };
      if (scope.isRoot) subScope = { ...subScope, noDefaults: `in top-level ${name}` };
    }
    openApiSchemaRules(sub, key(child(path, 'properties'), name), subScope, out);
  }
  const nested: Scope = { ...scope, isRoot: false };
  const not = schemaAt(s, 'not');
  if (not) openApiSchemaRules(not, child(path, 'not'), nested, out);
  for (const kw of ['allOf', 'oneOf', 'anyOf'] as const) {
    schemaList(s, kw).forEach((b, i) => openApiSchemaRules(b, indexPath(child(path, kw), i), nested, out));
  }
  for (const [name, sub] of schemaMap(s, 'definitions')) openApiSchemaRules(sub, key(child(path, 'definitions'), name), nested, out);
  const items = itemsOf(s);
  if (items?.schema) openApiSchemaRules(items.schema, child(path, 'items'), nested, out);
  items?.list?.forEach((b, i) => openApiSchemaRules(b, indexPath(child(path, 'items'), i), nested, out));
  extensionRules(s, path, out);
  celRuleShape(s, path, out);
}

export function rootSchemaRules(s: JSONSchemaProps, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (flag(s, 'nullable')) out.push(fieldErrors.forbidden(child(path, 'nullable'), 'nullable cannot be true at the root'));
  openApiSchemaRules(s, path, { isRoot: true, insideResourceMeta: false }, out);
  return out;
}

// With the status subresource kube validates status by cutting properties.status out of the
// schema, so root keywords that would constrain it from outside are not allowed.
const STATUS_ROOT_ALLOWED = new Set([
  'description', 'type', 'format', 'title', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'required',
  'items', 'properties', 'externalDocs', 'example', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations',
]);
const STATUS_ROOT_NAMES =
  '[Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations]';

function isZero(v: unknown): boolean {
  return v === undefined || v === null || v === false || v === '' || v === 0 || (Array.isArray(v) && v.length === 0);
}

export function statusRootRules(s: JSONSchemaProps, path: string): FieldError[] {
  const type = str(s, 'type');
  if (type !== undefined && type !== '' && type !== 'object') {
    return [fieldErrors.invalid(child(path, 'type'), type, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled')];
  }
  for (const k of Object.keys(s)) {
    if (!STATUS_ROOT_ALLOWED.has(k) && !isZero(s[k])) {
      return [fieldErrors.invalid(path, s, `only ${STATUS_ROOT_NAMES} fields are allowed at the root of the schema if the status subresource is enabled`)];
    }
  }
  return [];
}
