// The wire shapes of meta.k8s.io Table, as kube-apiserver serializes them. Field order and
// which fields are always present (every column definition carries all five fields) follow
// the Go structs' JSON encoding, because clients compare bytes in tests and goldens.

/** A value a cell can hold; `null` is what kubectl prints as `<none>`. */
export type Cell = string | number | boolean | null;

/** A JSON object as decoded from storage or a request. */
export type JsonObject = Readonly<Record<string, unknown>>;

export interface TableColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

export interface TableRow {
  readonly cells: readonly Cell[];
  /**
   * PartialObjectMetadata, the full object, or `null` for `includeObject=None` (kube encodes
   * an empty RawExtension as `null` rather than leaving the field out).
   */
  readonly object: unknown;
}

export interface TableListMeta {
  readonly resourceVersion?: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

export type TableVersion = 'v1' | 'v1beta1';

export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: `meta.k8s.io/${TableVersion}`;
  readonly metadata: TableListMeta;
  /** `null` when headers were not asked for (a watch sends them with its first event only). */
  readonly columnDefinitions: readonly TableColumnDefinition[] | null;
  readonly rows: readonly TableRow[];
}

/** `?includeObject=`: what each row carries besides its cells. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';
