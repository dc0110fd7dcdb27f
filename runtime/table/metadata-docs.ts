// Column descriptions kube-apiserver sends for columns that show ObjectMeta fields. They are
// ObjectMeta's own field documentation, i.e. wire text every Table response carries, so they
// are matched exactly.

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** What kube's CRD convertor says about a column that declares no description. */
export function customColumnDescription(jsonPath: string): string {
  return `Custom resource definition column (in JSONPath format): ${jsonPath}`;
}

export function metadataDescription(jsonPath: string): string | undefined {
  switch (jsonPath.trim()) {
    case '.metadata.name':
      return NAME_DESCRIPTION;
    case '.metadata.creationTimestamp':
      return CREATION_TIMESTAMP_DESCRIPTION;
    default:
      return undefined;
  }
}
