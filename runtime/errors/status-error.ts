import type { Status } from './status.js';

/** An error that reaches the client as this Status, with Status.code as the HTTP status. */
export class StatusError extends Error {
  readonly status: Status;

  constructor(status: Status) {
    super(status.message ?? status.reason ?? `status ${status.code}`);
    this.name = `StatusError(${status.reason || status.code})`;
    this.status = status;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): Status['reason'] {
    return this.status.reason;
  }
}

export function isStatusError(err: unknown): err is StatusError {
  return err instanceof StatusError;
}
