export { startApiServer, type ApiServer, type ApiServerConfig } from './api-server.js';
export { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';
export { installCrds, type CrdSource } from './install-crds.js';
export { parseServerFlags, DEFAULT_OPTIONS, type ServerOptions } from './options.js';
export { parseRequestInfo, type RequestInfo, type ResourceRequestInfo, type NonResourceRequestInfo } from './request-info.js';
export type { MutatingHook, ValidatingHook, Unregister, AdmissionAttributes, AdmissionContext } from '../admission/index.js';
export { forbidden } from '../admission/index.js';
