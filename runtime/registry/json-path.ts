// The simple JSON paths descriptors use for selectable fields and scale (".spec.replicas"):
// dot-separated property names from the object root, nothing else.
import { isObject } from '../api/index.js';

export function parseSimplePath(path: string): string[] {
  const trimmed = path.startsWith('.') ? path.slice(1) : path;
  return trimmed === '' ? [] : trimmed.split('.');
}

/** The field label a selectable-field path is selected by: ".status.phase" -> "status.phase". */
export function fieldLabelOf(path: string): string {
  return parseSimplePath(path).join('.');
}

export function getPath(obj: unknown, segments: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const s of segments) {
    if (!isObject(cur)) return undefined;
    cur = cur[s];
  }
  return cur;
}

/** Sets a value, creating intermediate objects (replacing non-objects in the way). */
export function setPath(obj: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let cur = obj;
  segments.forEach((s, i) => {
    if (i === segments.length - 1) {
      cur[s] = value;
      return;
    }
    const next = cur[s];
    if (!isObject(next)) cur[s] = {};
    cur = cur[s] as Record<string, unknown>;
  });
}
