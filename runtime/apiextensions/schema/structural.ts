// checkStructuralSchema: what kube-apiserver checks on a CRD version's openAPIV3Schema when
// the CRD is written, in kube's order: the CRD schema rules, then structurality (sorted, as
// kube sorts them), then — only for a structural schema — the defaults.
import { formatFieldError, type FieldError } from '../../api/index.js';
import { additionalOf, itemsOf, schemaAt, schemaList, schemaMap } from './schema-view.js';
import type { JSONSchemaProps } from './index.js';
import { rootSchemaRules, statusRootRules } from './openapi-rules.js';
import { structuralRules } from './structural-rules.js';
import { defaultRules } from './default-rules.js';

// kube first converts the schema into its structural form; a list-valued `items` cannot be
// converted, and that failure is only reported when nothing else was (it always is).
function hasItemsList(s: JSONSchemaProps): boolean {
  const items = itemsOf(s);
  if (items?.list) return true;
  const subs: JSONSchemaProps[] = [
    ...schemaMap(s, 'properties').map(([, v]) => v),
    ...(['allOf', 'anyOf', 'oneOf'] as const).flatMap((k) => schemaList(s, k)),
  ];
  if (items?.schema) subs.push(items.schema);
  const ap = additionalOf(s)?.schema;
  if (ap) subs.push(ap);
  const not = schemaAt(s, 'not');
  if (not) subs.push(not);
  return subs.some(hasItemsList);
}

export function checkStructural(schema: JSONSchemaProps, path: string, statusSubresource: boolean): FieldError[] {
  const errors = [...(statusSubresource ? statusRootRules(schema, path) : []), ...rootSchemaRules(schema, path)];
  if (hasItemsList(schema)) return errors;
  const structural = structuralRules(schema, path);
  if (structural.length > 0) {
    const keyed = structural.map((e) => [formatFieldError(e), e] as const);
    keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return [...errors, ...keyed.map(([, e]) => e)];
  }
  return [...errors, ...defaultRules(schema, path)];
}
