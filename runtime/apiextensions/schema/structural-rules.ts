// Structurality: every node says its type (outside allOf/anyOf/oneOf/not), value-validation
// branches only restrict what the structural part already declares, metadata at the root is
// constrained only in name/generateName, and the int-or-string / embedded-resource
// extensions are used the one way kube accepts.
import { fieldErrors, indexPath, type FieldError } from '../../api/index.js';
import type { JSONSchemaProps } from './index.js';
import { additionalOf, flag, itemsOf, schemaAt, schemaList, schemaMap, str } from './schema-view.js';
import { patternError } from './pattern.js';

type Level = 'root' | 'item' | 'field';

const child = (path: string, name: string): string => `${path}.${name}`;
const key = (path: string, k: string): string => `${path}[${k}]`;

function onlyType(s: JSONSchemaProps, type: string): boolean {
  const keys = Object.keys(s);
  return keys.length === 1 && s['type'] === type;
}

function isIntOrStringPair(branches: readonly JSONSchemaProps[]): boolean {
  return branches.length === 2 && onlyType(branches[0]!, 'integer') && onlyType(branches[1]!, 'string');
}

function intOrStringAnyOf(s: JSONSchemaProps): boolean {
  return Array.isArray(s['anyOf']) && isIntOrStringPair(schemaList(s, 'anyOf'));
}

function intOrStringAllOf(s: JSONSchemaProps): boolean {
  const allOf = schemaList(s, 'allOf');
  return allOf.length >= 1 && isIntOrStringPair(schemaList(allOf[0]!, 'anyOf'));
}

function valueValidation(s: JSONSchemaProps, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, path: string, out: FieldError[]): void {
  if (!skipAnyOf) schemaList(s, 'anyOf').forEach((b, i) => nestedValueValidation(b, false, indexPath(child(path, 'anyOf'), i), out));
  schemaList(s, 'allOf').forEach((b, i) => nestedValueValidation(b, skipFirstAllOfAnyOf && i === 0, indexPath(child(path, 'allOf'), i), out));
  schemaList(s, 'oneOf').forEach((b, i) => nestedValueValidation(b, false, indexPath(child(path, 'oneOf'), i), out));
  const not = schemaAt(s, 'not');
  if (not) nestedValueValidation(not, false, child(path, 'not'), out);
  const pattern = str(s, 'pattern');
  if (pattern) {
    const err = patternError(pattern);
    if (err) out.push(fieldErrors.invalid(child(path, 'pattern'), pattern, `must be a valid regular expression, but isn't: ${err}`));
  }
}

const NESTED_FORBIDDEN: ReadonlyArray<readonly [string, string]> = [
  ['type', 'must be empty to be structural'],
  ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'],
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['externalDocs', 'must be undefined to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', 'must be undefined to be structural'],
  ['x-kubernetes-validations', 'must be empty to be structural'],
];

function isSet(s: JSONSchemaProps, k: string): boolean {
  const v = s[k];
  if (v === undefined || v === null || v === false || v === '') return false;
  return !(Array.isArray(v) && v.length === 0);
}

function nestedValueValidation(s: JSONSchemaProps, skipAnyOf: boolean, path: string, out: FieldError[]): void {
  valueValidation(s, skipAnyOf, false, path, out);
  const items = itemsOf(s)?.schema;
  if (items) nestedValueValidation(items, false, child(path, 'items'), out);
  for (const [name, sub] of schemaMap(s, 'properties')) nestedValueValidation(sub, false, key(child(path, 'properties'), name), out);
  for (const [k, detail] of NESTED_FORBIDDEN) if (isSet(s, k)) out.push(fieldErrors.forbidden(child(path, k), detail));
  if (schemaMap(s, 'properties').some(([name]) => name === 'metadata')) {
    out.push(fieldErrors.forbidden(key(child(path, 'properties'), 'metadata'), 'must not be specified in a nested context'));
  }
}

const TYPE_REQUIRED: Record<Level, string> = {
  root: 'must not be empty at the root',
  item: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

// At the root, metadata may only say it is an object and constrain name and generateName.
const ROOT_METADATA_ALLOWED = new Set(['type', 'default', 'properties']);

function metadataInvariants(m: JSONSchemaProps, checkMetadata: boolean, level: Level, path: string, out: FieldError[]): void {
  const type = str(m, 'type') ?? '';
  if (checkMetadata && type !== 'object') out.push(fieldErrors.invalid(child(path, 'type'), type, 'must be object'));
  if (level !== 'root') return;
  const propNames = schemaMap(m, 'properties').map(([n]) => n);
  const onlyNames = propNames.every((n) => n === 'name' || n === 'generateName');
  const extra = Object.keys(m).some((k) => !ROOT_METADATA_ALLOWED.has(k) && isSet(m, k));
  if (!onlyNames || extra) {
    out.push(fieldErrors.forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
}

function invariants(s: JSONSchemaProps, level: Level, path: string, out: FieldError[]): void {
  const type = str(s, 'type') ?? '';
  const items = itemsOf(s)?.schema;
  if (type === 'array' && !items) out.push(fieldErrors.required(child(path, 'items'), 'must be specified'));
  if (items) invariants(items, 'item', child(path, 'items'), out);
  const props = schemaMap(s, 'properties');
  for (const [name, sub] of props) invariants(sub, 'field', key(child(path, 'properties'), name), out);
  const ap = additionalOf(s);
  if (ap) {
    if (level === 'root') out.push(fieldErrors.forbidden(child(path, 'additionalProperties'), 'must not be used at the root'));
    if (ap.schema) invariants(ap.schema, 'field', child(path, 'additionalProperties'), out);
  }
  const intOrString = flag(s, 'x-kubernetes-int-or-string');
  const preserve = flag(s, 'x-kubernetes-preserve-unknown-fields');
  const embedded = flag(s, 'x-kubernetes-embedded-resource');
  if (intOrString && preserve) {
    out.push(fieldErrors.invalid(child(path, 'x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  if (intOrString && embedded) {
    out.push(fieldErrors.invalid(child(path, 'x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  valueValidation(s, intOrStringAnyOf(s), intOrStringAllOf(s), path, out);

  const checkMetadata = level === 'root' || embedded;
  if (embedded && type !== 'object') {
    if (type === '') out.push(fieldErrors.required(child(path, 'type'), 'must be object if x-kubernetes-embedded-resource is true'));
    else out.push(fieldErrors.invalid(child(path, 'type'), type, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (type === '' && !intOrString && !preserve) {
    out.push(fieldErrors.required(child(path, 'type'), TYPE_REQUIRED[level]));
  }
  if (embedded && ap) out.push(fieldErrors.forbidden(child(path, 'additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  if (level === 'root' && type !== '' && type !== 'object') out.push(fieldErrors.invalid(child(path, 'type'), type, 'must be object at the root'));

  const propMap = new Map(props);
  for (const meta of ['kind', 'apiVersion'] as const) {
    const p = propMap.get(meta);
    if (p && checkMetadata && str(p, 'type') !== 'string') {
      out.push(fieldErrors.invalid(child(key(child(path, 'properties'), meta), 'type'), str(p, 'type') ?? '', 'must be string'));
    }
  }
  const metadata = propMap.get('metadata');
  if (metadata) metadataInvariants(metadata, checkMetadata, level, key(child(path, 'properties'), 'metadata'), out);
  if (embedded && !preserve && props.length === 0) {
    out.push(fieldErrors.required(child(path, 'properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
}

// Completeness: a field or list that a value-validation branch talks about must also be
// declared by the structural part of the schema, or pruning would silently drop it.
function branchCompleteness(v: JSONSchemaProps, s: JSONSchemaProps | undefined, sPath: string, vPath: string, out: FieldError[]): void {
  if (!s) {
    out.push(fieldErrors.required(sPath, `because it is defined in ${vPath}`));
    return;
  }
  valueCompleteness(v, s, sPath, vPath, out);
  const vItems = itemsOf(v)?.schema;
  if (vItems) branchCompleteness(vItems, itemsOf(s)?.schema, child(sPath, 'items'), child(vPath, 'items'), out);
  const sProps = new Map(schemaMap(s, 'properties'));
  for (const [name, vProp] of schemaMap(v, 'properties')) {
    const sProp = sProps.get(name);
    if (!sProp) {
      out.push(fieldErrors.required(key(child(sPath, 'properties'), name), `because it is defined in ${key(child(vPath, 'properties'), name)}`));
    } else {
      branchCompleteness(vProp, sProp, key(child(sPath, 'properties'), name), key(child(vPath, 'properties'), name), out);
    }
  }
}

function valueCompleteness(v: JSONSchemaProps, s: JSONSchemaProps, sPath: string, vPath: string, out: FieldError[]): void {
  const not = schemaAt(v, 'not');
  if (not) branchCompleteness(not, s, sPath, child(vPath, 'not'), out);
  for (const kw of ['allOf', 'anyOf', 'oneOf'] as const) {
    schemaList(v, kw).forEach((b, i) => branchCompleteness(b, s, sPath, indexPath(child(vPath, kw), i), out));
  }
}

export function structuralRules(s: JSONSchemaProps, path: string): FieldError[] {
  const out: FieldError[] = [];
  invariants(s, 'root', path, out);
  valueCompleteness(s, s, path, path, out);
  return out;
}
