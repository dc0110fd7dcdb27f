// The strategy of each built-in kind: the generic one read off its descriptor, with what kube
// does differently for that kind (name rules, create-on-update, hand-written hooks).
import type { GeneratedResource, ResourceDescriptor } from '../api/index.js';
import {
  genericStrategy,
  nameIsDNSLabel,
  nameIsPathSegment,
  type GenericStrategyOptions,
  type RegistryObject,
  type ResourceStrategy,
} from '../registry/index.js';
import { namespaceStrategy } from './core/namespace/strategy.js';
import { customResourceDefinitionStrategy } from './apiextensions/customresourcedefinition/index.js';

const key = (d: { group: string; plural: string }) => `${d.group}/${d.plural}`;

// Kinds whose PUT creates a missing object, as their kube strategies allow.
const CREATE_ON_UPDATE = new Set([
  '/services',
  '/endpoints',
  '/events',
  '/serviceaccounts',
  'events.k8s.io/events',
  'coordination.k8s.io/leases',
  'rbac.authorization.k8s.io/roles',
  'rbac.authorization.k8s.io/rolebindings',
  'rbac.authorization.k8s.io/clusterroles',
  'rbac.authorization.k8s.io/clusterrolebindings',
]);

// Kinds whose strategies keep metadata.generation (spec changes bump it); kube sets it per kind,
// and always for custom resources, which the wardle example stands for.
const TRACKS_GENERATION = new Set([
  'apiextensions.k8s.io/customresourcedefinitions',
  'admissionregistration.k8s.io/validatingadmissionpolicies',
  'admissionregistration.k8s.io/validatingadmissionpolicybindings',
  'admissionregistration.k8s.io/mutatingadmissionpolicies',
  'admissionregistration.k8s.io/mutatingadmissionpolicybindings',
  'wardle.example.com/flunders',
  'wardle.example.com/fischers',
]);

function optionsFor<T extends RegistryObject>(d: ResourceDescriptor): GenericStrategyOptions<T> {
  const k = key(d);
  const options: { -readonly [K in keyof GenericStrategyOptions<T>]?: GenericStrategyOptions<T>[K] } = {};
  if (CREATE_ON_UPDATE.has(k)) options.allowCreateOnUpdate = true;
  options.tracksGeneration = TRACKS_GENERATION.has(k);
  if (k === '/namespaces' || k === '/services') options.nameValidator = nameIsDNSLabel;
  if (d.group === 'rbac.authorization.k8s.io') options.nameValidator = nameIsPathSegment;
  return options;
}

const EXTENSIONS: Record<string, <T extends RegistryObject>(base: ResourceStrategy<T>) => ResourceStrategy<T>> = {
  '/namespaces': namespaceStrategy,
  'apiextensions.k8s.io/customresourcedefinitions': customResourceDefinitionStrategy,
};

export function strategyFor<T extends RegistryObject>(generated: GeneratedResource): ResourceStrategy<T> {
  const d = generated.descriptor;
  const base = genericStrategy<T>(generated, optionsFor<T>(d));
  const extend = EXTENSIONS[key(d)];
  return extend ? extend(base) : base;
}
