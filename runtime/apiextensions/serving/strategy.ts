// The strategy of one served version of a custom resource: the generic one over the version's
// compiled schema, with what kube's customresource strategy does on top — generation always
// kept, unknown fields pruned before defaults, and objects written at the storage version.
import type { GeneratedResource } from '../../api/index.js';
import { genericStrategy, type RegistryObject, type ResourceStrategy, type ScalePaths } from '../../registry/index.js';
import type { CompiledSchema } from '../schema/index.js';
import type { CustomResourceDefinitionVersion } from '../crd.js';

export interface VersionResource {
  readonly generated: GeneratedResource;
  readonly strategy: ResourceStrategy<RegistryObject>;
}

/**
 * kube's CR decoding prunes unknown fields and then defaults, before the strategy validates:
 * applyDefaults is the step the generic strategy runs there, so both happen in it.
 */
export function versionResource(
  descriptor: GeneratedResource['descriptor'],
  schema: CompiledSchema,
  version: CustomResourceDefinitionVersion,
  storageApiVersion: string,
): VersionResource {
  const generated: GeneratedResource = {
    descriptor,
    validate: (obj) => schema.validate(obj),
    applyDefaults: (obj) => {
      schema.prune(obj);
      schema.applyDefaults(obj);
    },
  };
  const scale = version.subresources?.scale;
  const scalePaths: ScalePaths | undefined = scale
    ? {
        specReplicasPath: scale.specReplicasPath,
        statusReplicasPath: scale.statusReplicasPath,
        ...(scale.labelSelectorPath ? { labelSelectorPath: scale.labelSelectorPath } : {}),
      }
    : undefined;
  const strategy = genericStrategy<RegistryObject>(generated, {
    tracksGeneration: true,
    ...(scalePaths ? { scalePaths } : {}),
    // Conversion None: one storage, objects written with the storage version's apiVersion.
    canonicalize(obj) {
      (obj as { apiVersion?: string }).apiVersion = storageApiVersion;
    },
  });
  return { generated, strategy };
}
