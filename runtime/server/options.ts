// Server options with kube-apiserver's flag names where kube has the flag.
import { Command, InvalidArgumentError } from 'commander';

export interface ServerOptions {
  /** Durable state (storage and PKI). Unset: everything in memory (tests). */
  dataDir?: string;
  /** etcd client URLs; when set, storage is etcd instead of the embedded store. */
  etcdServers?: string[];
  /** Key prefix in storage (kube's --etcd-prefix). */
  etcdPrefix: string;
  bindAddress: string;
  /** 0 picks a free port. */
  securePort: number;
  /** Extra subjectAltNames for the serving certificate. */
  tlsSans: string[];
  /** How long SIGTERM waits for in-flight requests. */
  shutdownDelaySeconds: number;
}

export const DEFAULT_OPTIONS: ServerOptions = {
  dataDir: '.capstan',
  etcdPrefix: '/registry',
  bindAddress: '127.0.0.1',
  securePort: 6443,
  tlsSans: [],
  shutdownDelaySeconds: 10,
};

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

const list = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

export function parseServerFlags(argv: readonly string[]): ServerOptions {
  const program = new Command()
    .name('capstan')
    .description('A Kubernetes-style API server whose resources are generated from OpenAPI specs')
    .option('--data-dir <dir>', 'directory for the embedded storage, PKI and admin kubeconfig', DEFAULT_OPTIONS.dataDir)
    .option('--in-memory', 'keep storage and PKI in memory only (nothing survives a restart)')
    .option('--etcd-servers <urls>', 'comma-separated etcd client URLs; switches storage to etcd', list)
    .option('--etcd-prefix <prefix>', 'key prefix for every object in storage', DEFAULT_OPTIONS.etcdPrefix)
    .option('--bind-address <address>', 'address to serve on', DEFAULT_OPTIONS.bindAddress)
    .option('--secure-port <port>', 'HTTPS port (0: any free port)', port, DEFAULT_OPTIONS.securePort)
    .option('--tls-san <names>', 'extra DNS names or IPs for the serving certificate (repeatable, comma-separated)', list)
    .option('--shutdown-delay-seconds <n>', 'how long SIGTERM waits for in-flight requests', Number, DEFAULT_OPTIONS.shutdownDelaySeconds)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.parse(['node', 'capstan', ...argv]);
  const o = program.opts<{
    dataDir: string;
    inMemory?: boolean;
    etcdServers?: string[];
    etcdPrefix: string;
    bindAddress: string;
    securePort: number;
    tlsSan?: string[];
    shutdownDelaySeconds: number;
  }>();
  return {
    ...(o.inMemory ? {} : { dataDir: o.dataDir }),
    ...(o.etcdServers && o.etcdServers.length > 0 ? { etcdServers: o.etcdServers } : {}),
    etcdPrefix: o.etcdPrefix,
    bindAddress: o.bindAddress,
    securePort: o.securePort,
    tlsSans: o.tlsSan ?? [],
    shutdownDelaySeconds: o.shutdownDelaySeconds,
  };
}
