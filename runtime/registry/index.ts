// The generic registry store and the strategies that parameterize it.
export { RegistryStore, createRegistryStore, type RegistryStoreConfig, type NamespaceInfo } from './store.js';
export {
  defineStrategy,
  defineStatusStrategy,
  DEFAULT_SCALE_PATHS,
  type ResourceStrategy,
  type StatusStrategy,
  type SubresourceStrategy,
  type DeletionStrategy,
  type StrategyInput,
  type ScalePaths,
} from './strategy.js';
export { genericStrategy, type GenericStrategyOptions } from './generic-strategy.js';
export {
  nameIsDNSSubdomain,
  nameIsDNSLabel,
  nameIsPathSegment,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  type NameValidator,
} from './name-validation.js';
export {
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateLabels,
  validateAnnotations,
  validateFinalizers,
  validateOwnerReferences,
  TOTAL_ANNOTATION_SIZE_LIMIT,
  FINALIZER_ORPHAN_DEPENDENTS,
  FINALIZER_DELETE_DEPENDENTS,
  type MetaValidationOptions,
} from './meta-validation.js';
export { NAME_ALPHABET, RANDOM_NAME_LENGTH, GENERATE_NAME_ATTEMPTS, generateName, randomSuffix, type RandomSuffix } from './generate-name.js';
export { rfc3339Seconds, cloneObject, metaOf, type RegistryObject, type ObjectMeta, type OwnerReference } from './object-meta.js';
export type {
  UserInfo,
  RequestContext,
  AdmissionMutate,
  AdmissionValidate,
  CreateOptions,
  ApplyOptions,
  UpdateOptions,
  GetOptions,
  ListOptions,
  WatchOptions,
  SelectorOptions,
  PropagationPolicy,
  DeleteOptionsBody,
  DeleteOptions,
  DeleteCollectionOptions,
  ObjectResult,
  UpdateResult,
  ListResponse,
  DeleteSuccessStatus,
  DeleteResult,
  DeleteCollectionResult,
  Scale,
} from './request.js';
