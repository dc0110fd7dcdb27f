// Compact JWS for service-account tokens with node:crypto alone. No JWT library: we need two
// fixed algorithms (RS256, ES256) that node signs and verifies directly, and pinning them here
// rules out the classic library pitfalls ("alg": "none", HMAC with a public key) and a
// dependency on the security path.
import { createHash, sign, verify, type KeyObject } from 'node:crypto';

export type JwtAlgorithm = 'RS256' | 'ES256';

export interface JwtHeader {
  readonly alg: string;
  readonly kid?: string;
  readonly typ?: string;
}

export interface DecodedJwt {
  readonly header: JwtHeader;
  readonly payload: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

/** The algorithm a key signs with: RSA -> RS256, EC P-256 -> ES256. */
export function algorithmOf(key: KeyObject): JwtAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(`unsupported service account key type ${key.asymmetricKeyType ?? 'unknown'} (want RSA or EC P-256)`);
}

/** kube's key id: unpadded base64url of the SHA-256 of the public key's DER (SPKI). */
export function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url');
}

export function signJwt(payload: object, privateKey: KeyObject, kid?: string): string {
  const alg = algorithmOf(privateKey);
  const header: JwtHeader = kid ? { alg, kid } : { alg };
  const signingInput = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), alg === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' } : privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Parses a compact JWS; null when the text is not one (so other token kinds may be tried). */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (!isObject(header) || typeof header['alg'] !== 'string' || !isObject(payload)) return null;
    return {
      header: header as unknown as JwtHeader,
      payload,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2]!, 'base64url'),
    };
  } catch {
    return null;
  }
}

/** Whether one of `keys` (public) signed the token with the algorithm its header names. */
export function verifyJwtSignature(jwt: DecodedJwt, keys: readonly KeyObject[]): boolean {
  const alg = jwt.header.alg;
  if (alg !== 'RS256' && alg !== 'ES256') return false;
  const data = Buffer.from(jwt.signingInput);
  for (const key of keys) {
    let keyAlg: JwtAlgorithm;
    try {
      keyAlg = algorithmOf(key);
    } catch {
      continue;
    }
    if (keyAlg !== alg) continue;
    if (alg === 'ES256' && jwt.signature.length !== 64) continue;
    const ok = verify('sha256', data, alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key, jwt.signature);
    if (ok) return true;
  }
  return false;
}

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
