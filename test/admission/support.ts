// A real HTTPS admission webhook for the tests: a CA from runtime/pki, a serving certificate
// for 127.0.0.1 and for a Service name, and per-path handlers that answer AdmissionReviews.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  MutatingWebhook,
  MutatingWebhookConfiguration,
  ValidatingWebhook,
  ValidatingWebhookConfiguration,
} from '../../generated/admissionregistration.k8s.io/v1/index.js';
import { createCertificateAuthority, issueCertificate, loadIssuer } from '../../runtime/pki/index.js';
import type { AdmissionAttributes } from '../../runtime/admission/index.js';

/** The service name the serving certificate carries (reached through a test resolver). */
export const SERVICE_DNS = 'hook.webhooks.svc';

export interface ReviewRequestBody {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  requestKind: { group: string; version: string; kind: string };
  requestResource: { group: string; version: string; resource: string };
  name?: string;
  namespace?: string;
  operation: string;
  userInfo: { username?: string; groups?: string[] };
  object: Record<string, unknown> | null;
  oldObject: Record<string, unknown> | null;
  dryRun: boolean;
  options: Record<string, unknown> | null;
}

export interface ReviewAnswer {
  allowed: boolean;
  status?: { code?: number; reason?: string; message?: string };
  patch?: unknown[];
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

/** Answers a review; 'hang' never answers; a function returning a raw reply sends it as is. */
export type Handler = (req: ReviewRequestBody) => ReviewAnswer | 'hang' | { raw: string; status?: number };

export interface Received {
  path: string;
  query: string;
  body: { apiVersion: string; kind: string; request: ReviewRequestBody };
}

export interface WebhookServer {
  readonly port: number;
  readonly caBundle: string;
  /** A CA that did not sign the serving certificate. */
  readonly otherCaBundle: string;
  readonly received: Received[];
  handle(path: string, handler: Handler): void;
  url(path: string): string;
  calls(path: string): Received[];
  close(): Promise<void>;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export async function startWebhookServer(): Promise<WebhookServer> {
  const ca = createCertificateAuthority('admission-test-ca');
  const other = createCertificateAuthority('other-ca');
  const serving = issueCertificate(loadIssuer(ca), {
    commonName: 'webhook',
    dnsNames: [SERVICE_DNS],
    ipAddresses: ['127.0.0.1'],
    usage: 'server',
  });
  const handlers = new Map<string, Handler>();
  const received: Received[] = [];
  const server: Server = createServer({ key: serving.keyPem, cert: serving.certPem }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://x');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'];
      received.push({ path: url.pathname, query: url.search, body });
      const handler = handlers.get(url.pathname);
      const answer = handler ? handler(body.request) : { allowed: true };
      if (answer === 'hang') return;
      if ('raw' in answer) {
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(answer.raw);
        return;
      }
      const { patch, ...rest } = answer;
      const response = {
        uid: body.request.uid,
        ...rest,
        ...(patch ? { patch: b64(JSON.stringify(patch)), patchType: 'JSONPatch' } : {}),
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ apiVersion: body.apiVersion, kind: 'AdmissionReview', response }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    caBundle: b64(ca.certPem),
    otherCaBundle: b64(other.certPem),
    received,
    handle: (path, handler) => handlers.set(path, handler),
    url: (path) => `https://127.0.0.1:${port}${path}`,
    calls: (path) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type WebhookFields = Partial<Omit<MutatingWebhook, 'name'>>;

const allRules = [{ operations: ['*' as const], apiGroups: ['*'], apiVersions: ['*'], resources: ['*/*'] }];

export function mutatingWebhook(name: string, clientConfig: MutatingWebhook['clientConfig'], fields: WebhookFields = {}): MutatingWebhook {
  return { name, clientConfig, rules: allRules, sideEffects: 'None', admissionReviewVersions: ['v1'], ...fields };
}

export function validatingWebhook(
  name: string,
  clientConfig: ValidatingWebhook['clientConfig'],
  fields: Partial<Omit<ValidatingWebhook, 'name'>> = {},
): ValidatingWebhook {
  return { name, clientConfig, rules: allRules, sideEffects: 'None', admissionReviewVersions: ['v1'], ...fields };
}

export const mutatingConfig = (name: string, webhooks: MutatingWebhook[]): MutatingWebhookConfiguration => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'MutatingWebhookConfiguration',
  metadata: { name },
  webhooks,
});

export const validatingConfig = (name: string, webhooks: ValidatingWebhook[]): ValidatingWebhookConfiguration => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name },
  webhooks,
});

/** A CREATE of a ConfigMap in namespace "default" by "alice". */
export function createConfigMap(overrides: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  return {
    operation: 'CREATE',
    kind: { group: '', version: 'v1', kind: 'ConfigMap' },
    resource: { group: '', version: 'v1', resource: 'configmaps' },
    name: 'cm',
    namespace: 'default',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default', labels: { app: 'web' } } },
    oldObject: null,
    options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    userInfo: { username: 'alice', groups: ['system:authenticated'] },
    ...overrides,
  };
}
