// Server options with kube-apiserver's flag names where kube has the flag, and --help grouped
// into kube's flag sections.
import { Command, InvalidArgumentError } from 'commander';

export type AuthorizationModeName = 'RBAC' | 'AlwaysAllow' | 'AlwaysDeny';
const AUTHORIZATION_MODES: readonly AuthorizationModeName[] = ['RBAC', 'AlwaysAllow', 'AlwaysDeny'];

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
  /** --tls-cert-file / --tls-private-key-file: a serving pair instead of the generated one. */
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  /** --client-ca-file: client certificates are verified against this CA (bundle) too. */
  clientCaFile?: string;
  /** --token-auth-file: static bearer tokens (token,user,uid,"group1,group2"). */
  tokenAuthFile?: string;
  /** --anonymous-auth; default true. */
  anonymousAuth?: boolean;
  /** --authorization-mode, in order; default RBAC. */
  authorizationModes?: AuthorizationModeName[];
  /** --service-account-signing-key-file: the private key TokenRequest signs with. */
  serviceAccountSigningKeyFile?: string;
  /** --service-account-key-file: public keys service-account tokens are verified with. */
  serviceAccountKeyFiles?: string[];
  /** --service-account-issuer: the first issues tokens, all are accepted. */
  serviceAccountIssuers?: string[];
  /** --api-audiences: audiences a token must carry for this API; default the issuer. */
  apiAudiences?: string[];
}

export const DEFAULT_SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export const DEFAULT_OPTIONS: ServerOptions = {
  dataDir: '.capstan',
  etcdPrefix: '/registry',
  bindAddress: '127.0.0.1',
  securePort: 6443,
  tlsSans: [],
  shutdownDelaySeconds: 10,
  anonymousAuth: true,
  authorizationModes: ['RBAC'],
};

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

function bool(value: string | undefined): boolean {
  if (value === undefined || value === 'true' || value === '1' || value === 't' || value === 'T' || value === 'TRUE' || value === 'True') return true;
  if (value === 'false' || value === '0' || value === 'f' || value === 'F' || value === 'FALSE' || value === 'False') return false;
  throw new InvalidArgumentError(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a non-negative number');
  return n;
}

const list = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

function modes(value: string, previous: AuthorizationModeName[] = []): AuthorizationModeName[] {
  const out = [...previous];
  for (const mode of list(value)) {
    if (!AUTHORIZATION_MODES.includes(mode as AuthorizationModeName)) {
      throw new InvalidArgumentError(`authorization-mode ${JSON.stringify(mode)} is not a valid mode (valid: ${AUTHORIZATION_MODES.join(', ')})`);
    }
    if (out.includes(mode as AuthorizationModeName)) throw new InvalidArgumentError(`authorization-mode ${JSON.stringify(mode)} has mode specified more than once`);
    out.push(mode as AuthorizationModeName);
  }
  return out;
}

export function serverCommand(): Command {
  return new Command()
    .name('capstan')
    .description('A Kubernetes-style API server whose resources are generated from OpenAPI specs')
    .optionsGroup('Generic flags:')
    .option('--data-dir <dir>', 'directory for the embedded storage, PKI and admin kubeconfig', DEFAULT_OPTIONS.dataDir)
    .option('--in-memory', 'keep storage and PKI in memory only (nothing survives a restart)')
    .option('--shutdown-delay-seconds <n>', 'how long SIGTERM waits for in-flight requests', nonNegative, DEFAULT_OPTIONS.shutdownDelaySeconds)
    .optionsGroup('Etcd flags:')
    .option('--etcd-servers <urls>', 'comma-separated etcd client URLs; switches storage to etcd', list)
    .option('--etcd-prefix <prefix>', 'key prefix for every object in storage', DEFAULT_OPTIONS.etcdPrefix)
    .optionsGroup('Secure serving flags:')
    .option('--bind-address <address>', 'address to serve on', DEFAULT_OPTIONS.bindAddress)
    .option('--secure-port <port>', 'HTTPS port (0: any free port)', port, DEFAULT_OPTIONS.securePort)
    .option('--tls-san <names>', 'extra DNS names or IPs for the generated serving certificate (repeatable, comma-separated)', list)
    .option('--tls-cert-file <path>', 'serving certificate (PEM, with intermediates); default: one issued by the server CA')
    .option('--tls-private-key-file <path>', 'private key matching --tls-cert-file')
    .optionsGroup('Authentication flags:')
    .option('--anonymous-auth [bool]', 'treat requests without credentials as system:anonymous (group system:unauthenticated)', bool, true)
    .option('--client-ca-file <path>', 'also accept client certificates signed by this CA bundle (CN is the user, O the groups)')
    .option('--token-auth-file <path>', 'static bearer tokens, CSV: token,user,uid,"group1,group2"')
    .option('--service-account-key-file <path>', 'PEM public keys (repeatable) that verify service-account tokens', list)
    .option('--service-account-signing-key-file <path>', 'PEM private key that signs service-account tokens; default <data-dir>/pki/sa.key')
    .option('--service-account-issuer <url>', 'issuer of service-account tokens (repeatable: the first issues, all are accepted)', list)
    .option('--api-audiences <list>', 'audiences a service-account token must carry for this API; default the issuer', list)
    .optionsGroup('Authorization flags:')
    .option('--authorization-mode <modes>', `ordered, comma-separated authorization modes (${AUTHORIZATION_MODES.join(', ')})`, modes)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

/** Throws commander's error on --help (exitCode 0) and on a bad flag (the caller exits 2). */
export function parseServerFlags(argv: readonly string[]): ServerOptions {
  const program = serverCommand();
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
    tlsCertFile?: string;
    tlsPrivateKeyFile?: string;
    anonymousAuth: boolean;
    clientCaFile?: string;
    tokenAuthFile?: string;
    serviceAccountKeyFile?: string[];
    serviceAccountSigningKeyFile?: string;
    serviceAccountIssuer?: string[];
    apiAudiences?: string[];
    authorizationMode?: AuthorizationModeName[];
  }>();
  if ((o.tlsCertFile === undefined) !== (o.tlsPrivateKeyFile === undefined)) {
    program.error('error: --tls-cert-file and --tls-private-key-file must be given together', { exitCode: 2, code: 'capstan.invalidFlags' });
  }
  return {
    ...(o.inMemory ? {} : { dataDir: o.dataDir }),
    ...(o.etcdServers && o.etcdServers.length > 0 ? { etcdServers: o.etcdServers } : {}),
    etcdPrefix: o.etcdPrefix,
    bindAddress: o.bindAddress,
    securePort: o.securePort,
    tlsSans: o.tlsSan ?? [],
    shutdownDelaySeconds: o.shutdownDelaySeconds,
    ...(o.tlsCertFile ? { tlsCertFile: o.tlsCertFile } : {}),
    ...(o.tlsPrivateKeyFile ? { tlsPrivateKeyFile: o.tlsPrivateKeyFile } : {}),
    anonymousAuth: o.anonymousAuth,
    ...(o.clientCaFile ? { clientCaFile: o.clientCaFile } : {}),
    ...(o.tokenAuthFile ? { tokenAuthFile: o.tokenAuthFile } : {}),
    ...(o.serviceAccountKeyFile && o.serviceAccountKeyFile.length > 0 ? { serviceAccountKeyFiles: o.serviceAccountKeyFile } : {}),
    ...(o.serviceAccountSigningKeyFile ? { serviceAccountSigningKeyFile: o.serviceAccountSigningKeyFile } : {}),
    ...(o.serviceAccountIssuer && o.serviceAccountIssuer.length > 0 ? { serviceAccountIssuers: o.serviceAccountIssuer } : {}),
    ...(o.apiAudiences && o.apiAudiences.length > 0 ? { apiAudiences: o.apiAudiences } : {}),
    authorizationModes: o.authorizationMode && o.authorizationMode.length > 0 ? o.authorizationMode : ['RBAC'],
  };
}

/** The process exit code for a commander error: 0 for --help, 2 for any flag error (kube's). */
export function flagErrorExitCode(err: unknown): number {
  const code = (err as { code?: string }).code;
  return code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version' ? 0 : 2;
}
