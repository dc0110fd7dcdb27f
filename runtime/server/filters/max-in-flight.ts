// --max-requests-inflight / --max-mutating-requests-inflight: two counters, a 429 with
// Retry-After when a pool is full. system:masters is exempt, as in kube, so an administrator
// can still reach an overloaded server; so are health probes, which a flood must not fail.
import { statusErrors } from '../../errors/index.js';
import type { UserInfo } from '../../registry/index.js';

export type InflightKind = 'readOnly' | 'mutating';

export interface InflightLimits {
  /** 0: no limit. */
  readonly maxReadOnly: number;
  readonly maxMutating: number;
  /** Told the current count whenever it changes (apiserver_current_inflight_requests). */
  readonly onChange?: (kind: InflightKind, current: number) => void;
}

const PRIVILEGED_GROUP = 'system:masters';

export class InflightLimiter {
  private readOnly = 0;
  private mutating = 0;

  constructor(private readonly limits: InflightLimits) {}

  /** Takes a slot and answers the function that gives it back; throws the 429 when full. */
  acquire(kind: InflightKind, user: UserInfo): () => void {
    const max = kind === 'mutating' ? this.limits.maxMutating : this.limits.maxReadOnly;
    if (max > 0 && (kind === 'mutating' ? this.mutating : this.readOnly) >= max && !user.groups?.includes(PRIVILEGED_GROUP)) {
      throw statusErrors.tooManyRequests(1);
    }
    this.add(kind, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.add(kind, -1);
    };
  }

  current(kind: InflightKind): number {
    return kind === 'mutating' ? this.mutating : this.readOnly;
  }

  private add(kind: InflightKind, delta: 1 | -1): void {
    const value = kind === 'mutating' ? (this.mutating += delta) : (this.readOnly += delta);
    this.limits.onChange?.(kind, value);
  }
}
