// The parts of a CustomResourceDefinition its OpenAPI documents are built from. Declared here
// (not imported from generated/) so the module stays generic; the generated
// apiextensions.k8s.io/v1 CustomResourceDefinition type fits it structurally.

export interface CustomResourceVersionLike {
  readonly name: string;
  readonly served: boolean;
  readonly schema?: { readonly openAPIV3Schema?: object };
  readonly subresources?: { readonly status?: object; readonly scale?: object };
  readonly selectableFields?: readonly { readonly jsonPath: string }[];
}

export interface CustomResourceDefinitionLike {
  readonly metadata?: { readonly name?: string };
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string; readonly listKind?: string; readonly plural: string };
    readonly scope: string;
    readonly preserveUnknownFields?: boolean;
    readonly versions: readonly CustomResourceVersionLike[];
  };
  readonly status?: { readonly conditions?: readonly { readonly type: string; readonly status: string }[] };
}

/** kube publishes a CRD's documents only once its names are accepted and it is Established. */
export function isEstablished(crd: CustomResourceDefinitionLike): boolean {
  return (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}
