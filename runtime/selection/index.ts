export {
  parseLabelSelector,
  labelSelectorOf,
  labelSelectorFromSet,
  validateLabelKey,
  validateLabelValue,
  type LabelSelector,
  type LabelRequirement,
  type LabelOperator,
} from './labels.js';
export { parseFieldSelector, fieldSelectorOf, type FieldSelector, type FieldRequirement } from './fields.js';
export {
  makePredicate,
  everything,
  defaultAttributes,
  type SelectionPredicate,
  type SelectableAttributes,
  type PredicateInput,
} from './predicate.js';
export { SelectorError } from './selector-error.js';
