// A declared column's cell, converted the way kube's CRD table convertor converts what its
// JSONPath found: only the first match counts; a column's type decides what survives.
import type { PrinterColumnType } from '../api/index.js';
import { timestampAge } from './duration.js';
import { goText } from './go-text.js';
import type { Cell } from './types.js';

export function cellForValue(type: PrinterColumnType, value: unknown, now: number): Cell {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'integer':
      // Go converts a decoded float to int64, dropping the fraction.
      return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return goText(value) ?? null;
    case 'date':
      return typeof value === 'string' ? timestampAge(value, now) : null;
  }
}

/** `aggregate: count`: entries of the list or map found; anything else (or nothing) is 0. */
export function countOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return 0;
}
