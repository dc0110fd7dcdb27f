// OpenAPI v3 documents for the served group versions.
import type { ServedResources } from '../../endpoints/served-resources.js';
import type { OpenApiSource } from './openapi.js';

export function openApiSource(served: ServedResources): OpenApiSource {
  return {
    generation: () => served.generation,
    documents: () => new Map(),
  };
}
