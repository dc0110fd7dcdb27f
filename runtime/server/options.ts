// Server options with kube-apiserver's flag names where kube has the flag, and --help grouped
// into kube's flag sections.
import { isIP } from 'node:net';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseGoBool } from '../api/index.js';

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
  /** --max-requests-inflight: concurrent read-only requests before 429 (0: no limit). */
  maxRequestsInflight?: number;
  /** --max-mutating-requests-inflight: concurrent mutating requests before 429 (0: no limit). */
  maxMutatingRequestsInflight?: number;
  /** --request-timeout in seconds: non-long-running requests answer 504 after it. */
  requestTimeoutSeconds?: number;
  /** --audit-policy-file: an audit.k8s.io/v1 Policy; without it nothing is audited. */
  auditPolicyFile?: string;
  /** --audit-log-path: where audit events go, one JSON object per line ("-" is stdout). */
  auditLogPath?: string;
  /** --audit-log-maxsize: megabytes before the log is rotated (0: the rotation library's 100, as in kube). */
  auditLogMaxSize?: number;
  /** --audit-log-maxbackup: rotated files kept (0: all). */
  auditLogMaxBackup?: number;
  /** --audit-log-maxage: days a rotated file is kept (0: forever). */
  auditLogMaxAge?: number;
  /** --service-cluster-ip-range: the first address is the `kubernetes` Service's clusterIP. */
  serviceClusterIpRange?: string;
  /** --advertise-address: the address the `kubernetes` Endpoints point at; default the bind address. */
  advertiseAddress?: string;
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
  maxRequestsInflight: 400,
  maxMutatingRequestsInflight: 200,
  requestTimeoutSeconds: 60,
  auditLogMaxSize: 0,
  auditLogMaxBackup: 0,
  auditLogMaxAge: 0,
  serviceClusterIpRange: '10.0.0.0/24',
};

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

function bool(value: string | undefined): boolean {
  if (value === undefined) return true;
  const parsed = parseGoBool(value);
  if (parsed !== undefined) return parsed;
  throw new InvalidArgumentError(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a non-negative number');
  return n;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A Go duration ("1m0s", "90s", "1.5h") in seconds, as kube's duration flags take them. */
export function parseGoDuration(value: string): number {
  const text = value.trim();
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let seconds = 0;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new InvalidArgumentError(`time: invalid duration ${JSON.stringify(value)}`);
    seconds += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    at = re.lastIndex;
  }
  if (text.length === 0) throw new InvalidArgumentError(`time: invalid duration ${JSON.stringify(value)}`);
  return seconds;
}

function cidr(value: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value.trim());
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 30) {
    throw new InvalidArgumentError(`${JSON.stringify(value)} is not an IPv4 CIDR with room for a service address (e.g. 10.0.0.0/24)`);
  }
  return value.trim();
}

function ipAddress(value: string): string {
  if (isIP(value) === 0) throw new InvalidArgumentError(`${JSON.stringify(value)} is not an IP address`);
  return value;
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
    .option('--advertise-address <ip>', 'the address the `kubernetes` Service\'s Endpoints point at; default the bind address', ipAddress)
    .option('--max-requests-inflight <n>', 'concurrent non-mutating requests before 429 (0: no limit)', nonNegativeInteger, DEFAULT_OPTIONS.maxRequestsInflight)
    .option('--max-mutating-requests-inflight <n>', 'concurrent mutating requests before 429 (0: no limit)', nonNegativeInteger, DEFAULT_OPTIONS.maxMutatingRequestsInflight)
    .addOption(
      new Option('--request-timeout <duration>', 'how long a non-long-running request may take before 504 (Go duration)')
        .argParser(parseGoDuration)
        .default(DEFAULT_OPTIONS.requestTimeoutSeconds, '1m0s'),
    )
    .optionsGroup('Etcd flags:')
    .option('--etcd-servers <urls>', 'comma-separated etcd client URLs; switches storage to etcd', list)
    .option('--etcd-prefix <prefix>', 'key prefix for every object in storage', DEFAULT_OPTIONS.etcdPrefix)
    .optionsGroup('Secure serving flags:')
    .option('--bind-address <address>', 'address to serve on', DEFAULT_OPTIONS.bindAddress)
    .option('--secure-port <port>', 'HTTPS port (0: any free port)', port, DEFAULT_OPTIONS.securePort)
    .option('--tls-san <names>', 'extra DNS names or IPs for the generated serving certificate (repeatable, comma-separated)', list)
    .option('--tls-cert-file <path>', 'serving certificate (PEM, with intermediates); default: one issued by the server CA')
    .option('--tls-private-key-file <path>', 'private key matching --tls-cert-file')
    .optionsGroup('Auditing flags:')
    .option('--audit-policy-file <path>', 'audit.k8s.io/v1 Policy (YAML or JSON) that says what is audited at which level')
    .option('--audit-log-path <path>', 'audit events, one JSON object per line ("-": standard out); needs --audit-policy-file')
    .option('--audit-log-maxsize <MB>', 'megabytes before the audit log is rotated (0: 100, as kube\'s log rotation does)', nonNegativeInteger, DEFAULT_OPTIONS.auditLogMaxSize)
    .option('--audit-log-maxbackup <n>', 'rotated audit logs kept (0: all)', nonNegativeInteger, DEFAULT_OPTIONS.auditLogMaxBackup)
    .option('--audit-log-maxage <days>', 'days a rotated audit log is kept (0: forever)', nonNegativeInteger, DEFAULT_OPTIONS.auditLogMaxAge)
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
    .optionsGroup('Misc flags:')
    .option('--service-cluster-ip-range <cidr>', 'IPv4 range of service cluster IPs; its first address is the `kubernetes` Service\'s', cidr, DEFAULT_OPTIONS.serviceClusterIpRange)
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
    advertiseAddress?: string;
    maxRequestsInflight: number;
    maxMutatingRequestsInflight: number;
    requestTimeout: number;
    auditPolicyFile?: string;
    auditLogPath?: string;
    auditLogMaxsize: number;
    auditLogMaxbackup: number;
    auditLogMaxage: number;
    serviceClusterIpRange: string;
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
    ...(o.advertiseAddress ? { advertiseAddress: o.advertiseAddress } : {}),
    maxRequestsInflight: o.maxRequestsInflight,
    maxMutatingRequestsInflight: o.maxMutatingRequestsInflight,
    requestTimeoutSeconds: o.requestTimeout,
    ...(o.auditPolicyFile ? { auditPolicyFile: o.auditPolicyFile } : {}),
    ...(o.auditLogPath ? { auditLogPath: o.auditLogPath } : {}),
    auditLogMaxSize: o.auditLogMaxsize,
    auditLogMaxBackup: o.auditLogMaxbackup,
    auditLogMaxAge: o.auditLogMaxage,
    serviceClusterIpRange: o.serviceClusterIpRange,
  };
}

/** The process exit code for a commander error: 0 for --help, 2 for any flag error (kube's). */
export function flagErrorExitCode(err: unknown): number {
  const code = (err as { code?: string }).code;
  return code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version' ? 0 : 2;
}
