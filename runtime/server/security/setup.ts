// Everything the server needs to authenticate and authorize, built from the options before
// resources are installed (the access reviews and escalation checks are handlers), then
// started over the installed RBAC stores: bootstrap policy written, RbacStore fed and synced.
import { readFile } from 'node:fs/promises';
import {
  createAuthentication,
  createAuthorizer,
  createServiceAccountTokens,
  installBootstrapPolicy,
  loadTokenFile,
  RbacStore,
  tokenFileAuthenticator,
  type Authentication,
  type BoundObjectKind,
  type TokenAuthenticator,
} from '../../auth/index.js';
import type { GeneratedResource } from '../../api/index.js';
import type { ApiObject, ResourceHandlers } from '../../endpoints/resource-handlers.js';
import type { RegistryStore } from '../../registry/index.js';
import { isStorageError } from '../../storage/index.js';
import { accessReviewHandlers } from '../../resources/authorization/index.js';
import { authenticationReviewHandlers, tokenRequestHandlers } from '../../resources/authentication/index.js';
import { guardEscalation, isEscalationGuarded } from '../../resources/rbac/escalation-guard.js';
import type { HealthCheck } from '../core/health.js';
import type { ResourceInstaller } from '../core/install-resources.js';
import { filterChain, type RequestFilters } from '../filters/index.js';
import { DEFAULT_SERVICE_ACCOUNT_ISSUER, type ServerOptions } from '../options.js';
import { reconcileBootstrapPolicy } from './bootstrap-policy.js';
import { loadServiceAccountKeys } from './keys.js';
import { withPrivilegedGroup } from './privileged.js';
import { feedRbacStore, type RbacFeed, type RbacStores } from './rbac-feed.js';

export const BOOTSTRAP_ROLES_CHECK = 'poststarthook/rbac/bootstrap-roles';

export interface Security {
  readonly filters: RequestFilters;
  readonly authentication: Authentication;
  /** Handlers of the storage-less review kinds, by group/plural (ResourceInstaller's virtualHandlers). */
  readonly virtualHandlers: ReadonlyMap<string, ResourceHandlers>;
  /** ResourceInstaller's wrapHandlers: escalation checks and serviceaccounts/token. */
  wrapHandlers(generated: GeneratedResource, store: RegistryStore<ApiObject>, handlers: ResourceHandlers): ResourceHandlers;
  /** Passes once the bootstrap policy is written and the authorizer has read every RBAC object. */
  readonly readiness: HealthCheck;
  /** Writes the bootstrap policy and feeds the RbacStore; resolves when both are done. */
  start(installer: ResourceInstaller): Promise<void>;
  stop(): Promise<void>;
}

export interface SecurityConfig {
  readonly options: ServerOptions;
  readonly onError: (err: unknown) => void;
}

export async function prepareSecurity(config: SecurityConfig): Promise<Security> {
  const o = config.options;
  const rbacStore = new RbacStore();
  const modes = o.authorizationModes && o.authorizationModes.length > 0 ? o.authorizationModes : ['RBAC' as const];
  const configured = createAuthorizer(modes, rbacStore);
  const authz = { ...configured, authorizer: withPrivilegedGroup(configured.authorizer) };

  let installer: ResourceInstaller | null = null;
  const storeOf = (group: string, plural: string) => installer?.get(group, 'v1', plural)?.store ?? undefined;
  const lookup = async (store: RegistryStore<ApiObject> | undefined, namespace: string, name: string) => {
    if (!store) return null;
    try {
      const obj = await store.get(name, namespace ? { namespace } : {});
      return { uid: obj.metadata?.uid ?? '' };
    } catch (err) {
      if ((err as { reason?: unknown }).reason === 'NotFound' || isStorageError(err, 'NotFound')) return null;
      throw err;
    }
  };
  const boundStore = (kind: BoundObjectKind) => storeOf('', kind === 'Pod' ? 'pods' : kind === 'Secret' ? 'secrets' : 'nodes');

  const keys = await loadServiceAccountKeys({
    ...(o.dataDir ? { dataDir: o.dataDir } : {}),
    ...(o.serviceAccountSigningKeyFile ? { signingKeyFile: o.serviceAccountSigningKeyFile } : {}),
    ...(o.serviceAccountKeyFiles ? { keyFiles: o.serviceAccountKeyFiles } : {}),
  });
  const issuers = o.serviceAccountIssuers && o.serviceAccountIssuers.length > 0 ? o.serviceAccountIssuers : [DEFAULT_SERVICE_ACCOUNT_ISSUER];
  const saTokens = createServiceAccountTokens({
    issuer: issuers[0]!,
    acceptedIssuers: issuers.slice(1),
    ...(o.apiAudiences ? { apiAudiences: o.apiAudiences } : {}),
    signingKey: keys.signingKey,
    verificationKeys: keys.verificationKeys,
    lookupServiceAccount: (namespace, name) => lookup(storeOf('', 'serviceaccounts'), namespace, name),
    lookupBoundObject: (kind, namespace, name) => lookup(boundStore(kind), namespace, name),
  });

  const tokens: TokenAuthenticator[] = [];
  if (o.tokenAuthFile) {
    const parsed = await loadTokenFile(o.tokenAuthFile);
    for (const warning of parsed.warnings) config.onError(new Error(`--token-auth-file: ${warning}`));
    tokens.push(tokenFileAuthenticator(parsed.entries));
  }
  tokens.push(saTokens);
  const authentication = createAuthentication({ x509: true, tokens, anonymous: o.anonymousAuth !== false });

  const reviewDeps = { authorizer: authz.authorizer, ...(authz.rbac ? { rbac: authz.rbac } : {}), alwaysAllow: modes.includes('AlwaysAllow') };
  const virtualHandlers = new Map([...accessReviewHandlers(reviewDeps), ...authenticationReviewHandlers(authentication)]);

  let feed: RbacFeed | null = null;
  let ready = false;
  return {
    filters: filterChain({ authentication, authorizer: authz.authorizer }),
    authentication,
    virtualHandlers,
    wrapHandlers(generated, store, handlers) {
      const d = generated.descriptor;
      if (d.group === '' && d.plural === 'serviceaccounts') {
        const token = tokenRequestHandlers({ tokens: saTokens, serviceAccounts: store, boundStore });
        return { ...handlers, subresources: { ...handlers.subresources, token } };
      }
      if (authz.rbac && isEscalationGuarded(d.group, d.plural)) {
        return guardEscalation(d.plural, handlers, { authorizer: authz.authorizer, rbac: authz.rbac, source: rbacStore });
      }
      return handlers;
    },
    readiness: {
      name: BOOTSTRAP_ROLES_CHECK,
      check: () => (ready ? Promise.resolve() : Promise.reject(new Error('not finished'))),
    },
    async start(installed) {
      installer = installed;
      const stores = rbacStoresOf(installed);
      if (!stores) {
        // A server without the RBAC resources still authorizes by the bootstrap policy.
        installBootstrapPolicy(rbacStore);
        ready = true;
        return;
      }
      await reconcileBootstrapPolicy(stores);
      feed = feedRbacStore(stores, rbacStore, config.onError);
      await feed.synced();
      ready = true;
    },
    async stop() {
      await feed?.stop();
    },
  };
}

function rbacStoresOf(installer: ResourceInstaller): RbacStores | null {
  const get = (plural: string) => installer.get('rbac.authorization.k8s.io', 'v1', plural)?.store ?? null;
  const roles = get('roles');
  const roleBindings = get('rolebindings');
  const clusterRoles = get('clusterroles');
  const clusterRoleBindings = get('clusterrolebindings');
  if (!roles || !roleBindings || !clusterRoles || !clusterRoleBindings) return null;
  return { roles, roleBindings, clusterRoles, clusterRoleBindings };
}

/** The CA bundle client certificates are verified against: the server's own plus --client-ca-file. */
export async function clientCaBundle(serverCaPem: string, clientCaFile: string | undefined): Promise<string> {
  if (!clientCaFile) return serverCaPem;
  const extra = await readFile(clientCaFile, 'utf8');
  return `${serverCaPem.trimEnd()}\n${extra.trimEnd()}\n`;
}
