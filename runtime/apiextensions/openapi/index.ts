// OpenAPI documents for custom resources: what each served version of an Established CRD adds
// to /openapi/v3/apis/<group>/<version> and to /openapi/v2, as kube-apiserver publishes them.
export type { CustomResourceDefinitionLike, CustomResourceVersionLike } from './crd.js';
export {
  customResourceOpenApi,
  type CustomResourceOpenApi,
  type CustomResourceVersionOpenApi,
  type OpenApiV2Fragment,
  type OpenApiV3Fragment,
} from './custom-resource-openapi.js';
export { customResourceOpenApiProvider, type CustomResourceOpenApiProvider } from './provider.js';
export { referencedSchemas } from './refs.js';
export { CUSTOM_RESOURCE_PATCH_TYPES } from './routes.js';
export type { JsonObject } from './json.js';
