// Service-account JWTs: issue, verify, expiry, audiences, deleted or replaced accounts, bound
// objects, RS256 and ES256, key files. RSA key generation dominates: ~300 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createServiceAccountTokens,
  decodeJwt,
  ensureServiceAccountKeyFiles,
  keyId,
  loadPublicKeys,
  loadSigningKey,
  signJwt,
  type ServiceAccountTokenOptions,
} from '../../runtime/auth/index.js';
import { isStatusError } from '../../runtime/errors/index.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ISSUER = 'https://capstan.local';
const T0 = new Date('2026-01-01T00:00:00Z');

function setup(over: Partial<ServiceAccountTokenOptions> = {}) {
  let clock = T0;
  const accounts = new Map([['team/builder', { uid: 'sa-uid-1' }]]);
  const pods = new Map([['team/web', { uid: 'pod-uid-1' }]]);
  const tokens = createServiceAccountTokens({
    issuer: ISSUER,
    signingKey: rsa.privateKey,
    lookupServiceAccount: async (ns, name) => accounts.get(`${ns}/${name}`) ?? null,
    lookupBoundObject: async (kind, ns, name) => (kind === 'Pod' ? pods.get(`${ns}/${name}`) ?? null : null),
    now: () => clock,
    ...over,
  });
  return { tokens, accounts, pods, advance: (s: number) => (clock = new Date(clock.getTime() + s * 1000)) };
}

test('issued token carries kube\'s claims and authenticates as the service account', async () => {
  const { tokens } = setup();
  const issued = tokens.issueServiceAccountToken({ namespace: 'team', name: 'builder', uid: 'sa-uid-1' });
  assert.equal(issued.expirationTimestamp, '2026-01-01T01:00:00Z', 'default 3600 s');
  const jwt = decodeJwt(issued.token)!;
  assert.deepEqual(jwt.header, { alg: 'RS256', kid: keyId(createPublicKey(rsa.privateKey)) });
  const p = jwt.payload;
  assert.equal(p['iss'], ISSUER);
  assert.equal(p['sub'], 'system:serviceaccount:team:builder');
  assert.deepEqual(p['aud'], [ISSUER]);
  assert.equal(p['iat'], T0.getTime() / 1000);
  assert.equal(p['nbf'], T0.getTime() / 1000);
  assert.equal(p['exp'], T0.getTime() / 1000 + 3600);
  assert.equal(typeof p['jti'], 'string');
  assert.deepEqual(p['kubernetes.io'], { namespace: 'team', serviceaccount: { name: 'builder', uid: 'sa-uid-1' } });

  const result = await tokens.authenticateToken(issued.token);
  assert.equal(result.kind, 'authenticated');
  if (result.kind !== 'authenticated') return;
  assert.equal(result.user.username, 'system:serviceaccount:team:builder');
  assert.equal(result.user.uid, 'sa-uid-1');
  assert.deepEqual(result.user.groups, ['system:serviceaccounts', 'system:serviceaccounts:team']);
  assert.deepEqual(result.user.extra, { 'authentication.kubernetes.io/credential-id': [`JTI=${p['jti']}`] });
  assert.deepEqual(result.audiences, [ISSUER]);
});

test('expiry (with kube\'s 60 s leeway) and the 600 s minimum', async () => {
  const { tokens, advance } = setup();
  const issued = tokens.issueServiceAccountToken({ namespace: 'team', name: 'builder', uid: 'sa-uid-1', expirationSeconds: 600 });
  assert.equal(issued.expirationTimestamp, '2026-01-01T00:10:00Z');
  advance(600 + 59);
  assert.equal((await tokens.authenticateToken(issued.token)).kind, 'authenticated');
  advance(2);
  assert.deepEqual(await tokens.authenticateToken(issued.token), { kind: 'failed', error: 'service account token has expired' });
  assert.throws(
    () => tokens.issueServiceAccountToken({ namespace: 'team', name: 'builder', uid: 'sa-uid-1', expirationSeconds: 599 }),
    (e: unknown) => {
      assert.ok(isStatusError(e));
      assert.equal(e.status.code, 422);
      assert.equal(e.status.message, 'TokenRequest.authentication.k8s.io "builder" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes');
      return true;
    },
  );
});

test('audiences: token must share one with the target; review narrows to the match', async () => {
  const { tokens } = setup();
  const issued = tokens.issueServiceAccountToken({ namespace: 'team', name: 'builder', uid: 'sa-uid-1', audiences: ['vault', 'other'] });
  const api = await tokens.authenticateToken(issued.token);
  assert.deepEqual(api, { kind: 'failed', error: `token audiences ["vault" "other"] is invalid for the target audiences ["${ISSUER}"]` });
  const vault = await tokens.authenticateToken(issued.token, ['vault', 'x']);
  assert.equal(vault.kind, 'authenticated');
  assert.deepEqual(vault.kind === 'authenticated' && vault.audiences, ['vault']);
});

test('a deleted or re-created ServiceAccount invalidates its tokens', async () => {
  const { tokens, accounts } = setup();
  const issued = tokens.issueServiceAccountToken({ namespace: 'team', name: 'builder', uid: 'sa-uid-1' });
  accounts.set('team/builder', { uid: 'sa-uid-2' });
  assert.deepEqual(await tokens.authenticateToken(issued.token), { kind: 'failed', error: 'service account UID (sa-uid-2) does not match claim (sa-uid-1)' });
  accounts.delete('team/builder');
  assert.deepEqual(await tokens.authenticateToken(issued.token), { kind: 'failed', error: 'service account team/builder has been deleted' });
});

test('pod-bound tokens name the pod and die with it', async () => {
  const { tokens, pods } = setup();
  const issued = tokens.issueServiceAccountToken({
    namespace: 'team',
    name: 'builder',
    uid: 'sa-uid-1',
    boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'pod-uid-1' },
  });
  assert.deepEqual((decodeJwt(issued.token)!.payload['kubernetes.io'] as Record<string, unknown>)['pod'], { name: 'web', uid: 'pod-uid-1' });
  const ok = await tokens.authenticateToken(issued.token);
  assert.equal(ok.kind === 'authenticated' && ok.user.extra?.['authentication.kubernetes.io/pod-name']?.[0], 'web');
  pods.delete('team/web');
  assert.deepEqual(await tokens.authenticateToken(issued.token), { kind: 'failed', error: 'pod team/web has been deleted' });
});

test('foreign, forged and malformed tokens', async () => {
  const { tokens } = setup();
  assert.deepEqual(await tokens.authenticateToken('not-a-jwt'), { kind: 'none' });
  const claims = { iss: ISSUER, sub: 'system:serviceaccount:team:builder', aud: [ISSUER], exp: T0.getTime() / 1000 + 100, 'kubernetes.io': { namespace: 'team', serviceaccount: { name: 'builder', uid: 'sa-uid-1' } } };
  assert.deepEqual(await tokens.authenticateToken(signJwt({ ...claims, iss: 'someone-else' }, rsa.privateKey)), { kind: 'none' }, 'another issuer is not ours to judge');
  const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  assert.deepEqual(await tokens.authenticateToken(signJwt(claims, otherKey)), { kind: 'failed', error: 'invalid signature' });
  const good = signJwt(claims, rsa.privateKey);
  const [h, p] = good.split('.');
  const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
  assert.deepEqual(await tokens.authenticateToken(none), { kind: 'failed', error: 'invalid signature' });
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'system:serviceaccount:team:admin' })).toString('base64url')}.${good.split('.')[2]}`;
  assert.deepEqual(await tokens.authenticateToken(tampered), { kind: 'failed', error: 'invalid signature' });
  assert.equal((await tokens.authenticateToken(good)).kind, 'authenticated');
});

test('ES256 keys sign and verify; verification-only servers accept tokens they cannot issue', async () => {
  const signer = setup({ signingKey: ec.privateKey });
  const issued = signer.tokens.issueServiceAccountToken({ namespace: 'team', name: 'builder', uid: 'sa-uid-1' });
  assert.equal(decodeJwt(issued.token)!.header.alg, 'ES256');
  assert.equal((await signer.tokens.authenticateToken(issued.token)).kind, 'authenticated');
  const verifier = setup({ signingKey: undefined, verificationKeys: [ec.publicKey] });
  assert.equal((await verifier.tokens.authenticateToken(issued.token)).kind, 'authenticated');
  assert.throws(() => verifier.tokens.issueServiceAccountToken({ namespace: 'team', name: 'builder', uid: 'sa-uid-1' }), /signing key/);
  const rsaOnly = setup({ signingKey: undefined, verificationKeys: [rsa.publicKey] });
  assert.equal((await rsaOnly.tokens.authenticateToken(issued.token)).kind, 'failed');
});

test('data-directory key pair is created once and loads as signing and verification keys', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-sa-'));
  try {
    const files = await ensureServiceAccountKeyFiles(dir);
    const first = await readFile(files.privateKeyPath, 'utf8');
    await ensureServiceAccountKeyFiles(dir);
    assert.equal(await readFile(files.privateKeyPath, 'utf8'), first, 'not regenerated');
    const signingKey = await loadSigningKey(files.privateKeyPath);
    const verificationKeys = await loadPublicKeys([files.publicKeyPath, files.privateKeyPath]);
    assert.equal(verificationKeys.length, 2);
    const signer = setup({ signingKey });
    const verifier = setup({ signingKey: undefined, verificationKeys });
    const issued = signer.tokens.issueServiceAccountToken({ namespace: 'team', name: 'builder', uid: 'sa-uid-1' });
    assert.equal((await verifier.tokens.authenticateToken(issued.token)).kind, 'authenticated');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
