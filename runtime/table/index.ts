// meta.k8s.io Table output: objects of one resource -> the Table kube-apiserver would send
// for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`.
//
// Compile once per resource when it is registered, so a bad column fails at startup:
//   const convertor = tableConvertor(descriptor, { printers: builtinPrinters, style: tableStyleFor(descriptor) });
//   convertor.toTable(items, { includeObject, listMeta: { resourceVersion, continue }, now });
// (builtinPrinters and tableStyleFor come from runtime/resources; CRDs pass neither.)
export type {
  Cell,
  JsonObject,
  IncludeObject,
  Table,
  TableColumnDefinition,
  TableListMeta,
  TableRow,
  TableVersion,
} from './types.js';
export type { Printer, PrinterContext, PrinterRegistry, TableStyle, ColumnStyle } from './printer.js';
export { UnknownPrinterError } from './printer.js';
export type { TableConvertor, TableDefinitionOptions, ToTableOptions } from './convertor.js';
export { tableConvertor, toTable } from './convertor.js';
export { parseIncludeObject, TableOptionError } from './options.js';
export type { JsonPath } from './jsonpath.js';
export { parseJsonPath, JsonPathError } from './jsonpath.js';
export { humanDuration, timestampAge, parseTimestamp, formatTimestampUTC, ZERO_TIME_MS } from './duration.js';
export { goText } from './go-text.js';
export { NAME_DESCRIPTION, CREATION_TIMESTAMP_DESCRIPTION } from './metadata-docs.js';
