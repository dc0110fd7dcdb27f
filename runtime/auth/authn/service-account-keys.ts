// Service-account signing and verification keys: PEM files as kube takes them
// (--service-account-signing-key-file, --service-account-key-file), or a key pair Capstan
// creates once in its data directory.
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** Every public key in a PEM text (public keys, private keys' public halves, certificates). */
export function publicKeysFromPem(pem: string): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const match of pem.matchAll(PEM_BLOCK)) {
    const block = match[0];
    const label = match[1]!;
    if (label === 'CERTIFICATE') keys.push(new X509Certificate(block).publicKey);
    else if (label.endsWith('PRIVATE KEY')) keys.push(createPublicKey(createPrivateKey(block)));
    else if (label.endsWith('PUBLIC KEY')) keys.push(createPublicKey(block));
  }
  if (keys.length === 0) throw new Error('no public keys found in PEM data');
  return keys;
}

export function privateKeyFromPem(pem: string): KeyObject {
  for (const match of pem.matchAll(PEM_BLOCK)) {
    if (match[1]!.endsWith('PRIVATE KEY')) return createPrivateKey(match[0]);
  }
  throw new Error('no private key found in PEM data');
}

export async function loadPublicKeys(paths: readonly string[]): Promise<KeyObject[]> {
  const keys: KeyObject[] = [];
  for (const path of paths) keys.push(...publicKeysFromPem(await readFile(path, 'utf8')));
  return keys;
}

export async function loadSigningKey(path: string): Promise<KeyObject> {
  return privateKeyFromPem(await readFile(path, 'utf8'));
}

export interface ServiceAccountKeyFiles {
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
}

/** `<dataDir>/pki/sa.key` and `sa.pub`, created (RSA 2048, as kubeadm does) when absent. */
export async function ensureServiceAccountKeyFiles(dataDir: string): Promise<ServiceAccountKeyFiles> {
  const dir = join(dataDir, 'pki');
  const privateKeyPath = join(dir, 'sa.key');
  const publicKeyPath = join(dir, 'sa.pub');
  if (!(await exists(privateKeyPath))) {
    await mkdir(dir, { recursive: true });
    // EC P-256 (ES256): as accepted as RSA by every Kubernetes client, and generated in
    // milliseconds rather than the ~100-300 ms of an RSA key, which a first start would pay.
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await writeFile(publicKeyPath, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  } else if (!(await exists(publicKeyPath))) {
    const key = privateKeyFromPem(await readFile(privateKeyPath, 'utf8'));
    await writeFile(publicKeyPath, createPublicKey(key).export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  }
  return { privateKeyPath, publicKeyPath };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
