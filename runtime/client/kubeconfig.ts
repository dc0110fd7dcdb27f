// kubeconfig files as kubectl reads them. Several files (KUBECONFIG, split by the path
// delimiter) are merged with kubectl's rules: the first file to define a cluster, user or
// context name wins, and the first non-empty current-context wins. Relative paths inside a
// file are resolved against that file's directory before merging.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { RestConfig } from './rest-config.js';

export interface KubeCluster {
  server: string;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTLSVerify?: boolean;
  tlsServerName?: string;
}

export interface KubeUser {
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  /** Set when the user relies on exec or auth-provider plugins, which this client lacks. */
  unsupported?: string;
}

export interface KubeContext {
  cluster: string;
  user: string;
  namespace?: string;
}

export interface KubeConfig {
  clusters: Map<string, KubeCluster>;
  users: Map<string, KubeUser>;
  contexts: Map<string, KubeContext>;
  currentContext?: string;
  /** The files read, in order. */
  files: string[];
}

export class KubeConfigError extends Error {
  override name = 'KubeConfigError';
}

export interface LoadKubeConfigOptions {
  /** Explicit file(s); bypasses KUBECONFIG and ~/.kube/config. */
  paths?: string[];
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default os.homedir(). */
  home?: string;
}

/** The files kubectl would read: explicit paths, else KUBECONFIG, else ~/.kube/config. */
export function kubeConfigPaths(options: LoadKubeConfigOptions = {}): string[] {
  if (options.paths && options.paths.length > 0) return options.paths;
  const env = options.env ?? process.env;
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== '');
  if (fromEnv.length > 0) {
    // Missing files in KUBECONFIG are skipped, like kubectl; a name listed twice is read once.
    return [...new Set(fromEnv)].filter((p) => existsSync(p));
  }
  const fallback = join(options.home ?? homedir(), '.kube', 'config');
  return existsSync(fallback) ? [fallback] : [];
}

export function loadKubeConfig(options: LoadKubeConfigOptions = {}): KubeConfig {
  const files = kubeConfigPaths(options);
  const merged: KubeConfig = { clusters: new Map(), users: new Map(), contexts: new Map(), files: [] };
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new KubeConfigError(`cannot read kubeconfig ${file}: ${(err as Error).message}`);
    }
    mergeInto(merged, parseKubeConfig(text, dirname(resolve(file)), file));
    merged.files.push(file);
  }
  return merged;
}

/** Parses one file; `baseDir` anchors its relative paths. */
export function parseKubeConfig(text: string, baseDir: string, source = 'kubeconfig'): KubeConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new KubeConfigError(`${source}: invalid YAML: ${(err as Error).message}`);
  }
  const root = asRecord(doc ?? {}, source);
  const out: KubeConfig = { clusters: new Map(), users: new Map(), contexts: new Map(), files: [] };
  const path = (value: unknown): string | undefined => {
    const s = optString(value);
    if (s === undefined || s === '') return undefined;
    return isAbsolute(s) ? s : resolve(baseDir, s);
  };
  for (const entry of namedEntries(root.clusters, 'cluster', source)) {
    const c = entry.body;
    const cluster: KubeCluster = { server: optString(c.server) ?? '' };
    setIf(cluster, 'certificateAuthority', path(c['certificate-authority']));
    setIf(cluster, 'certificateAuthorityData', optString(c['certificate-authority-data']));
    if (c['insecure-skip-tls-verify'] === true) cluster.insecureSkipTLSVerify = true;
    setIf(cluster, 'tlsServerName', optString(c['tls-server-name']));
    if (!out.clusters.has(entry.name)) out.clusters.set(entry.name, cluster);
  }
  for (const entry of namedEntries(root.users, 'user', source)) {
    const u = entry.body;
    const user: KubeUser = {};
    setIf(user, 'clientCertificate', path(u['client-certificate']));
    setIf(user, 'clientCertificateData', optString(u['client-certificate-data']));
    setIf(user, 'clientKey', path(u['client-key']));
    setIf(user, 'clientKeyData', optString(u['client-key-data']));
    setIf(user, 'token', optString(u.token));
    setIf(user, 'tokenFile', path(u.tokenFile));
    setIf(user, 'username', optString(u.username));
    setIf(user, 'password', optString(u.password));
    if (u.exec !== undefined) user.unsupported = 'exec credential plugins';
    else if (u['auth-provider'] !== undefined) user.unsupported = 'auth-provider plugins';
    if (!out.users.has(entry.name)) out.users.set(entry.name, user);
  }
  for (const entry of namedEntries(root.contexts, 'context', source)) {
    const c = entry.body;
    const context: KubeContext = { cluster: optString(c.cluster) ?? '', user: optString(c.user) ?? '' };
    setIf(context, 'namespace', optString(c.namespace));
    if (!out.contexts.has(entry.name)) out.contexts.set(entry.name, context);
  }
  const current = optString(root['current-context']);
  if (current) out.currentContext = current;
  return out;
}

function mergeInto(target: KubeConfig, next: KubeConfig): void {
  for (const [name, value] of next.clusters) if (!target.clusters.has(name)) target.clusters.set(name, value);
  for (const [name, value] of next.users) if (!target.users.has(name)) target.users.set(name, value);
  for (const [name, value] of next.contexts) if (!target.contexts.has(name)) target.contexts.set(name, value);
  if (target.currentContext === undefined && next.currentContext) target.currentContext = next.currentContext;
}

export interface ContextSelection {
  /** Overrides current-context. */
  context?: string;
}

/** Resolves a context into a RestConfig, reading the files it points at. */
export function restConfigFromKubeConfig(config: KubeConfig, selection: ContextSelection = {}): RestConfig {
  const contextName = selection.context ?? config.currentContext;
  if (!contextName) throw new KubeConfigError('no context chosen: current-context is not set and none was given');
  const context = config.contexts.get(contextName);
  if (!context) throw new KubeConfigError(`context "${contextName}" does not exist`);
  const cluster = config.clusters.get(context.cluster);
  if (!cluster) throw new KubeConfigError(`cluster "${context.cluster}" of context "${contextName}" does not exist`);
  if (!cluster.server) throw new KubeConfigError(`cluster "${context.cluster}" has no server`);
  const user: KubeUser = context.user ? config.users.get(context.user) ?? missingUser(context.user, contextName) : {};
  if (user.unsupported) throw new KubeConfigError(`user "${context.user}" uses ${user.unsupported}, which this client does not support`);

  const out: RestConfig = { server: cluster.server };
  const ca = bytes(cluster.certificateAuthorityData, cluster.certificateAuthority);
  if (ca) out.ca = ca;
  if (cluster.insecureSkipTLSVerify) out.insecureSkipTLSVerify = true;
  if (cluster.tlsServerName) out.tlsServerName = cluster.tlsServerName;
  const cert = bytes(user.clientCertificateData, user.clientCertificate);
  const key = bytes(user.clientKeyData, user.clientKey);
  if (cert) out.cert = cert;
  if (key) out.key = key;
  if ((cert === undefined) !== (key === undefined)) {
    throw new KubeConfigError(`user "${context.user}" has a client certificate without a key, or a key without a certificate`);
  }
  if (user.token) out.token = user.token;
  else if (user.tokenFile) out.tokenFile = user.tokenFile;
  if (user.username !== undefined) out.username = user.username;
  if (user.password !== undefined) out.password = user.password;
  if (context.namespace) out.namespace = context.namespace;
  return out;
}

function missingUser(user: string, context: string): never {
  throw new KubeConfigError(`user "${user}" of context "${context}" does not exist`);
}

/** `*-data` wins over the file, as in kubectl. */
function bytes(data: string | undefined, file: string | undefined): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (file) {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new KubeConfigError(`cannot read ${file}: ${(err as Error).message}`);
    }
  }
  return undefined;
}

interface NamedEntry {
  name: string;
  body: Record<string, unknown>;
}

function namedEntries(list: unknown, field: string, source: string): NamedEntry[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new KubeConfigError(`${source}: ${field}s must be a list`);
  return list.map((item, i) => {
    const entry = asRecord(item, `${source}: ${field}s[${i}]`);
    const name = optString(entry.name);
    if (!name) throw new KubeConfigError(`${source}: ${field}s[${i}] has no name`);
    return { name, body: asRecord(entry[field] ?? {}, `${source}: ${field}s[${i}].${field}`) };
  });
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new KubeConfigError(`${where} must be a mapping`);
  return value as Record<string, unknown>;
}

function optString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
