// Range reads shared by get, list and a watch's initial state: deadlines, paging at one fixed
// revision, and etcd's revision errors turned into Expired / "Too large resource version".
import type { IRangeRequest, IRangeResponse } from 'etcd3';
import { expired, tooLargeResourceVersion, type StorageError } from '../errors.js';
import type { EtcdClient } from './client.js';
import { isCompactedError, isFutureRevisionError, toStorageError } from './errors.js';
import { headerRevision, keyBytes } from './kv.js';

export class RangeReader {
  /** The newest compaction this process has seen; etcd's errors do not say which it was. */
  compactedRevision = 0;

  constructor(readonly client: EtcdClient) {}

  /** One range request; `revision` 0 reads the latest state. */
  async range(key: string, req: IRangeRequest, revision = 0): Promise<IRangeResponse> {
    try {
      return await this.client.range(revision > 0 ? { ...req, revision } : req);
    } catch (err) {
      throw await this.describe(key, err, revision);
    }
  }

  /** The store's newest revision (a linearizable read). */
  async currentRevision(key: string): Promise<number> {
    const res = await this.range(key, { key: keyBytes('\0'), count_only: true });
    return headerRevision(res.header);
  }

  noteCompacted(revision: number): void {
    if (revision > this.compactedRevision) this.compactedRevision = revision;
  }

  private async describe(key: string, err: unknown, revision: number): Promise<StorageError> {
    if (isCompactedError(err)) {
      return expired(key, revision, Math.max(this.compactedRevision, revision + 1));
    }
    if (isFutureRevisionError(err)) {
      let current = 0;
      try {
        current = await this.currentRevision(key);
      } catch {
        // The error is about the revision asked for; the current one is only detail.
      }
      return tooLargeResourceVersion(key, revision, current);
    }
    return toStorageError(key, err);
  }
}
