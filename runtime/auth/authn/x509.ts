// Client certificates: a certificate the client CA verified names the user (CN) and groups (O).
// A presented certificate the CA did not verify is a failed credential, not an absent one.
import type { AuthnRequest, AuthnResult, PeerCertificateSource, RequestAuthenticator } from './types.js';
import { NONE } from './types.js';

export const x509Authenticator: RequestAuthenticator = {
  async authenticate(req: AuthnRequest): Promise<AuthnResult> {
    return x509Result(req);
  },
};

// A connection's client certificate never changes: read it once per connection (reading it is
// costly, and HTTP/2 sends every request of a client over one connection).
const byConnection = new WeakMap<object, AuthnResult>();

export function x509Result(req: AuthnRequest): AuthnResult {
  const socket = req.socket;
  if (!socket || typeof socket.getPeerCertificate !== 'function') return NONE;
  const cached = byConnection.get(socket);
  if (cached) return cached;
  const result = readCertificate(socket);
  byConnection.set(socket, result);
  return result;
}

function readCertificate(socket: PeerCertificateSource): AuthnResult {
  const cert = socket.getPeerCertificate?.() as { subject?: { CN?: string | string[]; O?: string | string[] } } | null;
  // Node answers {} when the client sent no certificate.
  if (!cert || !cert.subject) return NONE;
  if (!socket.authorized) {
    const why = socket.authorizationError ? String(socket.authorizationError) : 'certificate not verified';
    return { kind: 'failed', error: `verifying certificate: ${why}` };
  }
  const cn = cert.subject.CN;
  const username = Array.isArray(cn) ? cn[0] : cn;
  if (!username) return { kind: 'failed', error: 'certificate has no common name' };
  const o = cert.subject.O;
  const groups = o === undefined ? [] : Array.isArray(o) ? [...o] : [o];
  return { kind: 'authenticated', user: { username, groups } };
}
