// The request-side knobs of a Table response.
import type { IncludeObject } from './types.js';

export class TableOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableOptionError';
  }
}

/**
 * `?includeObject=` as kube validates it; absent or empty means Metadata. The error message
 * is the text of kube's 400 BadRequest.
 */
export function parseIncludeObject(value: string | undefined): IncludeObject {
  if (value === undefined || value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw new TableOptionError(
    `Unable to convert to Table as requested: includeObject: Invalid value: ${JSON.stringify(value)}: must be 'Metadata', 'Object', 'None', or empty`,
  );
}
