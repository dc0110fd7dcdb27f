// Resources from paths: kube-apiserver's URL layout plus x-kubernetes-action and
// x-kubernetes-group-version-kind say plural, scope, verbs and subresources.
import { pointerOf, type SpecProblem } from '../errors.js';
import { followPointer, splitRef, type LoadedSpecs, type SpecDocument } from '../load/index.js';
import { folderOfGroupVersion, type GroupVersionKind, type NamedSchema, type Resource, type Subresource, type Verb } from './ir.js';
import { collectFields } from './fields.js';
import { parseGvks } from './schemas.js';
import { refName } from './schema-node.js';

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

const ACTION_VERBS: Record<string, Verb | undefined> = {
  get: 'get',
  list: 'list',
  post: 'create',
  put: 'update',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
  watch: 'watch',
  watchlist: 'watch',
};

interface SubAcc {
  verbs: Set<string>;
  kind: GroupVersionKind;
  requestKind?: GroupVersionKind;
  responseKind?: GroupVersionKind;
}

interface ResourceAcc {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  kind?: GroupVersionKind;
  kindAt?: { file: string; pointer: string };
  verbs: Set<Verb>;
  subs: Map<string, SubAcc>;
  listSchema?: string;
  sources: Set<string>;
  firstAt: { file: string; pointer: string };
}

export interface ParsedPath {
  readonly group: string;
  readonly version: string;
  readonly namespaced: boolean;
  readonly plural: string;
  readonly named: boolean;
  readonly subresource: string;
}

/** `/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale` -> its parts; undefined if not a resource path. */
export function parsePath(path: string): ParsedPath | undefined {
  let m = /^\/api\/([^/]+)\/(.+)$/.exec(path);
  let group = '';
  let version: string;
  let rest: string;
  if (m) {
    version = m[1]!;
    rest = m[2]!;
  } else {
    m = /^\/apis\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
    if (!m) return undefined;
    group = m[1]!;
    version = m[2]!;
    rest = m[3]!;
  }
  let segs = rest.split('/').filter((s) => s !== '');
  if (segs[0] === 'watch') segs = segs.slice(1);
  let namespaced = false;
  if (segs[0] === 'namespaces' && segs[1] === '{namespace}' && segs.length > 2) {
    namespaced = true;
    segs = segs.slice(2);
  }
  const plural = segs[0];
  if (plural === undefined || plural.startsWith('{')) return undefined;
  const nameSeg = segs[1];
  if (nameSeg !== undefined && !/^\{[^}]+\}$/.test(nameSeg)) return undefined;
  const subresource = segs
    .slice(2)
    .filter((s) => !s.startsWith('{'))
    .join('/');
  return { group, version, namespaced, plural, named: nameSeg !== undefined, subresource };
}

function sameGvk(a: GroupVersionKind, b: GroupVersionKind): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

/** Name of the named schema in a `{schema: {$ref}}` holder, resolving `$ref`ed holders first. */
function schemaRefOf(holder: unknown, doc: SpecDocument, specs: LoadedSpecs, problems: SpecProblem[], at: string): string | undefined {
  let node = holder;
  let from = doc;
  for (let hops = 0; isRaw(node) && typeof node['$ref'] === 'string' && hops < 8; hops++) {
    const t = splitRef(node['$ref'], from);
    const d = specs.byPath.get(t.path);
    if (!d) return undefined;
    if (/^\/(?:components\/schemas|definitions)\//.test(t.pointer)) break;
    node = followPointer(d.root, t.pointer);
    from = d;
  }
  if (!isRaw(node)) return undefined;
  let schema: unknown = node;
  if ('schema' in node) schema = node['schema'];
  else if (isRaw(node['content'])) {
    const media = Object.keys(node['content']).sort()[0];
    const mt = media === undefined ? undefined : node['content'][media];
    schema = isRaw(mt) ? mt['schema'] : undefined;
  } else if (typeof node['$ref'] !== 'string') return undefined;
  if (!isRaw(schema) || typeof schema['$ref'] !== 'string') return undefined;
  return refName(schema['$ref'], { doc: from, byPath: specs.byPath, problems }, at);
}

function requestSchema(op: Raw, doc: SpecDocument, specs: LoadedSpecs, problems: SpecProblem[], at: string): string | undefined {
  if (op['requestBody'] !== undefined) return schemaRefOf(op['requestBody'], doc, specs, problems, `${at}/requestBody`);
  const params = Array.isArray(op['parameters']) ? op['parameters'] : [];
  for (const [i, p] of params.entries()) {
    let param: unknown = p;
    if (isRaw(p) && typeof p['$ref'] === 'string') {
      const t = splitRef(p['$ref'], doc);
      const d = specs.byPath.get(t.path);
      param = d ? followPointer(d.root, t.pointer) : undefined;
    }
    if (isRaw(param) && param['in'] === 'body') return schemaRefOf(param, doc, specs, problems, `${at}/parameters/${i}`);
  }
  return undefined;
}

function responseSchema(op: Raw, doc: SpecDocument, specs: LoadedSpecs, problems: SpecProblem[], at: string): string | undefined {
  const responses = op['responses'];
  if (!isRaw(responses)) return undefined;
  for (const code of ['200', '201', '202']) {
    if (responses[code] !== undefined) return schemaRefOf(responses[code], doc, specs, problems, `${at}/responses/${code}`);
  }
  return undefined;
}

function kindOfSchema(name: string | undefined, schemas: ReadonlyMap<string, NamedSchema>): GroupVersionKind | undefined {
  const s = name === undefined ? undefined : schemas.get(name);
  return s && s.gvks.length === 1 ? s.gvks[0] : undefined;
}

export function buildResources(specs: LoadedSpecs, schemas: ReadonlyMap<string, NamedSchema>, problems: SpecProblem[]): Resource[] {
  const accs = new Map<string, ResourceAcc>();
  for (const doc of specs.documents) {
    const paths = doc.root['paths'];
    if (!isRaw(paths)) continue;
    for (const path of Object.keys(paths).sort()) {
      const item = paths[path];
      if (!isRaw(item)) continue;
      for (const method of METHODS) {
        const op = item[method];
        if (!isRaw(op) || op['x-kubernetes-action'] === undefined) continue;
        const at = `${pointerOf('paths', path, method)}`;
        const where = { file: doc.displayName, pointer: at };
        const action = String(op['x-kubernetes-action']);
        const gvks = parseGvks(op['x-kubernetes-group-version-kind']);
        if (!gvks || gvks.length !== 1) {
          problems.push({ ...where, message: `operation has x-kubernetes-action ${JSON.stringify(action)} but no x-kubernetes-group-version-kind: a resource without a kind` });
          continue;
        }
        const gvk = gvks[0]!;
        const parsed = parsePath(path);
        if (!parsed) {
          problems.push({ ...where, message: 'not a resource path: expected /api/<version>/... or /apis/<group>/<version>/<plural>[/{name}[/<subresource>]]' });
          continue;
        }
        const key = `${parsed.group}/${parsed.version}/${parsed.plural}`;
        let acc = accs.get(key);
        if (!acc) {
          acc = {
            group: parsed.group,
            version: parsed.version,
            plural: parsed.plural,
            namespaced: false,
            verbs: new Set(),
            subs: new Map(),
            sources: new Set(),
            firstAt: where,
          };
          accs.set(key, acc);
        }
        acc.sources.add(doc.displayName);
        if (parsed.namespaced) acc.namespaced = true;
        if (parsed.subresource === '') {
          const verb = ACTION_VERBS[action];
          if (!verb) {
            problems.push({ ...where, message: `unsupported x-kubernetes-action ${JSON.stringify(action)} on a resource path` });
            continue;
          }
          acc.verbs.add(verb);
          if (!acc.kind) {
            acc.kind = gvk;
            acc.kindAt = where;
          } else if (!sameGvk(acc.kind, gvk)) {
            problems.push({ ...where, message: `kind ${gvk.kind} contradicts kind ${acc.kind.kind} declared for ${acc.plural} at ${acc.kindAt!.file}#${acc.kindAt!.pointer}` });
          }
          if (action === 'list') acc.listSchema ??= responseSchema(op, doc, specs, problems, at);
        } else {
          let sub = acc.subs.get(parsed.subresource);
          if (!sub) {
            sub = { verbs: new Set(), kind: gvk };
            acc.subs.set(parsed.subresource, sub);
          }
          sub.verbs.add(ACTION_VERBS[action] ?? action);
          const req = kindOfSchema(requestSchema(op, doc, specs, problems, at), schemas);
          if (req) sub.requestKind ??= req;
          const res = kindOfSchema(responseSchema(op, doc, specs, problems, at), schemas);
          if (res) sub.responseKind ??= res;
        }
      }
    }
  }

  // Kind -> the named schema declaring it.
  const schemaByGvk = new Map<string, NamedSchema>();
  const gvkKey = (g: GroupVersionKind): string => `${g.group}/${g.version}/${g.kind}`;
  for (const s of schemas.values()) {
    for (const g of s.gvks) if (!schemaByGvk.has(gvkKey(g)) || g.kind === s.tsName) schemaByGvk.set(gvkKey(g), s);
  }

  const out: Resource[] = [];
  const byKind = new Map<string, ResourceAcc>();
  for (const key of [...accs.keys()].sort()) {
    const acc = accs.get(key)!;
    if (!acc.kind) {
      problems.push({ ...acc.firstAt, message: `subresource paths for ${acc.plural} without the resource's own paths` });
      continue;
    }
    const kind = acc.kind.kind;
    const gvk: GroupVersionKind = { group: acc.group, version: acc.version, kind };
    if (acc.kind.group !== acc.group || acc.kind.version !== acc.version) {
      problems.push({ ...acc.kindAt!, message: `kind ${acc.kind.group}/${acc.kind.version} ${kind} is served under ${acc.group || 'core'}/${acc.version}; a resource's kind must be in its own group/version` });
      continue;
    }
    const dup = byKind.get(gvkKey(gvk));
    if (dup) {
      problems.push({ ...acc.kindAt!, message: `duplicate kind ${kind}: both ${dup.plural} (${dup.firstAt.file}#${dup.firstAt.pointer}) and ${acc.plural} declare it` });
      continue;
    }
    byKind.set(gvkKey(gvk), acc);
    const schema = schemaByGvk.get(gvkKey(gvk));
    if (!schema) {
      problems.push({ ...acc.kindAt!, message: `no schema declares x-kubernetes-group-version-kind ${acc.group || '""'}/${acc.version} ${kind}` });
      continue;
    }
    const listSchema = acc.listSchema === undefined ? undefined : schemas.get(acc.listSchema);
    const listKind = listSchema ? (listSchema.gvks.length === 1 ? listSchema.gvks[0]!.kind : listSchema.tsName) : `${kind}List`;
    const subresources: Subresource[] = [...acc.subs.keys()].sort().map((name) => {
      const s = acc.subs.get(name)!;
      const sub: { -readonly [K in keyof Subresource]: Subresource[K] } = { name, verbs: [...s.verbs].sort(), kind: s.kind };
      if (s.requestKind) sub.requestKind = s.requestKind;
      if (s.responseKind) sub.responseKind = s.responseKind;
      return sub;
    });
    const ext = schema.resource;
    const sources = new Set(acc.sources);
    sources.add(schema.source.file);
    out.push({
      group: acc.group,
      version: acc.version,
      kind,
      listKind,
      plural: acc.plural,
      singular: ext?.singular ?? kind.toLowerCase(),
      shortNames: ext?.shortNames ?? [],
      categories: ext?.categories ?? [],
      scope: acc.namespaced ? 'Namespaced' : 'Cluster',
      verbs: [...acc.verbs].sort(),
      subresources,
      schema: schema.name,
      fields: collectFields(schema.name, schemas),
      printerColumns: schema.printerColumns,
      selectableFields: schema.selectableFields,
      folder: folderOfGroupVersion(acc.group, acc.version),
      sources: [...sources].sort(),
    });
  }
  return out;
}
