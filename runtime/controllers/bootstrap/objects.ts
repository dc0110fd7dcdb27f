// The `kubernetes` Service and Endpoints in `default` as kube-apiserver keeps them, and which
// differences from that make the controller write. Names, labels and field values are wire facts
// clients look for (in-cluster clients resolve kubernetes.default.svc; kube-proxy reads the
// Endpoints). The store applies no defaults to in-process writes, so every field an API create
// would default is written out here.
import type { RegistryObject } from '../../registry/index.js';

export const KUBERNETES_SERVICE_NAME = 'kubernetes';
export const DEFAULT_NAMESPACE = 'default';
/** The namespaces every cluster has. */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
/** The port the Service exposes; its target is the server's real secure port. */
export const KUBERNETES_SERVICE_PORT = 443;
/** Tells an EndpointSlice mirroring controller to leave these Endpoints alone. */
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceObject extends RegistryObject {
  spec?: { type?: string; ports?: ServicePort[]; [field: string]: unknown };
  status?: unknown;
}

export interface EndpointPort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: Array<{ ip?: string; [field: string]: unknown }>;
  notReadyAddresses?: Array<{ ip?: string; [field: string]: unknown }>;
  ports?: EndpointPort[];
}

export interface EndpointsObject extends RegistryObject {
  subsets?: EndpointSubset[];
}

/** What the controller publishes: the Service's cluster IP, and where the server listens. */
export interface ApiServerEndpoint {
  readonly serviceIP: string;
  readonly advertiseAddress: string;
  readonly securePort: number;
}

const servicePorts = (e: ApiServerEndpoint): ServicePort[] => [
  { name: 'https', protocol: 'TCP', port: KUBERNETES_SERVICE_PORT, targetPort: e.securePort },
];

const endpointPorts = (e: ApiServerEndpoint): EndpointPort[] => [{ name: 'https', port: e.securePort, protocol: 'TCP' }];

export function desiredService(e: ApiServerEndpoint): ServiceObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: KUBERNETES_SERVICE_NAME,
      namespace: DEFAULT_NAMESPACE,
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    // No selector: these endpoints are kept by the controller, not matched from pods.
    spec: {
      ports: servicePorts(e),
      clusterIP: e.serviceIP,
      clusterIPs: [e.serviceIP],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
  };
}

export function desiredEndpoints(e: ApiServerEndpoint): EndpointsObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: KUBERNETES_SERVICE_NAME, namespace: DEFAULT_NAMESPACE, labels: { [SKIP_MIRROR_LABEL]: 'true' } },
    subsets: [{ addresses: [{ ip: e.advertiseAddress }], ports: endpointPorts(e) }],
  };
}

const portKey = (p: ServicePort | EndpointPort): string =>
  JSON.stringify([p.name ?? '', p.protocol ?? '', p.appProtocol ?? '', p.port ?? 0, 'targetPort' in p ? (p.targetPort ?? null) : null, 'nodePort' in p ? (p.nodePort ?? 0) : 0]);

const samePorts = (a: ReadonlyArray<ServicePort | EndpointPort>, b: ReadonlyArray<ServicePort | EndpointPort>): boolean =>
  a.length === b.length && a.every((p, i) => portKey(p) === portKey(b[i]!));

/**
 * The stored Service with its ports and type put back, or null when those are right. Like kube,
 * only what clients connect through is repaired: the cluster IP cannot change on update, and
 * labels or other fields someone edited are theirs to keep.
 */
export function repairedService(current: ServiceObject, e: ApiServerEndpoint): ServiceObject | null {
  const wanted = desiredService(e).spec!;
  const spec = current.spec ?? {};
  if (spec.type === wanted.type && samePorts(spec.ports ?? [], wanted.ports ?? [])) return null;
  return { ...structuredClone(current), spec: { ...structuredClone(spec), type: wanted.type, ports: structuredClone(wanted.ports) } };
}

/**
 * The stored Endpoints rewritten to the one subset this server publishes (its address, its
 * port) and carrying the skip-mirror label, or null when they already are.
 */
export function repairedEndpoints(current: EndpointsObject, e: ApiServerEndpoint): EndpointsObject | null {
  const wanted = desiredEndpoints(e);
  const subsets = current.subsets ?? [];
  const subset = subsets.length === 1 ? subsets[0]! : null;
  const addresses = subset?.addresses ?? [];
  const formatRight =
    subset !== null &&
    addresses.length === 1 &&
    addresses[0]!.ip === e.advertiseAddress &&
    (subset.notReadyAddresses ?? []).length === 0 &&
    samePorts(subset.ports ?? [], wanted.subsets![0]!.ports!);
  const labelRight = current.metadata?.labels?.[SKIP_MIRROR_LABEL] === 'true';
  if (formatRight && labelRight) return null;
  const next = structuredClone(current);
  next.metadata = { ...next.metadata, labels: { ...next.metadata?.labels, [SKIP_MIRROR_LABEL]: 'true' } };
  if (!formatRight) next.subsets = structuredClone(wanted.subsets);
  return next;
}
