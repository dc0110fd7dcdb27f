// Named printers: per-kind cell formatters that a spec column refers to with
// `printer: <name>`. The runtime only looks them up; runtime/resources/ writes them.
import type { PrinterColumnType } from '../api/index.js';
import type { Cell, JsonObject } from './types.js';

export interface PrinterContext {
  /** The clock every age in a table is measured against, in milliseconds since the epoch. */
  readonly now: number;
}

/** Formats one cell from the whole object (a printer may read several fields). */
export type Printer = (object: JsonObject, context: PrinterContext) => Cell;

export type PrinterRegistry = ReadonlyMap<string, Printer>;

export class UnknownPrinterError extends Error {
  constructor(readonly printer: string, readonly resource: string, readonly column: string) {
    super(`${resource}: printer column ${JSON.stringify(column)} names printer ${JSON.stringify(printer)}, which is not registered`);
    this.name = 'UnknownPrinterError';
  }
}

/**
 * How a kind's table differs from what its declared columns alone say, for kinds whose
 * kube-apiserver table comes from a hand-written Go printer rather than from CRD-style
 * columns. Giving a style at all marks the kind as built in: its column descriptions fall
 * back to ObjectMeta's where the path is a metadata field (and to "" elsewhere) instead of
 * the CRD convertor's "Custom resource definition column…" text, and an absent timestamp
 * prints `<unknown>` instead of an empty cell.
 */
export interface TableStyle {
  /** `false` when kube prints no leading Name column (Events list Name last, wide only). */
  readonly leadingName?: boolean;
  readonly columns?: Readonly<Record<string, ColumnStyle>>;
}

export interface ColumnStyle {
  /** The `type` kube's column definition reports when it differs from the declared one. */
  readonly type?: PrinterColumnType;
  /** The cell kube's printer gives when the column's path finds nothing. */
  readonly whenMissing?: Cell;
}
