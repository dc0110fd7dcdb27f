// Tolerant readers for printers: a stored object has passed validation, but a printer must
// still print something for a field that is absent, as Go's zero values do.

export type Fields = Readonly<Record<string, unknown>>;

export function record(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

/** The value at a property path, or undefined as soon as a step is missing. */
export function at(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    const r = record(current);
    if (r === undefined) return undefined;
    current = r[key];
  }
  return current;
}

/** A string field, or "" (Go's zero value) when absent or not a string. */
export function text(value: unknown, ...path: readonly string[]): string {
  const found = at(value, ...path);
  return typeof found === 'string' ? found : '';
}

/** A number field, or 0 when absent. */
export function integer(value: unknown, ...path: readonly string[]): number {
  const found = at(value, ...path);
  return typeof found === 'number' && Number.isFinite(found) ? Math.trunc(found) : 0;
}

/** A list field's items, or [] when absent. */
export function items(value: unknown, ...path: readonly string[]): readonly unknown[] {
  const found = at(value, ...path);
  return Array.isArray(found) ? found : [];
}

/** The number of entries of a map field, or 0. */
export function entryCount(value: unknown, ...path: readonly string[]): number {
  const found = record(at(value, ...path));
  return found === undefined ? 0 : Object.keys(found).length;
}

/** `k1=v1,k2=v2` with keys sorted, or `<none>` for an empty map: kube's label-set format. */
export function formatLabelSet(value: unknown): string {
  const labels = record(value);
  if (labels === undefined) return '<none>';
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${typeof labels[k] === 'string' ? labels[k] : ''}`);
  return pairs.length === 0 ? '<none>' : pairs.join(',');
}
