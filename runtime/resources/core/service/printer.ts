// Service columns whose text kube computes from several fields.
import type { Printer } from '../../../table/index.js';
import { at, formatLabelSet, integer, items, text } from '../../common/fields.js';

/** PORT(S): `80/TCP`, or `443:30443/TCP` when a node port is allocated; `<none>` without ports. */
export const servicePorts: Printer = (object) => {
  const ports = items(object, 'spec', 'ports').map((port) => {
    const nodePort = integer(port, 'nodePort');
    const number = integer(port, 'port');
    const protocol = text(port, 'protocol');
    return nodePort > 0 ? `${number}:${nodePort}/${protocol}` : `${number}/${protocol}`;
  });
  return ports.length === 0 ? '<none>' : ports.join(',');
};

/**
 * EXTERNAL-IP: spec.externalIPs for ClusterIP and NodePort services; for LoadBalancer the
 * load balancer's ingress addresses (sorted, deduplicated) then spec.externalIPs, or
 * `<pending>` while there are none; the external name for ExternalName.
 */
export const serviceExternalIP: Printer = (object) => {
  const externalIPs = items(object, 'spec', 'externalIPs').filter((ip): ip is string => typeof ip === 'string');
  switch (text(object, 'spec', 'type')) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = new Set<string>();
      for (const entry of items(object, 'status', 'loadBalancer', 'ingress')) {
        const address = text(entry, 'ip') || text(entry, 'hostname');
        if (address !== '') ingress.add(address);
      }
      const all = [...[...ingress].sort(), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return text(object, 'spec', 'externalName');
    default:
      return '<unknown>';
  }
};

/** SELECTOR (wide): the label selector as `k=v,…`, or `<none>`. */
export const serviceSelector: Printer = (object) => formatLabelSet(at(object, 'spec', 'selector'));
