// Options -> a running API server: storage, PKI, the resource registry, the server chain and
// the HTTPS listener, and an orderly stop.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { GeneratedResource } from '../api/index.js';
import { ServedResources } from '../endpoints/served-resources.js';
import { ensureServerPki, issueServerPki, renderKubeconfig } from '../pki/index.js';
import { openEmbeddedStorage } from '../storage/embedded/index.js';
import type { HealthChecker, Storage } from '../storage/index.js';
import { controllerReadiness, startBuiltinControllers, type RunningControllers } from '../controllers/index.js';
import { CrdController } from '../apiextensions/index.js';
import { coreLink } from './core/core-link.js';
import { bootstrapNamespaces } from './core/bootstrap.js';
import { ResourceInstaller } from './core/install-resources.js';
import { openApiDocuments } from './core/openapi.js';
import { openApiSource } from './core/openapi-source.js';
import { startHttpServer, type HttpServer } from './http-server.js';
import { DEFAULT_OPTIONS, type ServerOptions } from './options.js';
import { InflightLimiter } from './filters/index.js';
import { createApiserverMetrics, longRunningLabels, requestLabels } from '../metrics/index.js';
import { storageObjectCounts } from './core/storage-objects.js';
import { openAuditor } from './audit-backend.js';
import type { Auditor } from '../audit/index.js';
import { clientCaBundle, prepareSecurity, type Security } from './security/index.js';
import { createAdmission, endpointsServiceResolver, StoreWebhookSource, type Admission, type MutatingHook, type Unregister, type ValidatingHook } from '../admission/index.js';
import { isStatusError } from '../errors/index.js';
import type { ApiObject } from '../endpoints/resource-handlers.js';
import type { RegistryStore } from '../registry/index.js';

export interface ApiServerConfig extends ServerOptions {
  /** The resources to serve; defaults to everything in generated/. */
  resources?: readonly GeneratedResource[];
  /** Where unexpected errors are reported; default stderr. */
  onError?: (err: unknown) => void;
}

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  /** The admin kubeconfig (client certificate, O=system:masters). */
  readonly kubeconfig: string;
  /** Where the admin kubeconfig was written (durable servers only). */
  readonly kubeconfigPath?: string;
  readonly caPem: string;
  readonly admin: { certPem: string; keyPem: string };
  readonly served: ServedResources;
  readonly storage: Storage;
  /**
   * Adds an in-process admission plugin (after those already registered), run on every write
   * before the mutating webhooks; see docs/admission.md. Returns its unregistration.
   */
  registerMutating(name: string, hook: MutatingHook): Unregister;
  /** Adds an in-process validating admission plugin, run before the validating webhooks. */
  registerValidating(name: string, hook: ValidatingHook): Unregister;
  close(): Promise<void>;
}

/** The store's object, or null when it does not exist (read from the watch cache). */
async function getOrNull(store: RegistryStore<ApiObject> | null | undefined, name: string, namespace?: string): Promise<ApiObject | null> {
  if (!store) return null;
  try {
    return await store.get(name, { ...(namespace !== undefined ? { namespace } : {}), resourceVersion: '0' });
  } catch (err) {
    if (isStatusError(err) && err.reason === 'NotFound') return null;
    throw err;
  }
}

/**
 * The admission chain over the installed stores: webhook configurations followed from
 * admissionregistration.k8s.io (when served), namespace labels and Service routing from core.
 */
function assembleAdmission(installer: ResourceInstaller, onError: (err: unknown) => void): Admission {
  const store = (group: string, plural: string) => installer.get(group, 'v1', plural)?.store ?? null;
  const mutating = store('admissionregistration.k8s.io', 'mutatingwebhookconfigurations');
  const validating = store('admissionregistration.k8s.io', 'validatingwebhookconfigurations');
  const namespaces = store('', 'namespaces');
  return createAdmission({
    ...(mutating && validating ? { webhookSource: new StoreWebhookSource({ mutating, validating, onError }) } : {}),
    namespaceLabels: async (ns) => {
      const obj = await getOrNull(namespaces, ns);
      return obj === null ? null : (obj.metadata?.labels ?? {});
    },
    resolveService: endpointsServiceResolver({
      getService: (ns, name) => getOrNull(store('', 'services'), name, ns),
      getEndpoints: (ns, name) => getOrNull(store('', 'endpoints'), name, ns),
    }),
    onError,
  });
}

async function openBackend(config: ApiServerConfig): Promise<Storage & Partial<HealthChecker>> {
  if (config.etcdServers && config.etcdServers.length > 0) {
    // Loaded only when used: the gRPC stack it stands on costs start-up time.
    const { createEtcdStorage } = await import('../storage/etcd/index.js');
    return createEtcdStorage({ endpoints: config.etcdServers });
  }
  if (config.dataDir) {
    const dir = join(config.dataDir, 'storage');
    await mkdir(dir, { recursive: true });
    return openEmbeddedStorage({ mode: 'durable', dataDir: dir });
  }
  return openEmbeddedStorage({ mode: 'memory' });
}

export async function startApiServer(config: ApiServerConfig): Promise<ApiServer> {
  const onError = config.onError ?? ((err: unknown) => console.error('capstan: unexpected error:', err));
  if (config.dataDir) await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const pkiOptions = { extraSans: config.tlsSans, bindAddress: config.bindAddress };
  const [backend, pki, resources] = await Promise.all([
    openBackend(config),
    config.dataDir ? ensureServerPki(config.dataDir, pkiOptions) : Promise.resolve(issueServerPki(pkiOptions)),
    config.resources ? Promise.resolve(config.resources) : Promise.all([import('../../generated/resources.js'), import('../../generated/protobuf.js')]).then(([m]) => m.resources),
  ]);

  let security: Security;
  let serving: { keyPem: string; certPem: string };
  let clientCaPem: string;
  try {
    [security, serving, clientCaPem] = await Promise.all([
      prepareSecurity({ options: config, onError }),
      config.tlsCertFile && config.tlsPrivateKeyFile
        ? Promise.all([readFile(config.tlsCertFile, 'utf8'), readFile(config.tlsPrivateKeyFile, 'utf8')]).then(([certPem, keyPem]) => ({ certPem, keyPem }))
        : Promise.resolve(pki.serving),
      clientCaBundle(pki.ca.certPem, config.clientCaFile),
    ]);
  } catch (err) {
    await backend.close().catch(() => undefined);
    throw err;
  }

  let auditor: Auditor | null;
  try {
    auditor = await openAuditor(config, onError);
  } catch (err) {
    await security.stop().catch(() => undefined);
    await backend.close().catch(() => undefined);
    throw err;
  }

  const served = new ServedResources();
  const installer = new ResourceInstaller({
    backend,
    keyPrefix: config.etcdPrefix,
    served,
    virtualHandlers: security.virtualHandlers,
    wrapHandlers: (generated, store, handlers) => security.wrapHandlers(generated, store, handlers),
  });
  let http: HttpServer | null = null;
  let controllers: RunningControllers | null = null;
  let crds: CrdController | null = null;
  let admission: Admission | null = null;
  // Built-in and custom resources alike, for the controllers and the storage metrics.
  const everyResource = { all: () => [...installer.all(), ...(crds?.all() ?? [])] };
  const metrics = createApiserverMetrics({ storageObjects: storageObjectCounts(everyResource) });
  try {
    await Promise.all(resources.map((r) => installer.install(r)));
    await bootstrapNamespaces(installer);
    await security.start(installer);
    // Every write from here on is admitted; before the CRDs so custom resources are too.
    admission = assembleAdmission(installer, onError);
    served.setAdmission(admission);
    // Webhook configurations are known before the server is handed over (no readiness check
    // of its own: kube's requests wait for the sync the same way, "not yet ready to handle request").
    await admission.synced();
    // Custom resources of stored CRDs are served before the server listens.
    const crdStore = installer.get('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')?.store ?? null;
    if (crdStore) {
      crds = new CrdController({ crds: crdStore, backend, keyPrefix: config.etcdPrefix, served, namespaceLookup: installer.namespaceLookup, onError });
      crds.start();
      await crds.ready();
    }
    const crdController = crds;
    const storageCheck = { name: config.etcdServers ? 'etcd' : 'storage', check: () => backend.checkHealth?.() ?? Promise.resolve() };
    const health = [{ name: 'ping', check: () => Promise.resolve() }, storageCheck];
    http = await startHttpServer({
      tls: { keyPem: serving.keyPem, certPem: serving.certPem, clientCaPem },
      host: config.bindAddress,
      port: config.securePort,
      links: [
        coreLink({
          served,
          health,
          readiness: [...health, ...controllerReadiness(() => controllers), security.readiness],
          serverAddress: () => `${config.bindAddress}:${http?.port ?? config.securePort}`,
          openapi: openApiDocuments(openApiSource(served, undefined, crdController?.openApi())),
          metrics,
        }),
      ],
      lifecycle: {
        filters: security.filters,
        limiter: new InflightLimiter({
          maxReadOnly: config.maxRequestsInflight ?? DEFAULT_OPTIONS.maxRequestsInflight ?? 0,
          maxMutating: config.maxMutatingRequestsInflight ?? DEFAULT_OPTIONS.maxMutatingRequestsInflight ?? 0,
          onChange: (kind, current) => metrics.setInflight(kind, current),
        }),
        requestTimeoutSeconds: config.requestTimeoutSeconds ?? DEFAULT_OPTIONS.requestTimeoutSeconds ?? 0,
        auditor,
        metrics,
        labels: requestLabels,
        longRunningLabels,
        kindOf: (group, version, resource) => served.lookup(group, version, resource)?.descriptor.kind,
      },
      onError,
    });
    // After listening: the bootstrap controller publishes the port really bound (the server
    // may have asked for 0). Start returns once that is published and the informers synced.
    controllers = startBuiltinControllers(everyResource, {
      onError,
      bootstrap: {
        securePort: http.port,
        bindAddress: config.bindAddress,
        ...(config.advertiseAddress !== undefined ? { advertiseAddress: config.advertiseAddress } : {}),
        ...(config.serviceClusterIpRange !== undefined ? { serviceClusterIpRange: config.serviceClusterIpRange } : {}),
      },
    });
    await controllers.ready();
  } catch (err) {
    await http?.close().catch(() => undefined);
    await controllers?.stop().catch(() => undefined);
    await crds?.stop().catch(() => undefined);
    await admission?.stop().catch(() => undefined);
    await auditor?.close().catch(() => undefined);
    await security.stop().catch(() => undefined);
    await installer.close().catch(() => undefined);
    await backend.close().catch(() => undefined);
    throw err;
  }

  const server = http;
  const running = controllers;
  const runningCrds = crds;
  const runningAdmission: Admission = admission!;
  const kubeconfig = renderKubeconfig({ server: server.url, caPem: pki.ca.certPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem });
  let kubeconfigPath: string | undefined;
  if (config.dataDir) {
    kubeconfigPath = resolve(config.dataDir, 'admin.kubeconfig');
    await writeFile(kubeconfigPath, kubeconfig, { mode: 0o600 });
  }
  let closing: Promise<void> | null = null;
  return {
    url: server.url,
    port: server.port,
    kubeconfig,
    ...(kubeconfigPath ? { kubeconfigPath } : {}),
    caPem: pki.ca.certPem,
    admin: pki.admin,
    served,
    storage: backend,
    registerMutating: (name, hook) => runningAdmission.registerMutating(name, hook),
    registerValidating: (name, hook) => runningAdmission.registerValidating(name, hook),
    close() {
      closing ??= (async () => {
        await server.close();
        await auditor?.close();
        await running.stop();
        await runningCrds?.stop();
        await runningAdmission.stop();
        await security.stop();
        await installer.close();
        await backend.close();
      })();
      return closing;
    },
  };
}

