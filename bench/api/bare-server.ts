// The baseline for bench/api: fastify over TLS with HTTP/2, one route answering a constant
// ConfigMap. Prints its URL and CA on stdout, runs until killed.
import Fastify from 'fastify';
import { issueServerPki } from '../../runtime/pki/index.js';

const pki = issueServerPki();
const app = Fastify({ http2: true, https: { allowHTTP1: true, key: pki.serving.keyPem, cert: pki.serving.certPem } });
const constant = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', resourceVersion: '1' }, data: { a: '1' } });
app.get('/*', async (_req, reply) => reply.header('content-type', 'application/json').send(constant));
app.post('/*', async (_req, reply) => reply.code(201).header('content-type', 'application/json').send(constant));
await app.listen({ host: '127.0.0.1', port: 0 });
const port = (app.server.address() as { port: number }).port;
process.stdout.write(`${JSON.stringify({ url: `https://127.0.0.1:${port}`, ca: pki.ca.certPem })}\n`);
