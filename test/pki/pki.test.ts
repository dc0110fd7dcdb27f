import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as tls from 'node:tls';
import { parse } from 'yaml';
import { certificateNames, ensureServerPki, renderKubeconfig } from '../../runtime/pki/index.js';

describe('server PKI', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const tempDir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'capstan-pki-'));
    dirs.push(d);
    return d;
  };

  it('issues a CA, a serving certificate for every name and an admin client certificate', async () => {
    const dir = await tempDir();
    const pki = await ensureServerPki(dir, { extraSans: ['api.example.test', '10.9.8.7'] });
    const ca = new X509Certificate(pki.ca.certPem);
    const serving = new X509Certificate(pki.serving.certPem);
    const admin = new X509Certificate(pki.admin.certPem);
    assert.equal(ca.ca, true);
    assert.equal(serving.verify(ca.publicKey), true);
    assert.equal(admin.verify(ca.publicKey), true);
    assert.equal(serving.checkHost('localhost'), 'localhost');
    assert.equal(serving.checkHost('api.example.test'), 'api.example.test');
    assert.equal(serving.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(serving.checkIP('::1'), '::1');
    assert.equal(serving.checkIP('10.9.8.7'), '10.9.8.7');
    assert.match(admin.subject, /O=system:masters/);
    assert.match(admin.subject, /CN=admin/);
    assert.equal((await stat(join(dir, 'pki', 'ca.key'))).mode & 0o777, 0o600);
  });

  it('reuses what it issued, and re-issues the serving certificate when names change', async () => {
    const dir = await tempDir();
    const first = await ensureServerPki(dir);
    const again = await ensureServerPki(dir);
    assert.equal(again.serving.certPem, first.serving.certPem);
    assert.equal(again.admin.certPem, first.admin.certPem);
    const widened = await ensureServerPki(dir, { extraSans: ['new.example.test'] });
    assert.notEqual(widened.serving.certPem, first.serving.certPem);
    assert.equal(widened.ca.certPem, first.ca.certPem);
    assert.ok(certificateNames(widened.serving.certPem).dnsNames.includes('new.example.test'));
  });

  it('completes a mutual TLS handshake with the admin certificate', async () => {
    const pki = await ensureServerPki(await tempDir());
    const server = tls.createServer({
      key: pki.serving.keyPem,
      cert: pki.serving.certPem,
      ca: pki.ca.certPem,
      requestCert: true,
      rejectUnauthorized: true,
    });
    const seen = new Promise<string>((resolve) => {
      server.on('secureConnection', (socket) => {
        resolve(socket.getPeerCertificate().subject.CN as string);
        socket.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const client = tls.connect({ host: '127.0.0.1', port, ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem });
    await new Promise<void>((resolve, reject) => {
      client.once('secureConnect', resolve);
      client.once('error', reject);
    });
    assert.equal(client.authorized, true);
    assert.equal(await seen, 'admin');
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('renders a kubeconfig kubectl can read', async () => {
    const pki = await ensureServerPki(await tempDir());
    const config = parse(renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: pki.ca.certPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem }));
    assert.equal(config['current-context'], 'admin@capstan');
    assert.equal(Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), pki.ca.certPem);
    assert.equal(Buffer.from(config.users[0].user['client-key-data'], 'base64').toString(), pki.admin.keyPem);
  });
});
