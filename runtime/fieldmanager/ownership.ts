// The step both operations end with: compare the object before and after, hand changed fields
// to the acting manager and take them (and removed ones) from everybody else. Apply stops
// instead when another manager owns a field whose value changes, unless forced.
import { compareObjects } from './compare.js';
import { ApplyConflictError, type ConflictGroup } from './conflict.js';
import { difference, intersection, union, type FieldSet } from './field-set.js';
import type { JsonValue } from './json.js';
import type { Managed } from './managed.js';
import { pathString } from './path-element.js';
import type { FieldSchema } from './schema.js';
import { withoutUntracked } from './untracked.js';

export interface Changes {
  changed?: FieldSet;
  removed?: FieldSet;
}

export function changesBetween(before: JsonValue, after: JsonValue, schema: FieldSchema): Changes {
  const c = compareObjects(before, after, schema);
  return { changed: withoutUntracked(union(c.added, c.modified)), removed: withoutUntracked(c.removed) };
}

/** Strips `changes` from every entry but `actor`'s; throws ApplyConflictError first when `detectConflicts`. */
export function transferOwnership(managed: Managed, actor: string, changes: Changes, detectConflicts: boolean): void {
  if (detectConflicts && changes.changed) {
    const found: { key: string; group: ConflictGroup }[] = [];
    for (const [key, entry] of managed) {
      if (key === actor) continue;
      const clash = intersection(entry.set, changes.changed);
      if (!clash) continue;
      const who = { manager: entry.manager, operation: entry.operation, apiVersion: entry.apiVersion, ...(entry.subresource ? { subresource: entry.subresource } : {}) };
      found.push({ key, group: { with: who, fields: clash.paths().map(pathString) } });
    }
    if (found.length > 0) {
      // kube groups conflicts by manager identity, in sorted order.
      found.sort((a, b) => compareKeys(a.key, b.key));
      throw new ApplyConflictError(found.map((f) => f.group));
    }
  }
  for (const [key, entry] of managed) {
    if (key === actor) continue;
    const rest = difference(difference(entry.set, changes.changed), changes.removed);
    if (!rest) managed.delete(key);
    else entry.set = rest;
  }
}

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
