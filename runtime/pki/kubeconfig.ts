// Writes a kubeconfig as kubectl reads it, with certificates inline so the file works from
// anywhere.
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  caPem: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  token?: string;
  clusterName?: string;
  userName?: string;
  namespace?: string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function renderKubeconfig(opts: KubeconfigOptions): string {
  const cluster = opts.clusterName ?? 'capstan';
  const user = opts.userName ?? 'admin';
  const userEntry: Record<string, string> = {};
  if (opts.clientCertPem) userEntry['client-certificate-data'] = b64(opts.clientCertPem);
  if (opts.clientKeyPem) userEntry['client-key-data'] = b64(opts.clientKeyPem);
  if (opts.token) userEntry['token'] = opts.token;
  const context: Record<string, string> = { cluster, user };
  if (opts.namespace) context['namespace'] = opts.namespace;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: opts.server, 'certificate-authority-data': b64(opts.caPem) } }],
    users: [{ name: user, user: userEntry }],
    contexts: [{ name: `${user}@${cluster}`, context }],
    'current-context': `${user}@${cluster}`,
    preferences: {},
  });
}

export async function writeKubeconfig(path: string, opts: KubeconfigOptions): Promise<void> {
  await writeFile(path, renderKubeconfig(opts), { mode: 0o600 });
}
