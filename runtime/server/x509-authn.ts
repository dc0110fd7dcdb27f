// Client-certificate authentication: a certificate the client CA verified names the user
// (CN) and groups (O), as kube-apiserver reads them.
import type { UserInfo } from '../registry/index.js';
import type { AuthenticationInput } from './http-server.js';

export function x509User(input: AuthenticationInput): UserInfo | null {
  const socket = input.socket;
  if (!socket || typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return null;
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.subject) return null;
  const cn = cert.subject.CN;
  const username = Array.isArray(cn) ? cn[0] : cn;
  if (!username) return null;
  const o = cert.subject.O;
  const orgs = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { username, groups: [...orgs, 'system:authenticated'] };
}
