// Reaching a webhook named by clientConfig.service: the Service's port, then an address of its
// Endpoints serving that port (kube-apiserver can do either cluster IP or endpoint routing;
// Capstan runs no service proxy, so only the endpoint route leads anywhere). Objects are read
// as plain JSON through lookups the server supplies, so this module names no resource types.
import type { RegistryObject } from '../../registry/index.js';
import type { ServiceAddress, ServiceTarget } from './client.js';

export type ObjectLookup = (namespace: string, name: string) => Promise<RegistryObject | null> | RegistryObject | null;

export interface EndpointsResolverOptions {
  readonly getService: ObjectLookup;
  readonly getEndpoints: ObjectLookup;
}

interface ServicePort {
  name?: string;
  port?: number;
}

interface EndpointSubset {
  addresses?: Array<{ ip?: string }>;
  ports?: Array<{ name?: string; port?: number }>;
}

interface ServiceShape extends RegistryObject {
  spec?: { type?: string; externalName?: string; ports?: ServicePort[] };
}

interface EndpointsShape extends RegistryObject {
  subsets?: EndpointSubset[];
}

/** The first ready address (kube picks one at random; the first keeps calls predictable). */
export function endpointsServiceResolver(opts: EndpointsResolverOptions): (target: ServiceTarget) => Promise<ServiceAddress> {
  return async (target: ServiceTarget): Promise<ServiceAddress> => {
    const service = (await opts.getService(target.namespace, target.name)) as ServiceShape | null;
    if (service === null) throw new Error(`services "${target.name}" not found`);
    if (service.spec?.type === 'ExternalName' && service.spec.externalName) {
      return { host: service.spec.externalName, port: target.port };
    }
    const port = (service.spec?.ports ?? []).find((p) => p.port === target.port);
    if (port === undefined) throw new Error(`no service port ${target.port} found for service "${target.name}"`);
    const endpoints = (await opts.getEndpoints(target.namespace, target.name)) as EndpointsShape | null;
    for (const subset of endpoints?.subsets ?? []) {
      const served = (subset.ports ?? []).find((p) => (p.name ?? '') === (port.name ?? ''));
      const address = (subset.addresses ?? []).find((a) => a.ip);
      if (served?.port !== undefined && address?.ip !== undefined) return { host: address.ip, port: served.port };
    }
    throw new Error(`no endpoints available for service "${target.name}"`);
  };
}
