// ResourceStrategy: the per-resource hooks the generic store calls, with kube's names
// (rest.RESTCreateStrategy / RESTUpdateStrategy). defineStrategy fills no-op defaults so a
// strategy states only what differs.
import type { FieldError } from '../api/index.js';
import { defaultAttributes, type SelectableAttributes } from '../selection/index.js';
import { nameIsDNSSubdomain, type NameValidator } from './name-validation.js';
import type { RegistryObject } from './object-meta.js';

/** Where a kind keeps what autoscaling/v1 Scale shows (kube's CRD scale subresource paths). */
export interface ScalePaths {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  /** Unset: Scale.status.selector stays empty. */
  readonly labelSelectorPath?: string;
}

export const DEFAULT_SCALE_PATHS: ScalePaths = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.status.selector',
};

/** Hooks for PUT .../status. prepareForUpdate must leave only the status change in obj. */
export interface StatusStrategy<T extends RegistryObject> {
  prepareForUpdate(obj: T, old: T): void;
  validateUpdate(obj: T, old: T): FieldError[];
  warningsOnUpdate(obj: T, old: T): string[];
}

export interface ResourceStrategy<T extends RegistryObject> {
  readonly namespaced: boolean;
  /** Checks metadata.name (and generateName with prefix=true). */
  readonly nameValidator: NameValidator;
  /** PUT of an absent object creates it. */
  readonly allowCreateOnUpdate: boolean;
  /** PUT without metadata.resourceVersion overwrites whatever is stored. */
  readonly allowUnconditionalUpdate: boolean;
  /** The store keeps metadata.generation: 1 on create, +1 when deletion starts. */
  readonly tracksGeneration: boolean;
  /** Field labels accepted in field selectors besides metadata.name / metadata.namespace. */
  readonly selectableFields: readonly string[];
  /** Present when the kind has a status subresource. */
  readonly status: StatusStrategy<T> | null;
  /** Present when the kind has a scale subresource. */
  readonly scale: ScalePaths | null;

  /** Clears what a client may not set on create (status when it has its own subresource). */
  prepareForCreate(obj: T): void;
  /**
   * Runs after the store carried over generation; resets what an update may not change.
   * `old` is the stored object, shared with caches: read it, never mutate it (here or anywhere).
   */
  prepareForUpdate(obj: T, old: T): void;
  validate(obj: T): FieldError[];
  validateUpdate(obj: T, old: T): FieldError[];
  warningsOnCreate(obj: T): string[];
  warningsOnUpdate(obj: T, old: T): string[];
  /** Normalizes an object that passed validation (e.g. sorts a set). */
  canonicalize(obj: T): void;
  /** Labels and field values selectors match against. */
  getAttrs(obj: T): SelectableAttributes;
}

export type StrategyInput<T extends RegistryObject> = Partial<ResourceStrategy<T>> & { readonly namespaced: boolean };

const none = (): FieldError[] => [];
const noWarnings = (): string[] => [];
const noop = (): void => {};

export function defineStrategy<T extends RegistryObject>(input: StrategyInput<T>): ResourceStrategy<T> {
  return {
    nameValidator: nameIsDNSSubdomain,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: true,
    tracksGeneration: false,
    selectableFields: [],
    status: null,
    scale: null,
    prepareForCreate: noop,
    prepareForUpdate: noop,
    validate: none,
    validateUpdate: none,
    warningsOnCreate: noWarnings,
    warningsOnUpdate: noWarnings,
    canonicalize: noop,
    getAttrs: (obj: T) => defaultAttributes(obj),
    ...input,
  };
}

export function defineStatusStrategy<T extends RegistryObject>(input: Partial<StatusStrategy<T>>): StatusStrategy<T> {
  return { prepareForUpdate: noop, validateUpdate: none, warningsOnUpdate: noWarnings, ...input };
}
