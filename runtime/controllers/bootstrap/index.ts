// The bootstrap controller: system namespaces and the `kubernetes` Service and Endpoints.
export { BootstrapController, type BootstrapControllerOptions } from './controller.js';
export { firstServiceIP, resolveAdvertiseAddress } from './addresses.js';
export {
  desiredService,
  desiredEndpoints,
  repairedService,
  repairedEndpoints,
  SYSTEM_NAMESPACES,
  KUBERNETES_SERVICE_NAME,
  KUBERNETES_SERVICE_PORT,
  DEFAULT_NAMESPACE,
  SKIP_MIRROR_LABEL,
  type ApiServerEndpoint,
  type ServiceObject,
  type EndpointsObject,
} from './objects.js';
