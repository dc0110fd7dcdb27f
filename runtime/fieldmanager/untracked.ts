// Fields no manager ever owns: identity and bookkeeping the server writes itself.
import { difference, FieldSet } from './field-set.js';

const META_FIELDS = [
  'name',
  'namespace',
  'creationTimestamp',
  'selfLink',
  'uid',
  'clusterName',
  'generation',
  'managedFields',
  'resourceVersion',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

const UNTRACKED = (() => {
  const set = new FieldSet();
  set.child('f:apiVersion').member = true;
  set.child('f:kind').member = true;
  const meta = set.child('f:metadata');
  meta.member = true;
  for (const f of META_FIELDS) meta.child(`f:${f}`).member = true;
  return set;
})();

export function withoutUntracked(set: FieldSet | undefined): FieldSet | undefined {
  return difference(set, UNTRACKED);
}
