// The typed intermediate representation. Everything after `model` reads only these types,
// never raw OpenAPI, so v2 and v3 inputs (and whatever quirks they have) end here.
import type { FieldMeta, GroupVersionKind, PrinterColumn, ResourceScope, Verb } from '../../../runtime/api/index.js';

export type { FieldMeta, GroupVersionKind, PrinterColumn, ResourceScope, Verb };

export type PrimitiveType = 'string' | 'integer' | 'number' | 'boolean';
export type SchemaType = PrimitiveType | 'object' | 'array';

/** Where in which spec file something was written, for messages and file headers. */
export interface Source {
  readonly file: string;
  readonly pointer: string;
}

/**
 * One schema node. A `ref` names another named schema; annotations written beside a ref
 * (default, list type, ...) stay on the node that carries the ref.
 */
export interface SchemaNode {
  readonly ref?: string;
  readonly type?: SchemaType;
  /** Several primitive types accepted (int-or-string, oneOf/anyOf of primitives). */
  readonly unionTypes?: readonly PrimitiveType[];
  readonly format?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly hasDefault?: boolean;
  readonly nullable?: boolean;
  /** Property names in spec order. */
  readonly properties?: ReadonlyMap<string, SchemaNode>;
  readonly required?: readonly string[];
  /** `true`: any value; a node: values of that schema; absent: no extra keys declared. */
  readonly additionalProperties?: SchemaNode | true;
  readonly items?: SchemaNode;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly uniqueItems?: boolean;
  readonly intOrString?: boolean;
  readonly preserveUnknownFields?: boolean;
  readonly embeddedResource?: boolean;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
  readonly mapType?: 'atomic' | 'granular';
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  /** `x-capstan-protobuf-tag` and friends on a property (docs/specs.md, "Protobuf field numbers"). */
  readonly protobuf?: ProtobufField;
  /** `x-capstan-protobuf-encoding` on a named schema: written by a runtime helper, not as a message. */
  readonly protobufEncoding?: string;
}

export interface ProtobufField {
  readonly tag: number;
  /** Field numbers of the nested messages an inlined Go struct keeps, outside in. */
  readonly embeddedIn?: readonly number[];
  readonly mapValue?: 'extra-value';
  readonly listWrapper?: 'verbs';
  /** A Go pointer scalar: a present zero is a value (`x-capstan-protobuf-optional`). */
  readonly optional?: boolean;
}

export interface ResourceExtension {
  readonly singular?: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
}

export interface NamedSchema {
  /** Fully qualified name, e.g. `io.k8s.api.core.v1.Pod`. */
  readonly name: string;
  /** Exported TypeScript name inside its folder, e.g. `Pod`. */
  readonly tsName: string;
  /** Output folder, e.g. `core/v1`. */
  readonly folder: string;
  readonly node: SchemaNode;
  readonly source: Source;
  readonly gvks: readonly GroupVersionKind[];
  readonly resource?: ResourceExtension;
  readonly printerColumns: readonly PrinterColumn[];
  readonly selectableFields: readonly string[];
}

export interface Subresource {
  readonly name: string;
  readonly verbs: readonly string[];
  readonly kind: GroupVersionKind;
  readonly requestKind?: GroupVersionKind;
  readonly responseKind?: GroupVersionKind;
}

export interface Resource {
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
  readonly subresources: readonly Subresource[];
  /** The named schema of the kind; absent only when no schema declares the kind. */
  readonly schema?: string;
  /** Field metadata by path (see runtime/api FieldMeta for the path syntax). */
  readonly fields: Readonly<Record<string, FieldMeta>>;
  readonly printerColumns: readonly PrinterColumn[];
  readonly selectableFields: readonly string[];
  /** Output folder of the group/version, e.g. `apps/v1`. */
  readonly folder: string;
  /** Spec files the resource was found in (paths and kind schema). */
  readonly sources: readonly string[];
}

export interface GroupVersion {
  readonly group: string;
  readonly version: string;
  readonly folder: string;
}

export interface ApiModel {
  /** Named schemas by fully qualified name, sorted by name. */
  readonly schemas: ReadonlyMap<string, NamedSchema>;
  /** Resources sorted by folder, then plural. */
  readonly resources: readonly Resource[];
  /** Every output folder (group/versions and schema-only folders), sorted. */
  readonly folders: readonly string[];
}

export function folderOfGroupVersion(group: string, version: string): string {
  return `${group === '' ? 'core' : group}/${version}`;
}
