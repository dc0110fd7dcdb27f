// Hand-written resources for the registry tests: a namespaced kind with spec/status, scale and
// a selectable field; a cluster-scoped kind; and core ConfigMap's shape for exact core-group
// messages. Validation and defaulting are written by hand in the shape codegen emits.
import { fieldErrors, isObject, type FieldError, type GeneratedResource, type ResourceDescriptor } from '../../runtime/api/index.js';
import { isStatusError, type StatusError } from '../../runtime/errors/index.js';
import { openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import { typedStorage, type Storage } from '../../runtime/storage/index.js';
import {
  createRegistryStore,
  genericStrategy,
  type RegistryObject,
  type RegistryStore,
  type RegistryStoreConfig,
  type ResourceStrategy,
} from '../../runtime/registry/index.js';

export interface Widget extends RegistryObject {
  spec?: { color?: string; replicas?: number; size?: number };
  status?: { replicas?: number; selector?: string; phase?: string };
}

export interface Gadget extends RegistryObject {
  spec?: { mode?: string };
}

export interface ConfigMap extends RegistryObject {
  data?: Record<string, string>;
}

const base = {
  shortNames: [],
  categories: [],
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  fields: {},
  printerColumns: [],
} as const;

const widgetGVK = { group: 'test.capstan.io', version: 'v1', kind: 'Widget' };

export const widgetDescriptor: ResourceDescriptor = {
  ...base,
  ...widgetGVK,
  listKind: 'WidgetList',
  plural: 'widgets',
  singular: 'widget',
  scope: 'Namespaced',
  subresources: [
    { name: 'status', verbs: ['get', 'patch', 'update'], kind: widgetGVK },
    { name: 'scale', verbs: ['get', 'patch', 'update'], kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' } },
  ],
  selectableFields: ['.spec.color', '.status.phase'],
};

function checkReplicas(errs: FieldError[], path: string, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) errs.push(fieldErrors.typeInvalid(path, v, `${path} in body must be of type integer`));
  else if (v < 0) errs.push(fieldErrors.invalid(path, v, `${path} in body should be greater than or equal to 0`));
}

export const widgetResource: GeneratedResource = {
  descriptor: widgetDescriptor,
  validate(obj) {
    const errs: FieldError[] = [];
    const o = isObject(obj) ? obj : {};
    const spec = isObject(o.spec) ? o.spec : {};
    const status = isObject(o.status) ? o.status : {};
    checkReplicas(errs, 'spec.replicas', spec.replicas);
    checkReplicas(errs, 'status.replicas', status.replicas);
    if (spec.color !== undefined && !['blue', 'red', 'green'].includes(spec.color as string)) {
      errs.push(fieldErrors.notSupported('spec.color', spec.color, ['blue', 'green', 'red']));
    }
    return { errors: errs, unknownFields: [] };
  },
  applyDefaults(obj) {
    if (!isObject(obj)) return;
    if (!isObject(obj.spec)) obj.spec = {};
    const spec = obj.spec as Record<string, unknown>;
    if (spec.color === undefined) spec.color = 'blue';
  },
};

export const gadgetDescriptor: ResourceDescriptor = {
  ...base,
  group: 'test.capstan.io',
  version: 'v1',
  kind: 'Gadget',
  listKind: 'GadgetList',
  plural: 'gadgets',
  singular: 'gadget',
  scope: 'Cluster',
  subresources: [],
  selectableFields: [],
};

export const gadgetResource: GeneratedResource = {
  descriptor: gadgetDescriptor,
  validate: () => ({ errors: [], unknownFields: [] }),
  applyDefaults: () => {},
};

export const configMapDescriptor: ResourceDescriptor = {
  ...base,
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  plural: 'configmaps',
  singular: 'configmap',
  scope: 'Namespaced',
  subresources: [],
  selectableFields: [],
};

export const configMapResource: GeneratedResource = {
  descriptor: configMapDescriptor,
  validate: () => ({ errors: [], unknownFields: [] }),
  applyDefaults: () => {},
};

export const FIXED_NOW = new Date('2026-11-22T02:07:25.123Z');

export interface Harness<T extends RegistryObject> {
  store: RegistryStore<T>;
  storage: Storage<T>;
  close(): Promise<void>;
}

export async function harness<T extends RegistryObject>(
  resource: GeneratedResource,
  extra: Partial<RegistryStoreConfig<T>> & { strategy?: ResourceStrategy<T> } = {},
): Promise<Harness<T>> {
  const backend = await openEmbeddedStorage({ mode: 'memory' });
  const storage = typedStorage<T>(backend);
  const store = createRegistryStore<T>({
    resource,
    strategy: extra.strategy ?? genericStrategy<T>(resource),
    storage,
    now: () => FIXED_NOW,
    ...extra,
  });
  return { store, storage, close: () => backend.close() };
}

/** Runs fn and returns the StatusError it rejects with (fails the test if it resolves). */
export async function rejection(fn: () => Promise<unknown>): Promise<StatusError> {
  try {
    await fn();
  } catch (err) {
    if (isStatusError(err)) return err;
    throw new Error(`expected a StatusError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a rejection, but the call succeeded');
}
