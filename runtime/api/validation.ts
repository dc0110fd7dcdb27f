// What generated validators call. A validator is straight-line code per schema; the checks
// that need a loop or a regular expression live here once.
import { fieldErrors, type FieldError } from './field-error.js';

export interface ValidationResult {
  readonly errors: FieldError[];
  /** Paths of fields the schema does not know, for fieldValidation=Strict/Warn. */
  readonly unknownFields: string[];
}

/** Collects errors while a generated validator walks an object. */
export class ValidationContext implements ValidationResult {
  readonly errors: FieldError[] = [];
  readonly unknownFields: string[] = [];

  error(err: FieldError): void {
    this.errors.push(err);
  }

  unknown(path: string): void {
    this.unknownFields.push(path);
  }

  required(path: string): void {
    this.errors.push(fieldErrors.required(path));
  }

  /** CRD-style type error: `Invalid value: "string": spec.x in body must be of type integer: "string"`. */
  wrongType(path: string, value: unknown, expected: string): void {
    const got = jsonTypeName(value);
    this.errors.push(fieldErrors.typeInvalid(path, got, `${path} in body must be of type ${expected}: ${JSON.stringify(got)}`));
  }
}

export type Validate = (value: unknown, path: string, ctx: ValidationContext) => void;

export function runValidation(value: unknown, validate: Validate): ValidationResult {
  const ctx = new ValidationContext();
  validate(value, '', ctx);
  return { errors: ctx.errors, unknownFields: ctx.unknownFields };
}

export function jsonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

export function childPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}.${name}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

export function keyPath(parent: string, key: string): string {
  return `${parent}[${key}]`;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Whether a value of the right JSON type also satisfies its OpenAPI format; unknown formats pass. */
export function matchesFormat(format: string, value: unknown): boolean {
  switch (format) {
    case 'int32':
      return typeof value !== 'number' || (value >= INT32_MIN && value <= INT32_MAX);
    case 'int64':
      return typeof value !== 'number' || Number.isInteger(value);
    case 'byte':
      return typeof value !== 'string' || BASE64.test(value);
    case 'date':
      return typeof value !== 'string' || (DATE.test(value) && !Number.isNaN(Date.parse(value)));
    case 'date-time':
      return typeof value !== 'string' || (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T'))));
    default:
      return true;
  }
}

export function checkFormat(ctx: ValidationContext, path: string, value: unknown, format: string): void {
  if (!matchesFormat(format, value)) {
    ctx.error(fieldErrors.invalid(path, value, `${path} in body must be of type ${format}: ${JSON.stringify(String(value))}`));
  }
}

export function checkEnum(ctx: ValidationContext, path: string, value: unknown, allowed: readonly unknown[]): void {
  if (!allowed.some((a) => a === value)) ctx.error(fieldErrors.notSupported(path, value, allowed));
}

/** kube counts string length in bytes for TooLong but characters for minLength. */
export function checkStringLength(ctx: ValidationContext, path: string, value: string, min: number | undefined, max: number | undefined): void {
  if (min !== undefined && [...value].length < min) {
    ctx.error(fieldErrors.invalid(path, value, `${path} in body should be at least ${min} chars long`));
  }
  if (max !== undefined && [...value].length > max) ctx.error(fieldErrors.tooLong(path, value, max));
}

export function checkItemCount(ctx: ValidationContext, path: string, value: readonly unknown[], min: number | undefined, max: number | undefined): void {
  if (min !== undefined && value.length < min) {
    ctx.error(fieldErrors.invalid(path, value.length, `${path} in body should have at least ${min} items`));
  }
  if (max !== undefined && value.length > max) ctx.error(fieldErrors.tooMany(path, value.length, max));
}

export function checkPropertyCount(ctx: ValidationContext, path: string, value: Record<string, unknown>, min: number | undefined, max: number | undefined): void {
  const n = Object.keys(value).length;
  if (min !== undefined && n < min) ctx.error(fieldErrors.invalid(path, n, `${path} in body should have at least ${min} properties`));
  if (max !== undefined && n > max) ctx.error(fieldErrors.tooMany(path, n, max));
}

export interface NumberBounds {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
}

export function checkNumberBounds(ctx: ValidationContext, path: string, value: number, b: NumberBounds): void {
  if (b.minimum !== undefined && (b.exclusiveMinimum ? value <= b.minimum : value < b.minimum)) {
    const rel = b.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
    ctx.error(fieldErrors.invalid(path, value, `${path} in body should be ${rel} ${b.minimum}`));
  }
  if (b.maximum !== undefined && (b.exclusiveMaximum ? value >= b.maximum : value > b.maximum)) {
    const rel = b.exclusiveMaximum ? 'less than' : 'less than or equal to';
    ctx.error(fieldErrors.invalid(path, value, `${path} in body should be ${rel} ${b.maximum}`));
  }
}

export function checkPattern(ctx: ValidationContext, path: string, value: string, pattern: RegExp, source: string): void {
  if (!pattern.test(value)) ctx.error(fieldErrors.invalid(path, value, `${path} in body should match '${source}'`));
}

/** Canonical text of a JSON value with sorted keys, so equal values compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** x-kubernetes-list-type: set — every item must be unique. */
export function checkSetUnique(ctx: ValidationContext, path: string, items: readonly unknown[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const key = canonical(item);
    if (seen.has(key)) ctx.error(fieldErrors.duplicate(indexPath(path, i), item));
    seen.add(key);
  });
}

/** x-kubernetes-list-type: map — the tuple of key fields must be unique. */
export function checkMapKeysUnique(ctx: ValidationContext, path: string, items: readonly unknown[], keys: readonly string[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (!isObject(item)) return;
    const tuple: Record<string, unknown> = {};
    for (const k of keys) if (item[k] !== undefined) tuple[k] = item[k];
    const key = canonical(tuple);
    if (seen.has(key)) ctx.error(fieldErrors.duplicate(indexPath(path, i), tuple));
    seen.add(key);
  });
}
