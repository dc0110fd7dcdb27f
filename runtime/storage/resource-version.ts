// Parsing of the resourceVersion strings clients send, and what a list or watch request asks
// for in terms of revisions. Both backends and the watch cache share these rules.
import { invalid, tooLargeResourceVersion } from './errors.js';
import type { ListOptions, ResourceVersionMatch, StoredObject } from './interface.js';
import { decodeContinue } from './continue-token.js';

/** "" / undefined -> undefined (latest); otherwise a non-negative integer. */
export function parseResourceVersion(key: string, rv: string | undefined): number | undefined {
  if (rv === undefined || rv === '') return undefined;
  if (!/^\d+$/.test(rv)) throw invalid(key, `invalid resource version: ${JSON.stringify(rv)}`);
  const n = Number(rv);
  if (!Number.isSafeInteger(n)) throw invalid(key, `invalid resource version: ${JSON.stringify(rv)}`);
  return n;
}

/**
 * How to read a list:
 * - latest: a consistent read at the newest revision;
 * - any: any revision (a cache may answer from what it has);
 * - exact: at revision `revision` (fails Expired when compacted);
 * - notOlderThan: at any revision >= `revision`.
 * `start` is the first key to return when continuing.
 */
export type ListPlan =
  | { mode: 'latest' | 'any'; start?: string }
  | { mode: 'exact' | 'notOlderThan'; revision: number; start?: string };

export function planList<T extends StoredObject>(prefix: string, opts: ListOptions<T>): ListPlan {
  const match: ResourceVersionMatch | undefined = opts.resourceVersionMatch;
  if (match !== undefined && match !== 'Exact' && match !== 'NotOlderThan') {
    throw invalid(prefix, `invalid resourceVersionMatch: ${JSON.stringify(match)}`);
  }
  if (opts.continue) {
    if (opts.resourceVersion !== undefined && opts.resourceVersion !== '' && opts.resourceVersion !== '0') {
      throw invalid(prefix, 'specifying resource version is not allowed when using continue');
    }
    const token = decodeContinue(prefix, opts.continue);
    return { mode: 'exact', revision: token.revision, start: token.start };
  }
  const rv = parseResourceVersion(prefix, opts.resourceVersion);
  if (rv === undefined) {
    if (match !== undefined) {
      throw invalid(prefix, 'resourceVersionMatch is forbidden unless resourceVersion is provided');
    }
    return { mode: 'latest' };
  }
  if (match === 'Exact') {
    if (rv === 0) throw invalid(prefix, 'resourceVersionMatch "Exact" is forbidden for resourceVersion "0"');
    return { mode: 'exact', revision: rv };
  }
  if (rv === 0) return { mode: 'any' };
  if (match === undefined && opts.limit !== undefined && opts.limit > 0) return { mode: 'exact', revision: rv };
  return { mode: 'notOlderThan', revision: rv };
}

/** Fails when a NotOlderThan / Exact revision is ahead of what the store has. */
export function ensureNotAhead(key: string, wanted: number, current: number): void {
  if (wanted > current) throw tooLargeResourceVersion(key, wanted, current);
}
