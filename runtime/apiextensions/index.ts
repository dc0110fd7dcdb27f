// CRD serving: the controller that serves each established CRD's custom resources, and the
// pieces it is built from (schema/ and openapi/ are their own rooms, reached through theirs).
export { CrdController, type CrdControllerOptions } from './controller/index.js';
export { ServedCrd, crdVersionDescriptor, type ServingContext } from './serving/index.js';
export {
  CLEANUP_FINALIZER,
  findCondition,
  isConditionTrue,
  setCondition,
  storageVersionOf,
  type CustomResourceDefinition,
  type ConditionType,
} from './crd.js';
