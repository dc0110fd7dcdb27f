// What the generator knows about one resource, as plain data. The API server registers
// resources from these records; nothing in here is specific to any one kind.

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export type ResourceScope = 'Namespaced' | 'Cluster';

/** Discovery verbs, as kube-apiserver lists them. */
export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface SubresourceDescriptor {
  /** Path segment after `{name}`, e.g. `status`, `scale`, `proxy`. */
  readonly name: string;
  /** HTTP-level verbs the subresource answers: get/update/patch/create/connect. */
  readonly verbs: readonly string[];
  /** The kind its operations declare (`x-kubernetes-group-version-kind`). */
  readonly kind: GroupVersionKind;
  /** The kind a request body carries, when the schema says so. */
  readonly requestKind?: GroupVersionKind;
  /** The kind a 200/201 response carries, when the schema says so. */
  readonly responseKind?: GroupVersionKind;
}

export type ListType = 'atomic' | 'set' | 'map';
export type MapType = 'atomic' | 'granular';

/**
 * Metadata of one field, keyed in `ResourceDescriptor.fields` by its path from the object
 * root: properties joined with `.`, `[]` for "every item of a list" and `{}` for "every value
 * of a map", e.g. `spec.template.spec.containers[].ports`.
 */
export interface FieldMeta {
  readonly listType?: ListType;
  readonly listMapKeys?: readonly string[];
  readonly mapType?: MapType;
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly default?: unknown;
  readonly intOrString?: true;
  readonly preserveUnknownFields?: true;
  readonly embeddedResource?: true;
}

export type PrinterColumnType = 'integer' | 'number' | 'string' | 'boolean' | 'date';

export interface PrinterColumn {
  readonly name: string;
  readonly type: PrinterColumnType;
  readonly jsonPath: string;
  readonly format?: string;
  readonly description?: string;
  readonly priority?: number;
  /** `count`: print how many entries the map or list at jsonPath has. */
  readonly aggregate?: 'count';
  /** Name of a hand-written formatter in runtime/resources/. */
  readonly printer?: string;
}

export interface ResourceDescriptor {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly scope: ResourceScope;
  readonly verbs: readonly Verb[];
  readonly subresources: readonly SubresourceDescriptor[];
  readonly fields: Readonly<Record<string, FieldMeta>>;
  readonly printerColumns: readonly PrinterColumn[];
  /** JSON paths usable in field selectors beyond metadata.name / metadata.namespace. */
  readonly selectableFields: readonly string[];
}
