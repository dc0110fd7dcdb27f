// Kinds kube serves with its default table convertor (Role, ClusterRole,
// CustomResourceDefinition) show a "Created At" column holding the creation time itself,
// in RFC 3339 UTC at whole seconds, not an age.
import { formatTimestampUTC, parseTimestamp, ZERO_TIME_MS, type Printer } from '../../table/index.js';
import { text } from './fields.js';

export const createdAt: Printer = (object) =>
  formatTimestampUTC(parseTimestamp(text(object, 'metadata', 'creationTimestamp')) ?? ZERO_TIME_MS);
