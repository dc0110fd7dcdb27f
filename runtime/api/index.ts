export type {
  GroupVersionKind,
  ResourceScope,
  Verb,
  SubresourceDescriptor,
  ListType,
  MapType,
  FieldMeta,
  PrinterColumnType,
  PrinterColumn,
  ResourceDescriptor,
} from './descriptor.js';
export type { FieldError, FieldErrorType } from './field-error.js';
export {
  fieldErrors,
  fieldErrorTypeText,
  fieldErrorBody,
  formatBadValue,
  formatFieldError,
  formatFieldErrors,
  supportedValuesDetail,
} from './field-error.js';
export type { ValidationResult, Validate, NumberBounds } from './validation.js';
export {
  ValidationContext,
  runValidation,
  jsonTypeName,
  isObject,
  isInteger,
  childPath,
  indexPath,
  keyPath,
  matchesFormat,
  checkFormat,
  checkEnum,
  checkStringLength,
  checkItemCount,
  checkPropertyCount,
  checkNumberBounds,
  checkPattern,
  checkSetUnique,
  checkMapKeysUnique,
} from './validation.js';
export { setDefault, asObject, eachItem, eachValue } from './defaulting.js';
export type { GeneratedResource } from './resource.js';
export { parseGoBool } from './go-bool.js';
