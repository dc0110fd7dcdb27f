// The PKI a fresh data directory gets on first start: a CA, a serving certificate for every
// name the server may be reached by, and an admin client certificate (O=system:masters).
// Later starts reuse them; the serving certificate is re-issued when the wanted names change.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  certificateNames,
  createCertificateAuthority,
  issueCertificate,
  loadIssuer,
  type IssuedCertificate,
} from './certificates.js';

export interface ServerPki {
  dir: string;
  ca: IssuedCertificate;
  serving: IssuedCertificate;
  admin: IssuedCertificate;
}

export interface PkiOptions {
  /** Extra names for the serving certificate (--tls-san): DNS names or IP addresses. */
  extraSans?: string[];
  /** The address the server binds, added to the serving certificate when it is specific. */
  bindAddress?: string;
}

async function readPair(dir: string, name: string): Promise<IssuedCertificate | null> {
  try {
    const [certPem, keyPem] = await Promise.all([
      readFile(join(dir, `${name}.crt`), 'utf8'),
      readFile(join(dir, `${name}.key`), 'utf8'),
    ]);
    return { certPem, keyPem };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function writePair(dir: string, name: string, pair: IssuedCertificate): Promise<void> {
  await writeFile(join(dir, `${name}.crt`), pair.certPem, { mode: 0o644 });
  await writeFile(join(dir, `${name}.key`), pair.keyPem, { mode: 0o600 });
}

export function servingNames(opts: PkiOptions): { dnsNames: string[]; ipAddresses: string[] } {
  const wanted = ['localhost', hostname(), '127.0.0.1', '::1', ...(opts.extraSans ?? [])];
  if (opts.bindAddress && opts.bindAddress !== '0.0.0.0' && opts.bindAddress !== '::') wanted.push(opts.bindAddress);
  const dnsNames = new Set<string>();
  const ipAddresses = new Set<string>();
  for (const name of wanted) {
    if (!name) continue;
    if (isIP(name)) ipAddresses.add(name);
    else dnsNames.add(name.toLowerCase());
  }
  return { dnsNames: [...dnsNames].sort(), ipAddresses: [...ipAddresses].sort() };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

/** A PKI kept in memory only (in-memory servers, tests). */
export function issueServerPki(opts: PkiOptions = {}): Omit<ServerPki, 'dir'> {
  const ca = createCertificateAuthority('capstan-ca');
  const issuer = loadIssuer(ca);
  return {
    ca,
    serving: issueCertificate(issuer, { commonName: 'capstan-apiserver', usage: 'server', ...servingNames(opts) }),
    admin: issueCertificate(issuer, { commonName: 'admin', organizations: ['system:masters'], usage: 'client' }),
  };
}

export async function ensureServerPki(dataDir: string, opts: PkiOptions = {}): Promise<ServerPki> {
  const dir = join(dataDir, 'pki');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let ca = await readPair(dir, 'ca');
  let fresh = false;
  if (!ca) {
    ca = createCertificateAuthority('capstan-ca');
    await writePair(dir, 'ca', ca);
    fresh = true;
  }
  const issuer = loadIssuer(ca);
  const names = servingNames(opts);

  let serving = fresh ? null : await readPair(dir, 'apiserver');
  if (serving) {
    const have = certificateNames(serving.certPem);
    if (!sameSet(have.dnsNames, names.dnsNames) || !sameSet(have.ipAddresses, names.ipAddresses)) serving = null;
  }
  if (!serving) {
    serving = issueCertificate(issuer, { commonName: 'capstan-apiserver', usage: 'server', ...names });
    await writePair(dir, 'apiserver', serving);
  }

  let admin = fresh ? null : await readPair(dir, 'admin');
  if (!admin) {
    admin = issueCertificate(issuer, { commonName: 'admin', organizations: ['system:masters'], usage: 'client' });
    await writePair(dir, 'admin', admin);
  }
  return { dir, ca, serving, admin };
}
