// One POST of an AdmissionReview to a webhook over HTTPS, verified against the webhook's
// caBundle (or the system roots without one). Failures are reported in the words kube's Go
// client uses (`Post "<url>": context deadline exceeded`, `dial tcp ...: connection refused`),
// because operators search for those strings.
import { Agent, request } from 'node:https';
import { isIP } from 'node:net';
import type { WebhookClientConfig } from '../../../generated/admissionregistration.k8s.io/v1/index.js';

/** A Service port, as a webhook's clientConfig.service names it (port defaulted to 443). */
export interface ServiceTarget {
  readonly namespace: string;
  readonly name: string;
  readonly port: number;
}

/** Where a Service's port can be reached now (kube: an endpoint of the Service, or its cluster IP). */
export interface ServiceAddress {
  readonly host: string;
  readonly port: number;
}

export type ServiceResolver = (service: ServiceTarget) => Promise<ServiceAddress> | ServiceAddress;

/** Capstan's own bound on a webhook's answer, so a broken webhook cannot exhaust memory. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

interface Target {
  /** The URL shown in messages and its path, as kube would have called it. */
  readonly display: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** The name the serving certificate must carry. */
  readonly serverName: string;
}

async function targetOf(config: WebhookClientConfig, timeoutSeconds: number, resolve: ServiceResolver | undefined): Promise<Target> {
  const timeoutQuery = `timeout=${timeoutSeconds}s`;
  if (config.url !== undefined && config.url !== '') {
    const url = new URL(config.url);
    if (url.protocol !== 'https:') throw new Error(`webhook URL ${JSON.stringify(config.url)} is not https`);
    url.search = url.search ? `${url.search}&${timeoutQuery}` : `?${timeoutQuery}`;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    return { display: url.toString(), host, port: Number(url.port || 443), path: url.pathname + url.search, serverName: host };
  }
  const service = config.service;
  if (service === undefined) throw new Error('webhook clientConfig has neither url nor service');
  const port = service.port ?? 443;
  const serverName = `${service.name}.${service.namespace}.svc`;
  const path = `${service.path || '/'}?${timeoutQuery}`;
  const display = `https://${serverName}:${port}${path}`;
  if (resolve === undefined) throw new Error(`Post "${display}": no service resolver is configured`);
  let address: ServiceAddress;
  try {
    address = await resolve({ namespace: service.namespace, name: service.name, port });
  } catch (err) {
    throw new Error(`Post "${display}": ${err instanceof Error ? err.message : String(err)}`);
  }
  return { display, host: address.host, port: address.port, path, serverName };
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
]);

class DeadlineExceeded extends Error {}

function describe(err: unknown, target: Target): string {
  if (err instanceof DeadlineExceeded) return 'context deadline exceeded';
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return `dial tcp ${target.host}:${target.port}: connect: connection refused`;
  if (code !== undefined && UNKNOWN_AUTHORITY.has(code)) {
    return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `tls: failed to verify certificate: x509: ${(err as Error).message}`;
  return err instanceof Error ? err.message : String(err);
}

export interface WebhookReply {
  readonly statusCode: number;
  readonly body: string;
}

export interface PostOptions {
  readonly config: WebhookClientConfig;
  readonly timeoutSeconds: number;
  readonly body: string;
  readonly agent: Agent;
  readonly resolveService?: ServiceResolver;
}

/** Throws an Error whose message is the reason the call failed. */
export async function postReview(opts: PostOptions): Promise<WebhookReply> {
  const target = await targetOf(opts.config, opts.timeoutSeconds, opts.resolveService);
  const ca = opts.config.caBundle ? Buffer.from(opts.config.caBundle, 'base64').toString('utf8') : undefined;
  return new Promise<WebhookReply>((resolve, reject) => {
    const fail = (err: unknown) => reject(new Error(`Post "${target.display}": ${describe(err, target)}`));
    const req = request(
      {
        host: target.host,
        port: target.port,
        path: target.path,
        method: 'POST',
        agent: opts.agent,
        ...(ca !== undefined ? { ca } : {}),
        // SNI must not carry an IP address; certificate checks then use the IP SANs.
        ...(isIP(target.serverName) === 0 ? { servername: target.serverName } : {}),
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, */*',
          'content-length': Buffer.byteLength(opts.body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy(new Error(`response body larger than ${MAX_RESPONSE_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', fail);
      },
    );
    const timer = setTimeout(() => req.destroy(new DeadlineExceeded()), opts.timeoutSeconds * 1000);
    req.on('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    req.end(opts.body);
  });
}
