// A selection predicate: a label selector and a field selector over the attributes a resource
// exposes. Storage filters lists and watches with it; resources with selectable fields pass
// their own getAttrs.
import { parseFieldSelector, type FieldSelector } from './fields.js';
import { parseLabelSelector, type LabelSelector } from './labels.js';
import { SelectorError } from './selector-error.js';

export interface SelectableAttributes {
  labels: { readonly [key: string]: string };
  fields: { readonly [field: string]: string };
}

export interface SelectionPredicate<T> {
  readonly label: LabelSelector;
  readonly field: FieldSelector;
  /** True when the predicate selects every object. */
  readonly empty: boolean;
  matches(obj: T): boolean;
}

interface MetaCarrier {
  metadata?: { name?: string; namespace?: string; labels?: { [key: string]: string } };
}

/** metadata.name and metadata.namespace, which every resource can be selected by. */
export function defaultAttributes(obj: MetaCarrier): SelectableAttributes {
  const meta = obj.metadata ?? {};
  return {
    labels: meta.labels ?? {},
    fields: { 'metadata.name': meta.name ?? '', 'metadata.namespace': meta.namespace ?? '' },
  };
}

export interface PredicateInput<T> {
  labelSelector?: string | LabelSelector;
  fieldSelector?: string | FieldSelector;
  /** Defaults to defaultAttributes. */
  getAttrs?: (obj: T) => SelectableAttributes;
  /** Field names the resource can be selected by; others fail with SelectorError. */
  selectableFields?: readonly string[];
}

export function makePredicate<T extends MetaCarrier>(input: PredicateInput<T> = {}): SelectionPredicate<T> {
  const label = typeof input.labelSelector === 'string' || input.labelSelector === undefined
    ? parseLabelSelector(input.labelSelector ?? '')
    : input.labelSelector;
  const field = typeof input.fieldSelector === 'string' || input.fieldSelector === undefined
    ? parseFieldSelector(input.fieldSelector ?? '')
    : input.fieldSelector;
  if (input.selectableFields) {
    const allowed = new Set(['metadata.name', 'metadata.namespace', ...input.selectableFields]);
    for (const r of field.requirements) {
      if (!allowed.has(r.field)) throw new SelectorError(`field label not supported: ${r.field}`);
    }
  }
  const getAttrs = input.getAttrs ?? defaultAttributes;
  const noLabels = label.requirements.length === 0;
  const noFields = field.requirements.length === 0;
  return {
    label,
    field,
    empty: noLabels && noFields,
    matches(obj) {
      if (noLabels && noFields) return true;
      if (noFields) return label.matches(obj.metadata?.labels);
      const attrs = getAttrs(obj);
      return label.matches(attrs.labels) && field.matches(attrs.fields);
    },
  };
}

export const everything = <T extends MetaCarrier>(): SelectionPredicate<T> => makePredicate<T>();
