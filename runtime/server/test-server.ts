// An in-process Capstan for tests, the envtest replacement for TypeScript users: starts on a
// free loopback port with in-memory storage (or a temp data dir, or etcd), writes an admin
// kubeconfig to a temp file, and cleans everything up on stop().
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GeneratedResource } from '../api/index.js';
import type { MutatingHook, Unregister, ValidatingHook } from '../admission/index.js';
import { startApiServer, type ApiServer } from './api-server.js';
import { DEFAULT_OPTIONS, type ServerOptions } from './options.js';
import { installCrds, type CrdSource } from './install-crds.js';

export interface TestServerOptions {
  /** 'memory' (default): nothing touches the disk. 'disk': durable embedded storage in a temp dir. */
  storage?: 'memory' | 'disk';
  /** Use etcd instead of the embedded store. */
  etcdServers?: string[];
  /** Key prefix, so several servers can share one etcd. */
  etcdPrefix?: string;
  resources?: readonly GeneratedResource[];
  /** Security flags (token file, authorization modes, anonymous auth, service-account keys, limits, audit...). */
  security?: Pick<
    ServerOptions,
    | 'tokenAuthFile'
    | 'anonymousAuth'
    | 'authorizationModes'
    | 'clientCaFile'
    | 'tlsCertFile'
    | 'tlsPrivateKeyFile'
    | 'serviceAccountSigningKeyFile'
    | 'serviceAccountKeyFiles'
    | 'serviceAccountIssuers'
    | 'apiAudiences'
    | 'maxRequestsInflight'
    | 'maxMutatingRequestsInflight'
    | 'requestTimeoutSeconds'
    | 'auditPolicyFile'
    | 'auditLogPath'
    | 'auditLogMaxSize'
    | 'auditLogMaxBackup'
    | 'auditLogMaxAge'
    | 'serviceClusterIpRange'
    | 'advertiseAddress'
  >;
  /** CustomResourceDefinitions to install before the server is handed over: objects, or YAML/JSON files or directories of them. */
  crds?: readonly CrdSource[];
}

export interface TestServer {
  readonly url: string;
  readonly server: ApiServer;
  /** The admin kubeconfig's text, and a file holding it (for kubectl and other clients). */
  readonly kubeconfig: string;
  readonly kubeconfigPath: string;
  /** In-process admission plugins (docs/admission.md): run on every write, before the webhooks. */
  registerMutating(name: string, hook: MutatingHook): Unregister;
  registerValidating(name: string, hook: ValidatingHook): Unregister;
  stop(): Promise<void>;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-test-'));
  try {
    const server = await startApiServer({
      ...DEFAULT_OPTIONS,
      bindAddress: '127.0.0.1',
      securePort: 0,
      etcdPrefix: opts.etcdPrefix ?? DEFAULT_OPTIONS.etcdPrefix,
      ...(opts.storage === 'disk' ? { dataDir: join(dir, 'data') } : { dataDir: undefined }),
      ...(opts.etcdServers ? { etcdServers: opts.etcdServers } : {}),
      ...(opts.resources ? { resources: opts.resources } : {}),
      ...opts.security,
    });
    if (opts.crds && opts.crds.length > 0) {
      try {
        await installCrds(server, opts.crds);
      } catch (err) {
        await server.close();
        throw err;
      }
    }
    const kubeconfigPath = join(dir, 'admin.kubeconfig');
    await writeFile(kubeconfigPath, server.kubeconfig, { mode: 0o600 });
    return {
      url: server.url,
      server,
      kubeconfig: server.kubeconfig,
      kubeconfigPath,
      registerMutating: (name, hook) => server.registerMutating(name, hook),
      registerValidating: (name, hook) => server.registerValidating(name, hook),
      async stop() {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
