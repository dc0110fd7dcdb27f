// The config a pod gets: the API server from KUBERNETES_SERVICE_HOST/PORT, and the service
// account's token, CA and namespace mounted under /var/run/secrets/kubernetes.io/serviceaccount.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RestConfig } from './rest-config.js';
import { KubeConfigError } from './kubeconfig.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface InClusterOptions {
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default SERVICE_ACCOUNT_DIR. */
  serviceAccountDir?: string;
}

export function isInCluster(options: InClusterOptions = {}): boolean {
  const env = options.env ?? process.env;
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT);
}

export function inClusterConfig(options: InClusterOptions = {}): RestConfig {
  const env = options.env ?? process.env;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new KubeConfigError('not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set');
  const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const tokenFile = join(dir, 'token');
  if (!existsSync(tokenFile)) throw new KubeConfigError(`service account token ${tokenFile} does not exist`);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const config: RestConfig = { server: `https://${hostPart}:${port}`, tokenFile };
  const caFile = join(dir, 'ca.crt');
  if (existsSync(caFile)) config.ca = readFileSync(caFile);
  const namespaceFile = join(dir, 'namespace');
  config.namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() || 'default' : 'default';
  return config;
}
