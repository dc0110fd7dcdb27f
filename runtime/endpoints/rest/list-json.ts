// JSON text of list responses with each item's text cached per stored object. Objects served
// from the watch cache are frozen and shared by every reader, so a list of 1,000 items that
// were listed before is answered by joining strings rather than serializing 1,000 objects again
// (kube-apiserver caches the serialization of shared objects the same way).
import type { ApiObject } from '../resource-handlers.js';

interface ListSource {
  readonly sources: readonly ApiObject[];
  /** The item as the list shows it (type meta dropped or set). */
  readonly itemOf: (source: ApiObject) => object;
  /** Items of one variant share a text (the same object shown as another version differs). */
  readonly variant: string;
}

const lists = new WeakMap<object, ListSource>();
const texts = new Map<string, WeakMap<object, string>>();

/** Remembers how `list` was built, so listJson can serialize it from cached item texts. */
export function rememberListSources(list: object, source: ListSource): void {
  lists.set(list, source);
}

/** The JSON text of a list built by listObject (items last), or null for any other body. */
export function listJson(body: object): string | null {
  const source = lists.get(body);
  if (!source) return null;
  let cache = texts.get(source.variant);
  if (!cache) texts.set(source.variant, (cache = new WeakMap()));
  const parts = new Array<string>(source.sources.length);
  for (let i = 0; i < parts.length; i++) {
    const item = source.sources[i]!;
    let text = cache.get(item);
    if (text === undefined) {
      text = JSON.stringify(source.itemOf(item));
      // Only frozen objects are known not to change under the cached text.
      if (Object.isFrozen(item)) cache.set(item, text);
    }
    parts[i] = text;
  }
  const { items: _items, ...head } = body as { items?: unknown };
  const headText = JSON.stringify(head);
  return `${headText.slice(0, -1)}${headText.length > 2 ? ',' : ''}"items":[${parts.join(',')}]}`;
}
