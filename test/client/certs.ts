// Throw-away PKI for the TLS tests, made with the openssl CLI: a CA, a server certificate for
// 127.0.0.1 (and one only valid for the name kube.test), and a client certificate.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  ca: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
  /** Valid only for DNS name kube.test, to exercise tls-server-name. */
  namedCert: Buffer;
  namedKey: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
  /** A client certificate from a CA the server does not trust. */
  strangerCert: Buffer;
  strangerKey: Buffer;
}

export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-pki-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const key = (name: string): void => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  const selfSigned = (name: string, cn: string): void => {
    key(name);
    run('req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-days', '2', '-out', `${name}.crt`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  };
  const signed = (name: string, subject: string, ext: string, ca = 'ca'): void => {
    key(name);
    run('req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`);
    writeFileSync(join(dir, `${name}.ext`), ext);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
  };
  try {
    selfSigned('ca', 'capstan-test-ca');
    selfSigned('other-ca', 'untrusted-ca');
    signed('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    signed('named', '/CN=kube.test', 'subjectAltName=DNS:kube.test\nextendedKeyUsage=serverAuth\n');
    signed('client', '/O=system:masters/CN=alice', 'extendedKeyUsage=clientAuth\n');
    signed('stranger', '/CN=mallory', 'extendedKeyUsage=clientAuth\n', 'other-ca');
    const read = (f: string): Buffer => readFileSync(join(dir, f));
    return {
      ca: read('ca.crt'),
      serverCert: read('server.crt'),
      serverKey: read('server.key'),
      namedCert: read('named.crt'),
      namedKey: read('named.key'),
      clientCert: read('client.crt'),
      clientKey: read('client.key'),
      strangerCert: read('stranger.crt'),
      strangerKey: read('stranger.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
