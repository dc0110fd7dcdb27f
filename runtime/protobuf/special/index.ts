export type { SpecialCodec, SpecialContext } from './context.js';
export { formatMicroTime, formatTime, parseRfc3339, readTimestamp, type Timestamp } from './time.js';
export { formatGoDuration, parseGoDuration } from './duration.js';
import type { SpecialEncoding } from '../descriptor.js';
import type { SpecialCodec } from './context.js';
import { durationEncoding } from './duration.js';
import { intOrStringEncoding } from './int-or-string.js';
import {
  jsonSchemaPropsOrArrayEncoding,
  jsonSchemaPropsOrBoolEncoding,
  jsonSchemaPropsOrStringArrayEncoding,
} from './json-schema-props.js';
import { fieldsV1Encoding, jsonEncoding, quantityEncoding, rawExtensionEncoding } from './raw-bytes.js';
import { microTimeEncoding, timeEncoding } from './time.js';

export const SPECIAL_ENCODINGS: Readonly<Record<SpecialEncoding, SpecialCodec>> = {
  time: timeEncoding,
  microtime: microTimeEncoding,
  duration: durationEncoding,
  'int-or-string': intOrStringEncoding,
  quantity: quantityEncoding,
  'raw-extension': rawExtensionEncoding,
  'fields-v1': fieldsV1Encoding,
  json: jsonEncoding,
  'json-schema-props-or-array': jsonSchemaPropsOrArrayEncoding,
  'json-schema-props-or-bool': jsonSchemaPropsOrBoolEncoding,
  'json-schema-props-or-string-array': jsonSchemaPropsOrStringArrayEncoding,
};
