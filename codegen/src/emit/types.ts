// types.ts per folder. openapi-typescript translates each schema to a TypeScript type; its
// whole-document output (`components["schemas"]["io.k8s..."]`) cannot be imported by name,
// so each translated schema becomes a named export here and references are rewritten to
// those names.
import ts from 'typescript';
import { astToString, transformSchemaObject, type GlobalContext, type SchemaObject } from 'openapi-typescript';
import type { ApiModel, NamedSchema, SchemaNode } from '../model/index.js';
import { folderAlias } from '../model/index.js';
import { importPath } from './paths.js';

const REF_PREFIX = '#/components/schemas/';

type Obj = Record<string, unknown>;

/** IR -> the OpenAPI 3 schema object openapi-typescript reads. */
function toOpenApi(node: SchemaNode, named?: NamedSchema): Obj {
  if (node.ref !== undefined) {
    const ref: Obj = { $ref: REF_PREFIX + node.ref };
    return node.description ? { allOf: [ref], description: node.description } : ref;
  }
  const out: Obj = {};
  if (node.description) out['description'] = node.description;
  if (node.unionTypes) out['oneOf'] = node.unionTypes.map((t) => ({ type: t }));
  else if (node.type) out['type'] = node.type;
  if (node.format) out['format'] = node.format;
  if (node.enum) out['enum'] = node.enum;
  if (node.nullable) out['nullable'] = true;
  if (node.properties) {
    const props: Obj = {};
    for (const [k, v] of node.properties) props[k] = toOpenApi(v);
    // A kind with exactly one group/version/kind gets literal apiVersion and kind.
    const gvk = named && named.gvks.length === 1 ? named.gvks[0]! : undefined;
    if (gvk && node.properties.get('apiVersion')?.type === 'string' && node.properties.get('kind')?.type === 'string') {
      props['apiVersion'] = { ...(props['apiVersion'] as Obj), enum: [gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`] };
      props['kind'] = { ...(props['kind'] as Obj), enum: [gvk.kind] };
    }
    out['properties'] = props;
  }
  if (node.required && node.required.length > 0) out['required'] = [...node.required];
  if (node.additionalProperties === true || node.preserveUnknownFields) out['additionalProperties'] = true;
  else if (node.additionalProperties) out['additionalProperties'] = toOpenApi(node.additionalProperties);
  if (node.items) out['items'] = toOpenApi(node.items);
  return out;
}

function makeContext(): GlobalContext {
  return {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: false,
    discriminators: { objects: {}, refsHandled: [] },
    emptyObjectsUnknown: true,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    // Only consulted for discriminators and path items, which schemas here never have.
    redoc: {} as GlobalContext['redoc'],
    silent: true,
    transform: undefined,
    transformProperty: undefined,
    resolve: () => undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
  };
}

const REF_RE = /components\["schemas"\]\["([^"]+)"\]/g;

export function emitTypes(model: ApiModel, folder: string, fileName: string): string | undefined {
  const own = [...model.schemas.values()].filter((s) => s.folder === folder);
  if (own.length === 0) return undefined;
  const ctx = makeContext();
  const imports = new Map<string, string>();
  const decls: string[] = [];
  for (const s of own) {
    const typeNode = transformSchemaObject(toOpenApi(s.node, s) as SchemaObject, { path: `${REF_PREFIX}${s.name}`, ctx });
    let text = astToString(typeNode as ts.Node).trim();
    text = text.replace(REF_RE, (_m, name: string) => {
      const target = model.schemas.get(name);
      if (!target) return 'unknown';
      if (target.folder === folder) return target.tsName;
      const alias = folderAlias(target.folder);
      imports.set(alias, importPath(fileName, `${target.folder}/types.ts`));
      return `${alias}.${target.tsName}`;
    });
    const doc = s.node.description ? `/** ${s.node.description.replace(/\*\//g, '*\\/').split('\n').join('\n * ')} */\n` : '';
    decls.push(ts.isTypeLiteralNode(typeNode) ? `${doc}export interface ${s.tsName} ${text}` : `${doc}export type ${s.tsName} = ${text};`);
  }
  const importLines = [...imports.keys()].sort().map((alias) => `import type * as ${alias} from '${imports.get(alias)}';`);
  return [...importLines, ...(importLines.length ? [''] : []), decls.join('\n\n'), ''].join('\n');
}
