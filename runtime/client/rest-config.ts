// Everything needed to talk to one API server, already resolved: file paths read, base64
// decoded. kubeconfig.ts and in-cluster.ts produce it; createRestClient consumes it.
import type { HttpProtocol } from './transport.js';
import type { RetryOptions } from './retry-policy.js';

export interface RestConfig {
  /** e.g. https://127.0.0.1:6443; a path after the host is kept as a prefix. */
  server: string;
  /** PEM CA bundle; when absent the system roots are trusted. */
  ca?: Buffer;
  /** PEM client certificate and key. */
  cert?: Buffer;
  key?: Buffer;
  insecureSkipTLSVerify?: boolean;
  tlsServerName?: string;
  /** A bearer token. */
  token?: string;
  /** A file holding a bearer token, re-read at most once a minute (tokens rotate). */
  tokenFile?: string;
  username?: string;
  password?: string;
  /** The namespace of the chosen context, or of the pod when in-cluster. */
  namespace?: string;
  /** Default 'auto': h2 when a TLS server offers it by ALPN, else HTTP/1.1. */
  protocol?: HttpProtocol;
  /** Per-request timeout (until the whole body is read; for watches, until the headers). */
  timeoutMs?: number;
  retry?: RetryOptions;
  userAgent?: string;
}
