// The authentication chain: x509, bearer tokens, anonymous, 401 rules, groups, TokenReview.
// Fake sockets stand in for TLS (the TLS layer's verification is node's); ~250 ms (RSA key).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  createAuthentication,
  createServiceAccountTokens,
  parseTokenFile,
  tokenFileAuthenticator,
  type AuthnRequest,
  type PeerCertificateSource,
} from '../../runtime/auth/index.js';
import { isStatusError } from '../../runtime/errors/index.js';

function request(headers: Record<string, string>, socket?: PeerCertificateSource): AuthnRequest {
  return { socket: socket ?? null, header: (name) => headers[name.toLowerCase()] };
}

const verifiedCert = (cn: string, o?: string | string[]): PeerCertificateSource => ({
  authorized: true,
  getPeerCertificate: () => ({ subject: { CN: cn, ...(o ? { O: o } : {}) } }),
});
const unverifiedCert: PeerCertificateSource = {
  authorized: false,
  authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  getPeerCertificate: () => ({ subject: { CN: 'mallory', O: 'system:masters' } }),
};
const noCert: PeerCertificateSource = { authorized: false, getPeerCertificate: () => ({}) };

const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const sa = createServiceAccountTokens({ issuer: 'https://capstan', signingKey: key, lookupServiceAccount: async () => ({ uid: 'u1' }) });
const file = tokenFileAuthenticator(parseTokenFile('abc123,alice,a-uid,devs\nsys,sysuser,s,system:authenticated\n').entries);

test('x509: CN is the user, O the groups, system:authenticated added', async () => {
  const auth = createAuthentication({ tokens: [file] });
  assert.deepEqual(await auth.authenticateOrThrow(request({}, verifiedCert('admin', ['system:masters', 'ops']))), {
    username: 'admin',
    groups: ['system:masters', 'ops', 'system:authenticated'],
  });
});

test('bearer tokens from the file and service accounts; system:authenticated once', async () => {
  const auth = createAuthentication({ tokens: [file, sa] });
  assert.deepEqual(await auth.authenticateOrThrow(request({ authorization: 'Bearer abc123' }, noCert)), {
    username: 'alice',
    uid: 'a-uid',
    groups: ['devs', 'system:authenticated'],
  });
  assert.deepEqual((await auth.authenticateOrThrow(request({ authorization: 'bearer sys' }))).groups, ['system:authenticated']);
  const token = sa.issueServiceAccountToken({ namespace: 'ns', name: 'robot', uid: 'u1' }).token;
  const robot = await auth.authenticateOrThrow(request({ authorization: `Bearer ${token}` }));
  assert.equal(robot.username, 'system:serviceaccount:ns:robot');
  assert.deepEqual(robot.groups, ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated']);
});

test('invalid credentials are 401 and never fall through to anonymous', async () => {
  const auth = createAuthentication({ tokens: [file, sa], anonymous: true });
  for (const req of [request({ authorization: 'Bearer wrong' }), request({}, unverifiedCert)]) {
    const result = await auth.authenticate(req);
    assert.equal(result.kind, 'failed');
    await assert.rejects(auth.authenticateOrThrow(req), (e: unknown) => {
      assert.ok(isStatusError(e));
      assert.equal(e.status.code, 401);
      assert.equal(e.status.message, 'Unauthorized');
      assert.ok(!JSON.stringify(e.status).includes('wrong'), 'the token never appears in the answer');
      return true;
    });
  }
  // A valid token next to an unverified certificate still wins (union: first success).
  assert.equal((await auth.authenticateOrThrow(request({ authorization: 'Bearer abc123' }, unverifiedCert))).username, 'alice');
});

test('anonymous only when enabled and no credential is presented', async () => {
  const on = createAuthentication({ tokens: [file], anonymous: true });
  assert.deepEqual(await on.authenticateOrThrow(request({}, noCert)), { username: 'system:anonymous', groups: ['system:unauthenticated'] });
  // An empty bearer token is no credential (kube ignores it).
  assert.equal((await on.authenticateOrThrow(request({ authorization: 'Bearer ' }))).username, 'system:anonymous');
  const off = createAuthentication({ tokens: [file] });
  assert.deepEqual(await off.authenticate(request({}, noCert)), { kind: 'none' });
  await assert.rejects(off.authenticateOrThrow(request({})), (e: unknown) => isStatusError(e) && e.status.code === 401);
});

test('TokenReview status', async () => {
  const auth = createAuthentication({ tokens: [file, sa] });
  assert.deepEqual(await auth.reviewToken('abc123'), {
    authenticated: true,
    user: { username: 'alice', uid: 'a-uid', groups: ['devs', 'system:authenticated'] },
  });
  const token = sa.issueServiceAccountToken({ namespace: 'ns', name: 'robot', uid: 'u1', audiences: ['vault'] }).token;
  const reviewed = await auth.reviewToken(token, ['vault']);
  assert.equal(reviewed.authenticated, true);
  assert.deepEqual(reviewed.audiences, ['vault']);
  assert.equal(reviewed.user?.username, 'system:serviceaccount:ns:robot');
  const wrongAudience = await auth.reviewToken(token);
  assert.equal(wrongAudience.authenticated, undefined);
  assert.match(wrongAudience.error ?? '', /^\[invalid bearer token, token audiences \["vault"\] is invalid/);
  assert.deepEqual(await auth.reviewToken('nope'), { user: {}, error: 'invalid bearer token' });
});
