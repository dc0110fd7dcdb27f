// x509 authentication over a real TLS connection on 127.0.0.1 (port 0): a client certificate
// from the client CA authenticates as CN/O; one from another CA is a failed credential; no
// certificate is no credential. EC keys keep it quick: ~150 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { x509Result, type AuthnResult } from '../../runtime/auth/index.js';
import { createCertificateAuthority, issueCertificate, loadIssuer } from '../../runtime/pki/index.js';

const clientCa = createCertificateAuthority('client-ca');
const otherCa = createCertificateAuthority('other-ca');
const serverCa = createCertificateAuthority('server-ca');
const serving = issueCertificate(loadIssuer(serverCa), { commonName: 'localhost', ipAddresses: ['127.0.0.1'], usage: 'server' });

async function authenticateOver(client?: { certPem: string; keyPem: string }): Promise<AuthnResult> {
  const results: AuthnResult[] = [];
  const server = createServer(
    { cert: serving.certPem, key: serving.keyPem, ca: clientCa.certPem, requestCert: true, rejectUnauthorized: false },
    (socket: TLSSocket) => {
      results.push(x509Result({ socket, header: () => undefined }));
      socket.end('ok');
    },
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const socket = connect({ host: '127.0.0.1', port, ca: serverCa.certPem, ...(client ? { cert: client.certPem, key: client.keyPem } : {}) });
    socket.resume();
    await once(socket, 'end');
    socket.destroy();
  } finally {
    server.close();
    await once(server, 'close');
  }
  assert.equal(results.length, 1);
  return results[0]!;
}

test('a client certificate from the client CA names the user and groups', async () => {
  const cert = issueCertificate(loadIssuer(clientCa), { commonName: 'jane', organizations: ['system:masters', 'ops'], usage: 'client' });
  assert.deepEqual(await authenticateOver(cert), { kind: 'authenticated', user: { username: 'jane', groups: ['system:masters', 'ops'] } });
});

test('a certificate from another CA fails; no certificate is no credential', async () => {
  const foreign = issueCertificate(loadIssuer(otherCa), { commonName: 'mallory', organizations: ['system:masters'], usage: 'client' });
  const result = await authenticateOver(foreign);
  assert.equal(result.kind, 'failed');
  assert.deepEqual(await authenticateOver(), { kind: 'none' });
});
