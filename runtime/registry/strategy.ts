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

/**
 * Deletion of a kind that keeps finalizers of its own outside metadata.finalizers (kube's
 * Namespace spec.finalizers): while any remain, DELETE only marks the object as being deleted,
 * and the update that clears the last finalizer of either kind deletes it.
 */
export interface DeletionStrategy<T extends RegistryObject> {
  /** The kind's own finalizers still pending on obj. */
  pendingFinalizers(obj: T): readonly string[];
  /** Edits the copy that records the start of deletion (e.g. sets a phase). */
  prepareForDeletion(obj: T): void;
  /**
   * The 409 Conflict message for a DELETE of an object already being deleted while its own
   * finalizers remain; null answers such a DELETE with the object, as a first one.
   */
  conflictWhilePending(obj: T): string | null;
}

/** The hooks of any subresource that updates one part of an object (status, a namespace's finalize). */
export type SubresourceStrategy<T extends RegistryObject> = StatusStrategy<T>;

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

  /** Present when the kind has finalizers of its own (see DeletionStrategy). */
  readonly deletion?: DeletionStrategy<T> | null;
  /** Why obj may not be deleted at all (answered 403 Forbidden), or null. */
  forbidDelete?(obj: T): string | null;

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
