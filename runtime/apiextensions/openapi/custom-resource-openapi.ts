// customResourceOpenApi: the OpenAPI v3 fragment of each served version of a CRD (what
// /openapi/v3/apis/<group>/<version> gains from it) and its Swagger 2.0 fragment (what
// /openapi/v2 gains). Pure: the same CRD gives the same fragments and the same revision.
import { createHash } from 'node:crypto';
import { isEstablished, type CustomResourceDefinitionLike } from './crd.js';
import { isObject, type JsonObject } from './json.js';
import { kindSchema, listSchema, type KindNames } from './kind-schema.js';
import { definitionName } from './names.js';
import { renderPaths } from './render-paths.js';
import { customResourceRoutes } from './routes.js';

export interface OpenApiV3Fragment {
  /** Keyed by full path, e.g. /apis/example.com/v1/namespaces/{namespace}/widgets. */
  readonly paths: Readonly<Record<string, JsonObject>>;
  /** components.schemas entries; $refs to io.k8s.* meta types are left for the document to supply. */
  readonly schemas: Readonly<Record<string, JsonObject>>;
}

export interface OpenApiV2Fragment {
  readonly paths: Readonly<Record<string, JsonObject>>;
  readonly definitions: Readonly<Record<string, JsonObject>>;
}

export interface CustomResourceVersionOpenApi {
  readonly group: string;
  readonly version: string;
  /** The document's key under /openapi/v3: `apis/<group>/<version>`. */
  readonly documentPath: string;
  readonly v3: OpenApiV3Fragment;
  readonly v2: OpenApiV2Fragment;
}

export interface CustomResourceOpenApi {
  /** The CRD's name (metadata.name, or plural.group when unnamed). */
  readonly name: string;
  /** A digest of the fragments: equal revisions mean equal documents. */
  readonly revision: string;
  /** Served versions only; empty while the CRD is not Established. */
  readonly versions: readonly CustomResourceVersionOpenApi[];
}

export function customResourceOpenApi(crd: CustomResourceDefinitionLike): CustomResourceOpenApi {
  const { spec } = crd;
  const name = crd.metadata?.name ?? `${spec.names.plural}.${spec.group}`;
  const versions: CustomResourceVersionOpenApi[] = [];
  if (isEstablished(crd)) {
    for (const v of spec.versions) {
      if (!v.served) continue;
      const names: KindNames = {
        group: spec.group,
        version: v.name,
        kind: spec.names.kind,
        listKind: spec.names.listKind ?? `${spec.names.kind}List`,
        plural: spec.names.plural,
      };
      const schema = v.schema?.openAPIV3Schema;
      const input = {
        names,
        schema: isObject(schema) ? schema : undefined,
        preserveUnknownFields: spec.preserveUnknownFields === true,
        selectableFields: (v.selectableFields ?? []).map((f) => f.jsonPath),
      };
      const routes = customResourceRoutes({ names, namespaced: spec.scope === 'Namespaced', status: v.subresources?.status !== undefined, scale: v.subresources?.scale !== undefined });
      const kindName = definitionName(names.group, names.version, names.kind);
      const listName = definitionName(names.group, names.version, names.listKind);
      versions.push({
        group: names.group,
        version: names.version,
        documentPath: `apis/${names.group}/${names.version}`,
        v3: { paths: renderPaths('v3', names, routes), schemas: { [kindName]: kindSchema(input, 'v3'), [listName]: listSchema(names, 'v3') } },
        v2: { paths: renderPaths('v2', names, routes), definitions: { [kindName]: kindSchema(input, 'v2'), [listName]: listSchema(names, 'v2') } },
      });
    }
  }
  const revision = createHash('sha256').update(JSON.stringify(versions)).digest('hex').slice(0, 32);
  return { name, revision, versions };
}
