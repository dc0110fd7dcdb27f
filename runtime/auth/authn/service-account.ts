// Service-account tokens: issuing (the serviceaccounts/token subresource) and verifying.
// Claims are kube's bound-token claims (wire facts): iss, sub, aud, exp, iat, nbf, jti and the
// private "kubernetes.io" claim naming the namespace, service account and bound object.
// A token stops working when its ServiceAccount (or bound object) is gone or has a new uid.
import { randomUUID, createPublicKey, type KeyObject } from 'node:crypto';
import { statusErrors, type StatusError } from '../../errors/index.js';
import type { UserInfo } from '../../registry/index.js';
import { serviceAccountUsername } from '../rbac/index.js';
import { decodeJwt, keyId, signJwt, verifyJwtSignature } from './jwt.js';
import { ALL_SERVICE_ACCOUNTS, NONE, type AuthnResult, type TokenAuthenticator } from './types.js';

export const MIN_EXPIRATION_SECONDS = 600;
export const DEFAULT_EXPIRATION_SECONDS = 3600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
// go-jose's default clock skew allowance, which kube's validator inherits.
const LEEWAY_SECONDS = 60;

export type BoundObjectKind = 'Pod' | 'Secret' | 'Node';

export interface BoundObjectRef {
  readonly kind: BoundObjectKind;
  readonly apiVersion?: string;
  readonly name: string;
  readonly uid: string;
}

export interface TokenRequestInput {
  readonly namespace: string;
  readonly name: string;
  /** The ServiceAccount's uid. */
  readonly uid: string;
  /** Defaults to the API audiences. */
  readonly audiences?: readonly string[];
  readonly expirationSeconds?: number;
  readonly boundObjectRef?: BoundObjectRef;
}

export interface IssuedToken {
  readonly token: string;
  /** RFC 3339, seconds precision (TokenRequest status.expirationTimestamp). */
  readonly expirationTimestamp: string;
}

export type ObjectLookup = (namespace: string, name: string) => Promise<{ readonly uid: string } | null>;

export interface ServiceAccountTokenOptions {
  /** --service-account-issuer: the `iss` of issued tokens; the first accepted issuer. */
  readonly issuer: string;
  /** More issuers whose tokens are accepted (kube accepts every --service-account-issuer). */
  readonly acceptedIssuers?: readonly string[];
  /** --api-audiences; defaults to [issuer], as kube does. */
  readonly apiAudiences?: readonly string[];
  /** Private key; without it the server verifies but cannot issue. */
  readonly signingKey?: KeyObject;
  /** Public keys accepted for verification; the signing key's public half is always included. */
  readonly verificationKeys?: readonly KeyObject[];
  readonly lookupServiceAccount: ObjectLookup;
  /** Looks up bound objects; namespace is "" for Nodes. Without it bound objects are not checked. */
  readonly lookupBoundObject?: (kind: BoundObjectKind, namespace: string, name: string) => Promise<{ readonly uid: string } | null>;
  readonly now?: () => Date;
}

export interface ServiceAccountTokens extends TokenAuthenticator {
  issueServiceAccountToken(input: TokenRequestInput): IssuedToken;
  readonly apiAudiences: readonly string[];
}

interface KubernetesClaim {
  namespace: string;
  serviceaccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  secret?: { name: string; uid: string };
  node?: { name: string; uid: string };
}

export function createServiceAccountTokens(options: ServiceAccountTokenOptions): ServiceAccountTokens {
  const now = options.now ?? (() => new Date());
  const issuers = new Set([options.issuer, ...(options.acceptedIssuers ?? [])]);
  const apiAudiences = options.apiAudiences && options.apiAudiences.length > 0 ? [...options.apiAudiences] : [options.issuer];
  const signingPublic = options.signingKey ? createPublicKey(options.signingKey) : undefined;
  const keys = [...(signingPublic ? [signingPublic] : []), ...(options.verificationKeys ?? [])];
  const kid = signingPublic ? keyId(signingPublic) : undefined;

  function issueServiceAccountToken(input: TokenRequestInput): IssuedToken {
    if (!options.signingKey) throw statusErrors.internalError(new Error('no service account signing key is configured'));
    const expirationSeconds = input.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    const invalid = validateExpiration(input.name, expirationSeconds);
    if (invalid) throw invalid;
    const audiences = input.audiences && input.audiences.length > 0 ? [...input.audiences] : apiAudiences;
    const iat = Math.floor(now().getTime() / 1000);
    const exp = iat + expirationSeconds;
    const claim: KubernetesClaim = {
      namespace: input.namespace,
      serviceaccount: { name: input.name, uid: input.uid },
    };
    const bound = input.boundObjectRef;
    if (bound) {
      const ref = { name: bound.name, uid: bound.uid };
      if (bound.kind === 'Pod') claim.pod = ref;
      else if (bound.kind === 'Secret') claim.secret = ref;
      else claim.node = ref;
    }
    const payload = {
      aud: audiences,
      exp,
      iat,
      iss: options.issuer,
      jti: randomUUID(),
      'kubernetes.io': claim,
      nbf: iat,
      sub: serviceAccountUsername(input.namespace, input.name),
    };
    return {
      token: signJwt(payload, options.signingKey, kid),
      expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }

  async function authenticateToken(token: string, audiences?: readonly string[]): Promise<AuthnResult> {
    const jwt = decodeJwt(token);
    // Not a JWT, or not one of ours: another token authenticator may know it.
    if (!jwt || typeof jwt.payload['iss'] !== 'string' || !issuers.has(jwt.payload['iss'])) return NONE;
    if (!verifyJwtSignature(jwt, keys)) return failed('invalid signature');
    const claims = jwt.payload;
    const nowSeconds = now().getTime() / 1000;
    const exp = claims['exp'];
    if (typeof exp !== 'number') return failed('token has no expiry');
    if (nowSeconds > exp + LEEWAY_SECONDS) return failed('service account token has expired');
    const nbf = claims['nbf'];
    if (typeof nbf === 'number' && nowSeconds < nbf - LEEWAY_SECONDS) return failed('service account token is not valid yet');
    const iat = claims['iat'];
    if (typeof iat === 'number' && nowSeconds < iat - LEEWAY_SECONDS) return failed('service account token issued in the future');

    const tokenAudiences = audienceList(claims['aud']);
    const wanted = audiences && audiences.length > 0 ? audiences : apiAudiences;
    const matched = wanted.filter((a) => tokenAudiences.includes(a));
    if (matched.length === 0) {
      return failed(`token audiences ${goList(tokenAudiences)} is invalid for the target audiences ${goList(wanted)}`);
    }

    const k8s = kubernetesClaim(claims['kubernetes.io']);
    if (!k8s) return failed('token lacks the kubernetes.io claim');
    const sub = claims['sub'];
    if (sub !== serviceAccountUsername(k8s.namespace, k8s.serviceaccount.name)) return failed('sub does not match the kubernetes.io claim');

    const sa = await options.lookupServiceAccount(k8s.namespace, k8s.serviceaccount.name);
    if (!sa) return failed(`service account ${k8s.namespace}/${k8s.serviceaccount.name} has been deleted`);
    if (sa.uid !== k8s.serviceaccount.uid) {
      return failed(`service account UID (${sa.uid}) does not match claim (${k8s.serviceaccount.uid})`);
    }
    const extra: Record<string, string[]> = {};
    const boundError = await checkBound(k8s, extra);
    if (boundError) return failed(boundError);
    if (typeof claims['jti'] === 'string' && claims['jti']) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${claims['jti']}`];

    const user: UserInfo = {
      username: sub,
      uid: k8s.serviceaccount.uid,
      groups: [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${k8s.namespace}`],
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    };
    return { kind: 'authenticated', user, audiences: matched };
  }

  async function checkBound(k8s: KubernetesClaim, extra: Record<string, string[]>): Promise<string | null> {
    const lookup = options.lookupBoundObject;
    if (k8s.pod) {
      extra['authentication.kubernetes.io/pod-name'] = [k8s.pod.name];
      extra['authentication.kubernetes.io/pod-uid'] = [k8s.pod.uid];
      if (lookup) {
        const pod = await lookup('Pod', k8s.namespace, k8s.pod.name);
        if (!pod) return `pod ${k8s.namespace}/${k8s.pod.name} has been deleted`;
        if (pod.uid !== k8s.pod.uid) return `pod UID (${pod.uid}) does not match claim (${k8s.pod.uid})`;
      }
    }
    if (k8s.secret && lookup) {
      const secret = await lookup('Secret', k8s.namespace, k8s.secret.name);
      if (!secret) return `secret ${k8s.namespace}/${k8s.secret.name} has been deleted`;
      if (secret.uid !== k8s.secret.uid) return `secret UID (${secret.uid}) does not match claim (${k8s.secret.uid})`;
    }
    if (k8s.node) {
      extra['authentication.kubernetes.io/node-name'] = [k8s.node.name];
      extra['authentication.kubernetes.io/node-uid'] = [k8s.node.uid];
      if (lookup) {
        const node = await lookup('Node', '', k8s.node.name);
        if (!node) return `node ${k8s.node.name} has been deleted`;
        if (node.uid !== k8s.node.uid) return `node UID (${node.uid}) does not match claim (${k8s.node.uid})`;
      }
    }
    return null;
  }

  return { issueServiceAccountToken, authenticateToken, apiAudiences };
}

/** kube's TokenRequest validation of spec.expirationSeconds. */
export function validateExpiration(name: string, expirationSeconds: number): StatusError | null {
  let detail: string | null = null;
  if (!Number.isInteger(expirationSeconds)) detail = 'must be an integer';
  else if (expirationSeconds < MIN_EXPIRATION_SECONDS) detail = 'may not specify a duration less than 10 minutes';
  else if (expirationSeconds > MAX_EXPIRATION_SECONDS) detail = 'may not specify a duration larger than 2^32 seconds';
  if (detail === null) return null;
  return statusErrors.invalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, name, [
    { type: 'FieldValueInvalid', field: 'spec.expirationSeconds', badValue: expirationSeconds, detail },
  ]);
}

function failed(error: string): AuthnResult {
  return { kind: 'failed', error };
}

function audienceList(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

function goList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

function kubernetesClaim(value: unknown): KubernetesClaim | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const sa = v['serviceaccount'] as Record<string, unknown> | undefined;
  if (typeof v['namespace'] !== 'string' || !v['namespace'] || !sa || typeof sa['name'] !== 'string' || typeof sa['uid'] !== 'string') {
    return null;
  }
  const out: KubernetesClaim = { namespace: v['namespace'], serviceaccount: { name: sa['name'], uid: sa['uid'] } };
  for (const kind of ['pod', 'secret', 'node'] as const) {
    const ref = v[kind] as Record<string, unknown> | undefined;
    if (ref && typeof ref['name'] === 'string' && typeof ref['uid'] === 'string') out[kind] = { name: ref['name'], uid: ref['uid'] };
  }
  return out;
}
