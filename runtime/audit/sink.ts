// Where events go. A sink encodes an event when it is written, so the caller may reuse or
// change its objects afterwards.
import type { AuditEvent } from './types.js';

export interface AuditSink {
  write(event: AuditEvent): void;
  /** Resolves when everything written so far is on disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A sink that keeps events in memory (tests and embedders that inspect what was audited). */
export class MemoryAuditSink implements AuditSink {
  readonly events: AuditEvent[] = [];
  write(event: AuditEvent): void {
    // A deep copy: the event must show what it was when written.
    this.events.push(JSON.parse(JSON.stringify(event)) as AuditEvent);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
