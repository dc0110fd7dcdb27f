// In-process admission plugins: built-in ones and hooks an embedding program registers from
// TypeScript. Both kinds take the same shape, so the chain runs them the same way.
import type { RegistryObject } from '../registry/index.js';
import type { AdmissionAttributes } from './attributes.js';

/** Where a plugin reports what the client and the audit log should see. */
export interface AdmissionContext {
  /** Sent to the client as a `Warning: 299 - "..."` header. */
  warn(message: string): void;
  /** Recorded on the audit event as `<plugin name>/<key>`. */
  annotate(key: string, value: string): void;
}

/**
 * A mutating hook. `attrs.object` is the chain's current object, a private copy the hook may
 * change in place; returning an object replaces it instead. Throw a StatusError to reject
 * (see `forbidden`); any other error answers 500.
 */
export type MutatingHook = (
  attrs: AdmissionAttributes,
  ctx: AdmissionContext,
) => RegistryObject | null | void | Promise<RegistryObject | null | void>;

/** A validating hook: it may only reject (throw) or warn; changes to the object are ignored. */
export type ValidatingHook = (attrs: AdmissionAttributes, ctx: AdmissionContext) => void | Promise<void>;

export interface MutatingPlugin {
  readonly name: string;
  readonly admit: MutatingHook;
}

export interface ValidatingPlugin {
  readonly name: string;
  readonly validate: ValidatingHook;
}

/** Undoes a registration. */
export type Unregister = () => void;
