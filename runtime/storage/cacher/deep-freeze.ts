// Objects held by the watch cache are shared by every reader and watcher, so they are frozen once
// when they enter the cache instead of being copied on every read.

/** Freezes obj and everything reachable from it; already-frozen subtrees are not walked again. */
export function deepFreeze<T>(obj: T): T {
  if (typeof obj !== 'object' || obj === null || Object.isFrozen(obj)) return obj;
  Object.freeze(obj);
  if (Array.isArray(obj)) {
    for (const item of obj) deepFreeze(item);
  } else {
    for (const key in obj) deepFreeze((obj as Record<string, unknown>)[key]);
  }
  return obj;
}
