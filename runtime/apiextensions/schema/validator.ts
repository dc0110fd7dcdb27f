// Builds the validate closure of one schema node: kube's CRD value validation (the OpenAPI
// validator kube-apiserver runs on custom resources), with its error texts. Only checks the
// schema declares are put in the closure, in kube's order: type, allOf/anyOf/oneOf/not,
// string length and pattern, format, number bounds, items, enum, object properties.
import * as api from '../../api/index.js';
import type { JSONSchemaProps } from './index.js';
import * as context from './context.js';
import type { NodeValidate, SchemaContext } from './context.js';
import type { SchemaNode } from './node.js';
import { stringFormatCheck } from './formats.js';
import * as objectMeta from './object-meta.js';
import * as listType from './list-type.js';
import * as jsonValue from '../../patch/index.js';
import { compilePattern } from './pattern.js';
import { num, str, stringList } from './schema-view.js';

// Module-level copies of what the closures call per value: under tsx every call through an
// import binding costs a getter, which is most of the time of a small check.
const { checkItemCount, checkNumberBounds, checkPattern, checkStringLength, childPath, fieldErrors, indexPath, isObject } = api;
const { validateEmbeddedResource } = objectMeta;
const { checkSet, checkMapList } = listType;
const { jsonEqual } = jsonValue;
const deepEqual = (a: unknown, b: unknown): boolean => jsonEqual(a as jsonValue.JsonValue, b as jsonValue.JsonValue);
const SchemaContextClass = context.SchemaContext;

type NodeShape = Omit<SchemaNode, 'validate'>;

interface Branches {
  readonly allOf: readonly SchemaNode[];
  readonly anyOf: readonly SchemaNode[];
  readonly oneOf: readonly SchemaNode[];
  readonly not?: SchemaNode;
}

function typeMatches(types: readonly string[], v: unknown): boolean {
  for (const t of types) {
    switch (t) {
      case 'object':
        if (isObject(v)) return true;
        break;
      case 'array':
        if (Array.isArray(v)) return true;
        break;
      case 'string':
        if (typeof v === 'string') return true;
        break;
      case 'boolean':
        if (typeof v === 'boolean') return true;
        break;
      case 'integer':
        if (typeof v === 'number' && Number.isInteger(v)) return true;
        break;
      case 'number':
        if (typeof v === 'number') return true;
        break;
      default:
        break;
    }
  }
  return false;
}

export function buildValidate(s: JSONSchemaProps, node: NodeShape, br: Branches): NodeValidate {
  const valueChecks: NodeValidate[] = [];
  const types = node.types;
  const expected = types.join(',');

  const composite = compositeCheck(br);
  if (composite) valueChecks.push(composite);

  const stringCheck = stringChecks(s);
  if (stringCheck) valueChecks.push(stringCheck);

  const numberCheck = numberChecks(s);
  if (numberCheck) valueChecks.push(numberCheck);

  const arrayCheck = arrayChecks(s, node);
  if (arrayCheck) valueChecks.push(arrayCheck);

  const enumCheck = enumChecks(s);
  if (enumCheck) valueChecks.push(enumCheck);

  const objectCheck = objectChecks(s, node);
  if (objectCheck) valueChecks.push(objectCheck);

  const nullable = node.nullable;
  return (v, path, ctx) => {
    if (v === null || v === undefined) {
      if (types.length > 0 && !nullable) ctx.wrongType(path, null, expected);
      if (enumCheck) enumCheck(null, path, ctx);
      return;
    }
    if (types.length > 0 && !typeMatches(types, v)) ctx.wrongType(path, v, expected);
    for (const check of valueChecks) check(v, path, ctx);
  };
}

// allOf/anyOf/oneOf/not report through a composite error kube cannot attach to a field,
// which it prints under the field path "<nil>".
const NO_FIELD = '<nil>';

function branchErrors(branch: SchemaNode, v: unknown, path: string): SchemaContext {
  const sub = new SchemaContextClass();
  branch.validate(v, path, sub);
  return sub;
}

function compositeCheck(br: Branches): NodeValidate | undefined {
  const { allOf, anyOf, oneOf, not } = br;
  if (allOf.length === 0 && anyOf.length === 0 && oneOf.length === 0 && !not) return undefined;
  return (v, path, ctx) => {
    if (allOf.length > 0) {
      let valid = 0;
      for (const b of allOf) {
        const sub = branchErrors(b, v, path);
        if (sub.errors.length === 0) valid++;
        else ctx.errors.push(...sub.errors);
      }
      if (valid !== allOf.length) {
        const none = valid === 0 ? '. None validated' : '';
        ctx.error(fieldErrors.invalid(NO_FIELD, '', `${JSON.stringify(path)} must validate all the schemas (allOf)${none}`));
      }
    }
    if (anyOf.length > 0) {
      let best: SchemaContext | undefined;
      let ok = false;
      for (const b of anyOf) {
        const sub = branchErrors(b, v, path);
        if (sub.errors.length === 0) {
          ok = true;
          break;
        }
        if (!best || sub.errors.length < best.errors.length) best = sub;
      }
      if (!ok) {
        ctx.error(fieldErrors.invalid(NO_FIELD, '', `${JSON.stringify(path)} must validate at least one schema (anyOf)`));
        if (best) ctx.errors.push(...best.errors);
      }
    }
    if (oneOf.length > 0) {
      let valid = 0;
      let best: SchemaContext | undefined;
      for (const b of oneOf) {
        const sub = branchErrors(b, v, path);
        if (sub.errors.length === 0) valid++;
        else if (!best || sub.errors.length < best.errors.length) best = sub;
      }
      if (valid === 0) {
        ctx.error(fieldErrors.invalid(NO_FIELD, '', `${JSON.stringify(path)} must validate one and only one schema (oneOf). Found none valid`));
        if (best) ctx.errors.push(...best.errors);
      } else if (valid > 1) {
        ctx.error(fieldErrors.invalid(NO_FIELD, '', `${JSON.stringify(path)} must validate one and only one schema (oneOf). Found ${valid} valid alternatives`));
      }
    }
    if (not && branchErrors(not, v, path).errors.length === 0) {
      ctx.error(fieldErrors.invalid(NO_FIELD, '', `${JSON.stringify(path)} must not validate the schema (not)`));
    }
  };
}

function stringChecks(s: JSONSchemaProps): NodeValidate | undefined {
  const minLength = num(s, 'minLength');
  const maxLength = num(s, 'maxLength');
  const patternSource = str(s, 'pattern');
  const pattern = patternSource !== undefined ? compilePattern(patternSource) : undefined;
  const format = str(s, 'format');
  const type = str(s, 'type');
  // kube drops string formats from schemas whose type is neither empty nor string.
  const formatCheck = format !== undefined && (type === undefined || type === 'string') ? stringFormatCheck(format) : undefined;
  if (minLength === undefined && maxLength === undefined && !pattern && !formatCheck) return undefined;
  return (v, path, ctx) => {
    if (typeof v !== 'string') return;
    if (minLength !== undefined || maxLength !== undefined) checkStringLength(ctx, path, v, minLength, maxLength);
    if (pattern) checkPattern(ctx, path, v, pattern, patternSource!);
    if (formatCheck && !formatCheck(v)) {
      ctx.error(fieldErrors.typeInvalid(path, v, `${path} in body must be of type ${format}: ${JSON.stringify(v)}`));
    }
  };
}

function isMultipleOf(v: number, factor: number): boolean {
  const q = factor < 1 ? v * (1 / factor) : v / factor;
  return Math.abs(q - Math.round(q)) <= 1e-9 * Math.max(1, Math.abs(q));
}

function numberChecks(s: JSONSchemaProps): NodeValidate | undefined {
  const multipleOf = num(s, 'multipleOf');
  const minimum = num(s, 'minimum');
  const maximum = num(s, 'maximum');
  if (multipleOf === undefined && minimum === undefined && maximum === undefined) return undefined;
  const bounds = {
    ...(minimum !== undefined ? { minimum } : {}),
    ...(maximum !== undefined ? { maximum } : {}),
    exclusiveMinimum: s['exclusiveMinimum'] === true,
    exclusiveMaximum: s['exclusiveMaximum'] === true,
  };
  return (v, path, ctx) => {
    if (typeof v !== 'number') return;
    if (multipleOf !== undefined && multipleOf > 0 && !isMultipleOf(v, multipleOf)) {
      ctx.error(fieldErrors.invalid(path, v, `${path} in body should be a multiple of ${multipleOf}`));
    }
    checkNumberBounds(ctx, path, v, bounds);
  };
}

function arrayChecks(s: JSONSchemaProps, node: NodeShape): NodeValidate | undefined {
  const items = node.items;
  const minItems = num(s, 'minItems');
  const maxItems = num(s, 'maxItems');
  const listType = node.nested ? undefined : node.listType;
  const mapKeys = node.listMapKeys;
  // uniqueItems needs no check: the CRD schema rules refuse `uniqueItems: true`.
  if (!items && minItems === undefined && maxItems === undefined && listType !== 'set' && listType !== 'map') return undefined;
  const validateItem = items?.validate;
  return (v, path, ctx) => {
    if (!Array.isArray(v)) return;
    if (validateItem) for (let i = 0; i < v.length; i++) validateItem(v[i], indexPath(path, i), ctx);
    if (minItems !== undefined || maxItems !== undefined) checkItemCount(ctx, path, v, minItems, maxItems);
    if (listType === 'set') checkSet(path, v, ctx.listErrors);
    else if (listType === 'map') checkMapList(path, v, mapKeys, ctx.listErrors);
  };
}

function enumChecks(s: JSONSchemaProps): NodeValidate | undefined {
  const values = s['enum'];
  if (!Array.isArray(values) || values.length === 0) return undefined;
  const allowed: readonly unknown[] = values;
  const scalars = new Set(allowed.filter((a) => typeof a !== 'object' || a === null));
  // kube lists allowed values as strings, JSON-encoding the ones that are not.
  const shown = allowed.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  // kube compares by the enum value's Go type, which null never has: null is never listed.
  scalars.delete(null);
  return (v, path, ctx) => {
    if (scalars.has(v)) return;
    if (typeof v === 'object' && v !== null && allowed.some((a) => deepEqual(a, v))) return;
    ctx.error(fieldErrors.notSupported(path, v, shown));
  };
}

function objectChecks(s: JSONSchemaProps, node: NodeShape): NodeValidate | undefined {
  const minProperties = num(s, 'minProperties');
  const maxProperties = num(s, 'maxProperties');
  const props = [...node.properties].map(([name, child]) => [name, child.validate] as const);
  const required = stringList(s, 'required');
  const additional = node.additional;
  const forbidExtra = additional !== undefined && !additional.allows;
  const declared = node.properties;
  const validateExtra = additional?.node?.validate;
  const embedded = node.embeddedResource && !node.nested;
  if (minProperties === undefined && maxProperties === undefined && props.length === 0 && required.length === 0 && !additional && !embedded) {
    return undefined;
  }
  return (v, path, ctx) => {
    if (!isObject(v)) return;
    if (minProperties !== undefined || maxProperties !== undefined) {
      const n = Object.keys(v).length;
      // kube stops checking an object whose property count is out of bounds.
      if (minProperties !== undefined && n < minProperties) {
        ctx.error(fieldErrors.invalid(path, n, `${path} in body should have at least ${minProperties} properties`));
        return;
      }
      if (maxProperties !== undefined && n > maxProperties) {
        ctx.error(fieldErrors.tooMany(path, n, maxProperties));
        return;
      }
    }
    if (forbidExtra) {
      for (const k of Object.keys(v)) {
        if (!declared.has(k)) ctx.error(fieldErrors.invalid(path, k, `${path}.${k} in body is a forbidden property`));
      }
    } else if (validateExtra) {
      for (const k of Object.keys(v)) if (!declared.has(k)) validateExtra(v[k], childPath(path, k), ctx);
    }
    for (const [name, validate] of props) {
      if (Object.hasOwn(v, name)) validate(v[name], childPath(path, name), ctx);
    }
    for (const name of required) if (!Object.hasOwn(v, name)) ctx.required(childPath(path, name));
    if (embedded) validateEmbeddedResource(path, v, ctx.metaErrors);
  };
}
