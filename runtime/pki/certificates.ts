// Certificate issuing with Node's own crypto: ECDSA P-256 keys (milliseconds to make, which
// keeps a first start with a new CA, serving and admin certificate well under a second) and
// certificates assembled from DER.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  bitStringBytes,
  booleanTrue,
  children,
  explicit,
  integer,
  integerBytes,
  octetString,
  oid,
  readElement,
  sequence,
  set,
  time,
  tlv,
  utf8String,
} from './der.js';

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface Issuer {
  /** The DER of the issuer's subject Name, copied into issued certificates. */
  subject: Buffer;
  subjectKeyId: Buffer;
  key: KeyObject;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyId: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

// keyUsage bit numbers (RFC 5280 4.2.1.3).
const DIGITAL_SIGNATURE = 0;
const KEY_ENCIPHERMENT = 2;
const KEY_CERT_SIGN = 5;
const CRL_SIGN = 6;

const DAY_MS = 24 * 60 * 60 * 1000;
const signatureAlgorithm = () => sequence(oid(OID.ecdsaWithSha256));

function distinguishedName(commonName: string, organizations: string[] = []): Buffer {
  const rdn = (type: string, value: string) => set(sequence(oid(type), utf8String(value)));
  return sequence(...organizations.map((o) => rdn(OID.organization, o)), rdn(OID.commonName, commonName));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), booleanTrue(), octetString(value)) : sequence(oid(id), octetString(value));
}

/** SHA-1 of the subjectPublicKey bits (RFC 5280's method 1). */
function keyIdentifier(spkiDer: Buffer): Buffer {
  const spki = readElement(spkiDer, 0);
  const bits = children(spkiDer, spki)[1]!;
  return createHash('sha1').update(spkiDer.subarray(bits.valueStart + 1, bits.end)).digest();
}

interface TbsInput {
  subject: Buffer;
  issuer: Buffer;
  publicKey: KeyObject;
  validDays: number;
  extensions: Buffer[];
}

function assemble(tbs: TbsInput, signingKey: KeyObject): string {
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  // Backdated a little so a clock slightly behind ours still accepts a new certificate.
  const notBefore = new Date(Date.now() - 5 * 60 * 1000);
  const notAfter = new Date(Date.now() + tbs.validDays * DAY_MS);
  const tbsDer = sequence(
    explicit(0, integer(2)),
    integerBytes(serial),
    signatureAlgorithm(),
    tbs.issuer,
    sequence(time(notBefore), time(notAfter)),
    tbs.subject,
    tbs.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...tbs.extensions)),
  );
  const signature = sign('sha256', tbsDer, signingKey);
  const der = sequence(tbsDer, signatureAlgorithm(), bitStringBytes(signature));
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}

function newKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

const keyPem = (key: KeyObject): string => key.export({ type: 'pkcs8', format: 'pem' }).toString();

export function createCertificateAuthority(commonName: string, validDays = 3650): IssuedCertificate {
  const { publicKey, privateKey } = newKeyPair();
  const name = distinguishedName(commonName);
  const ski = keyIdentifier(publicKey.export({ type: 'spki', format: 'der' }));
  const certPem = assemble(
    {
      subject: name,
      issuer: name,
      publicKey,
      validDays,
      extensions: [
        extension(OID.keyUsage, true, bitString([DIGITAL_SIGNATURE, KEY_CERT_SIGN, CRL_SIGN])),
        extension(OID.basicConstraints, true, sequence(booleanTrue())),
        extension(OID.subjectKeyId, false, octetString(ski)),
      ],
    },
    privateKey,
  );
  return { certPem, keyPem: keyPem(privateKey) };
}

/** Reads a CA's certificate and key for issuing. */
export function loadIssuer(ca: IssuedCertificate): Issuer {
  const der = new X509Certificate(ca.certPem).raw;
  const cert = readElement(der, 0);
  const tbsFields = children(der, children(der, cert)[0]!);
  // TBSCertificate: [0] version, serial, signature, issuer, validity, subject, spki, ...
  const offset = tbsFields[0]!.tag === 0xa0 ? 1 : 0;
  const subject = tbsFields[offset + 4]!;
  const spki = tbsFields[offset + 5]!;
  return {
    subject: der.subarray(subject.start, subject.end),
    subjectKeyId: keyIdentifier(der.subarray(spki.start, spki.end)),
    key: createPrivateKey(ca.keyPem),
  };
}

export interface LeafRequest {
  commonName: string;
  organizations?: string[];
  dnsNames?: string[];
  ipAddresses?: string[];
  usage: 'server' | 'client';
  validDays?: number;
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const groups = (s: string | undefined) => (s ? s.split(':').filter((g) => g !== '') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const middle = Array(8 - left.length - right.length).fill('0');
  const all = tail === undefined ? left : [...left, ...middle, ...right];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

export function issueCertificate(issuer: Issuer, request: LeafRequest): IssuedCertificate {
  const { publicKey, privateKey } = newKeyPair();
  const extensions = [
    extension(OID.keyUsage, true, bitString([DIGITAL_SIGNATURE, KEY_ENCIPHERMENT])),
    extension(OID.extKeyUsage, false, sequence(oid(request.usage === 'server' ? OID.serverAuth : OID.clientAuth))),
    extension(OID.basicConstraints, true, sequence()),
    extension(OID.authorityKeyId, false, sequence(tlv(0x80, issuer.subjectKeyId))),
  ];
  const names = [
    ...(request.dnsNames ?? []).map((n) => tlv(0x82, Buffer.from(n, 'ascii'))),
    ...(request.ipAddresses ?? []).map((ip) => tlv(0x87, ipBytes(ip))),
  ];
  if (names.length > 0) extensions.push(extension(OID.subjectAltName, false, sequence(...names)));
  const certPem = assemble(
    {
      subject: distinguishedName(request.commonName, request.organizations),
      issuer: issuer.subject,
      publicKey,
      validDays: request.validDays ?? 365,
      extensions,
    },
    issuer.key,
  );
  return { certPem, keyPem: keyPem(privateKey) };
}

/** The subjectAltName DNS names and IP addresses a certificate carries. */
export function certificateNames(certPem: string): { dnsNames: string[]; ipAddresses: string[] } {
  const san = new X509Certificate(certPem).subjectAltName ?? '';
  const entries = san.split(', ').filter((e) => e !== '');
  const dnsNames = entries.filter((e) => e.startsWith('DNS:')).map((e) => e.slice(4));
  const ipAddresses = entries.filter((e) => e.startsWith('IP Address:')).map((e) => normalizeIp(e.slice(11)));
  return { dnsNames, ipAddresses };
}

function normalizeIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const bytes = ipBytes(ip);
  return bytes.equals(ipBytes('::1')) ? '::1' : ip.toLowerCase();
}
