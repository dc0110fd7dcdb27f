// serviceaccounts/token (TokenRequest, `kubectl create token`): a signed, bound token for an
// existing ServiceAccount. The token names the account's uid, so deleting the account (or
// recreating it under the same name) makes it stop authenticating.
import type { BoundObjectKind, ServiceAccountTokens } from '../../auth/index.js';
import type { ApiObject, SubresourceHandlers } from '../../endpoints/resource-handlers.js';
import { statusErrors } from '../../errors/index.js';
import type { RegistryStore } from '../../registry/index.js';

type TokenRequest = ApiObject & {
  spec?: {
    audiences?: string[];
    expirationSeconds?: number;
    boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
  };
};

const BOUND_KINDS: readonly BoundObjectKind[] = ['Pod', 'Secret', 'Node'];
const GK = { group: 'authentication.k8s.io', kind: 'TokenRequest' };

export interface TokenRequestDeps {
  readonly tokens: ServiceAccountTokens;
  readonly serviceAccounts: RegistryStore<ApiObject>;
  /** The store of a bound object's kind, to check it exists and read its uid. */
  readonly boundStore?: (kind: BoundObjectKind) => RegistryStore<ApiObject> | undefined;
}

export function tokenRequestHandlers(deps: TokenRequestDeps): SubresourceHandlers {
  return {
    create: async (name, obj, opts) => {
      const request = obj as TokenRequest;
      const namespace = opts.namespace ?? '';
      if (request.metadata?.name && request.metadata.name !== name) {
        throw statusErrors.badRequest(`the name of the object (${request.metadata.name}) does not match the name on the URL (${name})`);
      }
      const sa = await deps.serviceAccounts.get(name, { namespace });
      const spec = request.spec ?? {};
      const ref = spec.boundObjectRef;
      let boundObjectRef: { kind: BoundObjectKind; apiVersion?: string; name: string; uid: string } | undefined;
      if (ref) {
        const kind = ref.kind as BoundObjectKind;
        if (!BOUND_KINDS.includes(kind)) {
          throw statusErrors.invalid(GK, name, [{ type: 'FieldValueNotSupported', field: 'spec.boundObjectRef.kind', badValue: ref.kind ?? '', detail: 'supported values: "Pod", "Secret", "Node"' }]);
        }
        const store = deps.boundStore?.(kind);
        if (!store) throw statusErrors.badRequest(`cannot bind token to a ${kind}: the resource is not served`);
        const bound = await store.get(ref.name ?? '', kind === 'Node' ? {} : { namespace });
        const uid = bound.metadata?.uid ?? '';
        if (ref.uid && ref.uid !== uid) {
          throw statusErrors.conflict(
            { group: '', resource: `${kind.toLowerCase()}s` },
            ref.name ?? '',
            `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
          );
        }
        boundObjectRef = { kind, ...(ref.apiVersion ? { apiVersion: ref.apiVersion } : {}), name: ref.name ?? '', uid };
      }
      const issued = deps.tokens.issueServiceAccountToken({
        namespace,
        name,
        uid: sa.metadata?.uid ?? '',
        ...(spec.audiences && spec.audiences.length > 0 ? { audiences: spec.audiences } : {}),
        ...(spec.expirationSeconds !== undefined ? { expirationSeconds: spec.expirationSeconds } : {}),
        ...(boundObjectRef ? { boundObjectRef } : {}),
      });
      const answered = {
        metadata: { name, namespace, creationTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') },
        spec: {
          audiences: spec.audiences && spec.audiences.length > 0 ? spec.audiences : [...deps.tokens.apiAudiences],
          expirationSeconds: spec.expirationSeconds ?? 3600,
          boundObjectRef: boundObjectRef ?? null,
        },
        status: { token: issued.token, expirationTimestamp: issued.expirationTimestamp },
      };
      return { object: answered as unknown as ApiObject, warnings: [] };
    },
  };
}
