// Drops the fields field validation reported as unknown, as decoding into kube's typed objects
// does when fieldValidation is Ignore or Warn. Paths look like `spec.ports[0].bogus`.
import type { ApiObject } from '../resource-handlers.js';

function parsePath(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) segments.push(m[1]);
    else segments.push(/^\d+$/.test(m[2]!) ? Number(m[2]) : m[2]!);
  }
  return segments;
}

export function pruneUnknownFields<T extends ApiObject>(obj: T, paths: readonly string[]): T {
  if (paths.length === 0) return obj;
  const copy = structuredClone(obj) as unknown as Record<string, unknown>;
  for (const path of paths) {
    const segments = parsePath(path);
    let node: unknown = copy;
    for (const segment of segments.slice(0, -1)) {
      node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
    }
    const last = segments.at(-1);
    if (last !== undefined && node !== null && typeof node === 'object' && !Array.isArray(node)) {
      delete (node as Record<string, unknown>)[String(last)];
    }
  }
  return copy as unknown as T;
}
