// list(prefix): range reads over [start, prefixEnd(prefix)) at one revision. The first page's
// header revision becomes the list's revision and every later page (internal or continued) is
// read at it, so a paginated list is one consistent snapshot.
import { encodeContinue } from '../continue-token.js';
import type { ListOptions, ListResult, StoredObject } from '../interface.js';
import { prefixEnd } from '../keys.js';
import { ensureNotAhead, planList } from '../resource-version.js';
import { decodeValue, headerRevision, keyBytes } from './kv.js';
import type { RangeReader } from './reader.js';

export async function listObjects<T extends StoredObject>(
  reader: RangeReader,
  prefix: string,
  opts: ListOptions<T>,
  pagingBatch: number,
): Promise<ListResult<T>> {
  const plan = planList(prefix, opts);
  const limit = opts.limit !== undefined && opts.limit > 0 ? Math.floor(opts.limit) : 0;
  const predicate = opts.predicate && !opts.predicate.empty ? opts.predicate : undefined;
  const end = keyBytes(prefixEnd(prefix));
  // Exact reads name their revision; the others learn it from the first page.
  let listRev = plan.mode === 'exact' ? plan.revision : 0;
  const serializable = plan.mode === 'any';
  let start = plan.start ?? prefix;
  // Unfiltered pages can be exactly `limit` long; with a predicate, pages grow like kube's so
  // a selective filter does not cost one round trip per few items.
  let pageSize = limit > 0 ? limit : pagingBatch;
  const maxPage = Math.max(pagingBatch, limit);

  const items: T[] = [];
  for (;;) {
    const res = await reader.range(prefix, { key: keyBytes(start), range_end: end, limit: pageSize, serializable }, listRev);
    if (listRev === 0) {
      listRev = headerRevision(res.header);
      if (plan.mode === 'notOlderThan') ensureNotAhead(prefix, plan.revision, listRev);
    }
    const kvs = res.kvs;
    for (let i = 0; i < kvs.length; i++) {
      const kv = kvs[i]!;
      const obj = decodeValue<T>(kv.key, kv.value, Number(kv.mod_revision));
      if (predicate === undefined || predicate.matches(obj)) items.push(obj);
      if (limit > 0 && items.length === limit) {
        const more = i < kvs.length - 1 || res.more;
        if (!more) return { items, resourceVersion: String(listRev) };
        const result: ListResult<T> = {
          items,
          resourceVersion: String(listRev),
          continue: encodeContinue(prefix, kv.key.toString('utf8') + '\0', listRev),
        };
        // Only an unfiltered page is exactly the first `limit` keys of the range, so only then
        // does etcd's count tell how many items remain.
        if (predicate === undefined) result.remainingItemCount = Number(res.count) - (i + 1);
        return result;
      }
    }
    if (!res.more || kvs.length === 0) return { items, resourceVersion: String(listRev) };
    start = kvs[kvs.length - 1]!.key.toString('utf8') + '\0';
    if (limit > 0) pageSize = Math.min(pageSize * 2, maxPage);
  }
}
