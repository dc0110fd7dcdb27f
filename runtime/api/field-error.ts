// Field errors in the shape kube-apiserver reports them inside a 422 Status: a type, the path
// of the offending field, the value found there and a detail. The message format is a wire
// fact (clients and humans read it), so `formatFieldError` reproduces kube's exactly.

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

export interface FieldError {
  readonly type: FieldErrorType;
  /** Dotted path with list indexes and map keys in brackets, e.g. `spec.ports[0].port`. */
  readonly field: string;
  readonly badValue?: unknown;
  readonly detail?: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** The short text kube prints for an error type ("Invalid value", "Required value", ...). */
export function fieldErrorTypeText(type: FieldErrorType): string {
  return TYPE_TEXT[type];
}

// These types never print their bad value, whatever it is.
const VALUELESS: ReadonlySet<FieldErrorType> = new Set<FieldErrorType>([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);

/** Renders a bad value the way kube does: strings quoted, numbers and booleans bare, null as "null". */
export function formatBadValue(value: unknown): string {
  if (value === null || value === undefined) return '"null"';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** The part after the field path: `Invalid value: 0: must be between 1 and 65535, inclusive`. */
export function fieldErrorBody(err: FieldError): string {
  let s = TYPE_TEXT[err.type];
  if (!VALUELESS.has(err.type) && 'badValue' in err) s += `: ${formatBadValue(err.badValue)}`;
  if (err.detail) s += `: ${err.detail}`;
  return s;
}

export function formatFieldError(err: FieldError): string {
  return `${err.field}: ${fieldErrorBody(err)}`;
}

/** kube's aggregate message: one error alone, or `[a, b]` for several. */
export function formatFieldErrors(errs: readonly FieldError[]): string {
  const msgs = errs.map(formatFieldError);
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
}

/** Quotes each supported value as kube's NotSupported detail does. */
export function supportedValuesDetail(values: readonly unknown[]): string {
  return `supported values: ${values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : formatBadValue(v))).join(', ')}`;
}

export const fieldErrors = {
  required: (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, badValue: '', detail }),
  invalid: (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail }),
  typeInvalid: (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'FieldValueTypeInvalid', field, badValue, detail }),
  notSupported: (field: string, badValue: unknown, supported: readonly unknown[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field,
    badValue,
    detail: supportedValuesDetail(supported),
  }),
  duplicate: (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, badValue }),
  tooLong: (field: string, badValue: unknown, max: number): FieldError => ({
    type: 'FieldValueTooLong',
    field,
    badValue,
    detail: `may not be more than ${max} bytes`,
  }),
  tooMany: (field: string, actual: number, max: number): FieldError => ({
    type: 'FieldValueTooMany',
    field,
    badValue: actual,
    detail: `must have at most ${max} items`,
  }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, badValue: '', detail }),
  notFound: (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueNotFound', field, badValue }),
  internal: (field: string, detail: string): FieldError => ({ type: 'InternalError', field, badValue: '', detail }),
};
