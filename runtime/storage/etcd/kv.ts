// Small conversions between storage keys/objects and etcd's byte keys and key-values.
import type { IKeyValue, IRangeRequest, IResponseHeader } from 'etcd3';
import { decodeObject } from '../codec.js';
import { internal } from '../errors.js';
import type { StoredObject } from '../interface.js';

export const keyBytes = (key: string): Buffer => Buffer.from(key, 'utf8');

export const headerRevision = (header: IResponseHeader): number => Number(header.revision);

/** A stored object with the bytes it was read from, for no-op detection and compare-and-swap. */
export interface KvState<T> {
  obj: T;
  data: string;
  /** mod_revision: the object's resourceVersion. */
  rev: number;
}

export function kvState<T extends StoredObject>(kv: IKeyValue): KvState<T> {
  const data = kv.value.toString('utf8');
  const rev = Number(kv.mod_revision);
  return { obj: decodeValue<T>(kv.key, data, rev), data, rev };
}

/**
 * The object stored under key, with resourceVersion `revision`. Anything else found there (a
 * value some other etcd client wrote) is an Internal error rather than an exception from deep
 * inside a gRPC callback.
 */
export function decodeValue<T extends StoredObject>(key: Buffer, value: Buffer | string, revision: number): T {
  const data = typeof value === 'string' ? value : value.toString('utf8');
  try {
    if (data.charCodeAt(0) !== 0x7b /* { */) throw new Error('not a JSON object');
    return decodeObject<T>(data, revision);
  } catch (err) {
    const name = key.toString('utf8');
    throw internal(name, new Error(`cannot decode the object stored at ${name}: ${(err as Error).message}`));
  }
}

/** A range request over [start, end), or a single key when end is undefined. */
export function rangeOf(start: string, end: string | undefined): IRangeRequest {
  return end === undefined ? { key: keyBytes(start) } : { key: keyBytes(start), range_end: keyBytes(end) };
}
