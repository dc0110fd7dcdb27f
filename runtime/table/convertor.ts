// Objects of one resource -> a meta.k8s.io Table. Columns are compiled once per resource
// (paths parsed, printers resolved), so a spec naming a missing printer fails at startup.
import type { PrinterColumn, ResourceDescriptor } from '../api/index.js';
import { cellForValue, countOf } from './cells.js';
import { parseJsonPath } from './jsonpath.js';
import { customColumnDescription, metadataDescription, NAME_DESCRIPTION } from './metadata-docs.js';
import { UnknownPrinterError, type PrinterContext, type PrinterRegistry, type TableStyle } from './printer.js';
import type { Cell, IncludeObject, JsonObject, Table, TableColumnDefinition, TableListMeta, TableRow, TableVersion } from './types.js';

export interface TableDefinitionOptions {
  /** Where `printer: <name>` columns are looked up. */
  readonly printers?: PrinterRegistry;
  /** Set for kinds kube prints with a hand-written printer; see TableStyle. */
  readonly style?: TableStyle;
}

export interface ToTableOptions {
  /** Default `Metadata`, as kube's. */
  readonly includeObject?: IncludeObject;
  /** The list's metadata; leave it out when converting a single object (a GET by name). */
  readonly listMeta?: TableListMeta;
  /** Clock for ages, in milliseconds since the epoch; default Date.now(). */
  readonly now?: number;
  /** Leave out columnDefinitions (kube sends `null`), e.g. for watch events after the first. */
  readonly noHeaders?: boolean;
  /** The meta.k8s.io version the client negotiated; default v1. */
  readonly version?: TableVersion;
}

export interface TableConvertor {
  /** What the server sends as columnDefinitions: every column, wide ones included. */
  readonly columnDefinitions: readonly TableColumnDefinition[];
  /** A list when given an array, one object (GET of a name) otherwise. */
  toTable(objects: JsonObject | readonly JsonObject[], options?: ToTableOptions): Table;
}

interface CompiledColumn {
  readonly definition: TableColumnDefinition;
  readonly cell: (object: JsonObject, context: PrinterContext) => Cell;
}

const nameColumn: CompiledColumn = {
  definition: { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
  cell: (object) => {
    const name = metadataOf(object)['name'];
    return typeof name === 'string' ? name : '';
  },
};

export function tableConvertor(descriptor: ResourceDescriptor, options: TableDefinitionOptions = {}): TableConvertor {
  const resource = descriptor.group === '' ? descriptor.plural : `${descriptor.plural}.${descriptor.group}`;
  const style = options.style;
  const columns: CompiledColumn[] = style?.leadingName === false ? [] : [nameColumn];
  for (const column of descriptor.printerColumns) columns.push(compileColumn(resource, column, options));
  const columnDefinitions = columns.map((c) => c.definition);

  return {
    columnDefinitions,
    toTable(objects, toOptions = {}) {
      const context: PrinterContext = { now: toOptions.now ?? Date.now() };
      const includeObject = toOptions.includeObject ?? 'Metadata';
      const version = toOptions.version ?? 'v1';
      const items: readonly JsonObject[] = isList(objects) ? objects : [objects];
      const rows: TableRow[] = items.map((object) => ({
        cells: columns.map((c) => c.cell(object, context)),
        object: rowObject(object, includeObject, version),
      }));
      return {
        kind: 'Table',
        apiVersion: `meta.k8s.io/${version}`,
        metadata: isList(objects) ? listMetadata(toOptions.listMeta) : objectMetadata(objects),
        columnDefinitions: toOptions.noHeaders ? null : columnDefinitions,
        rows,
      };
    },
  };
}

/** One-shot convenience over tableConvertor(); servers should compile once per resource. */
export function toTable(
  descriptor: ResourceDescriptor,
  objects: JsonObject | readonly JsonObject[],
  options: ToTableOptions & TableDefinitionOptions = {},
): Table {
  return tableConvertor(descriptor, options).toTable(objects, options);
}

function compileColumn(resource: string, column: PrinterColumn, options: TableDefinitionOptions): CompiledColumn {
  const style = options.style;
  const columnStyle = style?.columns?.[column.name];
  const isName = column.jsonPath.trim() === '.metadata.name';
  const definition: TableColumnDefinition = {
    name: column.name,
    type: columnStyle?.type ?? column.type,
    // Without the leading column, the listed NAME is the one kubectl must treat as the name.
    format: column.format ?? (style?.leadingName === false && isName ? 'name' : ''),
    description:
      column.description ??
      (style ? (metadataDescription(column.jsonPath) ?? '') : customColumnDescription(column.jsonPath)),
    priority: column.priority ?? 0,
  };

  // Parsed even when a printer computes the cell, so a mistyped path still fails at startup.
  const path = parseJsonPath(column.jsonPath);
  if (column.printer !== undefined) {
    const printer = options.printers?.get(column.printer);
    if (printer === undefined) throw new UnknownPrinterError(column.printer, resource, column.name);
    return { definition, cell: printer };
  }

  if (column.aggregate === 'count') return { definition, cell: (object) => countOf(path.find(object)[0]) };

  const missing: Cell = style ? (columnStyle?.whenMissing ?? (column.type === 'date' ? '<unknown>' : null)) : null;
  return {
    definition,
    cell: (object, context) => {
      const value = path.find(object)[0];
      if (value === undefined || value === null) return missing;
      return cellForValue(column.type, value, context.now);
    },
  };
}

function isList(objects: JsonObject | readonly JsonObject[]): objects is readonly JsonObject[] {
  return Array.isArray(objects);
}

function metadataOf(object: JsonObject): Readonly<Record<string, unknown>> {
  const metadata = object['metadata'];
  return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)
    ? (metadata as Record<string, unknown>)
    : {};
}

// Go leaves empty strings out of ListMeta (omitempty); remainingItemCount is a pointer, so a
// set 0 is sent.
function listMetadata(meta: TableListMeta | undefined): TableListMeta {
  const out: { resourceVersion?: string; continue?: string; remainingItemCount?: number } = {};
  if (meta?.resourceVersion) out.resourceVersion = meta.resourceVersion;
  if (meta?.continue) out.continue = meta.continue;
  if (meta?.remainingItemCount !== undefined) out.remainingItemCount = meta.remainingItemCount;
  return out;
}

function objectMetadata(object: JsonObject): TableListMeta {
  const rv = metadataOf(object)['resourceVersion'];
  return typeof rv === 'string' && rv !== '' ? { resourceVersion: rv } : {};
}

function rowObject(object: JsonObject, includeObject: IncludeObject, version: TableVersion): unknown {
  switch (includeObject) {
    case 'None':
      return null;
    case 'Object':
      return object;
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: metadataOf(object) };
  }
}
