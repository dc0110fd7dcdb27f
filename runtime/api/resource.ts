// The unit generated/index.ts lists: a descriptor and the generated functions for its kind.
import type { ResourceDescriptor } from './descriptor.js';
import type { ValidationResult } from './validation.js';

export interface GeneratedResource {
  readonly descriptor: ResourceDescriptor;
  /** Checks a decoded object against its schema; unknown fields come back separately. */
  readonly validate: (obj: unknown) => ValidationResult;
  /** Fills schema defaults in place. */
  readonly applyDefaults: (obj: unknown) => void;
}
