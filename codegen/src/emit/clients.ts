// Typed clients, listers and informers: per resource beside <kind>.resource.ts, per
// group/version (clientset.ts, informers.ts) and over every group/version (clientset.ts,
// informers.ts at the root). They only fill types and ResourceRefs into runtime/client, so
// behaviour lives there and a fix lands once. Resources without list and watch get no lister
// or informer; a create-only kind (a review) gets a client with create alone.
import type { ApiModel, NamedSchema, Resource, Subresource } from '../model/index.js';
import { groupVersionNames, hasTypedSubresourceCalls, kindNames, pascalize, type GroupVersionNames } from './client-names.js';
import { gvkKey, schemasByKind, TypeImports } from './client-types.js';
import { tsHeader, type FileMap } from './file-map.js';
import { importPath } from './paths.js';
import { render } from './templates.js';

export interface ClientEmitOptions {
  /** runtime/api/index.ts relative to the output root; runtime/client sits beside it. */
  readonly runtimeFromRoot: string;
  readonly inputs: readonly string[];
}

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;

function clientRuntime(runtimeApiFromRoot: string): string {
  return runtimeApiFromRoot.replace(/api\/index\.ts$/, 'client/index.ts');
}

function apiVersionOf(r: { group: string; version: string }): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

function isListable(r: Resource): boolean {
  return r.verbs.includes('list') && r.verbs.includes('watch');
}

/** The kind's own type and list type, as seen from `file`. */
function kindTypes(r: Resource, types: TypeImports, byKind: ReadonlyMap<string, NamedSchema>): { type: string; listType: string } {
  const type = types.kind({ group: r.group, version: r.version, kind: r.kind }, 'rt.KubeObject');
  const listed = byKind.get(`${r.group}/${r.version}/${r.listKind}`);
  // The runtime needs `items` on every list; a schema that leaves it optional is not used.
  const usable = listed?.node.required?.includes('items') === true;
  return { type, listType: listed && usable ? types.schema(listed) : `rt.KubeList<${type}>` };
}

/**
 * Typed methods for a subresource: status as getStatus/updateStatus/patchStatus, namespace
 * finalize as finalize(obj), others as <verb><Name>. A body of the kind itself is passed as
 * the object (its name comes from metadata); another kind (Scale, TokenRequest) by name + body.
 */
function subresourceMethods(r: Resource, s: Subresource, types: TypeImports, own: string): string[] {
  if (!hasTypedSubresourceCalls(s.name, s.verbs)) return [];
  // Types are named (and so imported) only by the methods that use them: an unused import fails noUnusedLocals.
  const bodyKind = s.requestKind ?? s.kind;
  const resultKind = s.responseKind ?? s.kind;
  const ownBody = gvkKey(bodyKind) === gvkKey({ group: r.group, version: r.version, kind: r.kind });
  const suffix = pascalize(s.name);
  const sub = JSON.stringify(s.name).replace(/"/g, "'");
  const namespaced = r.scope === 'Namespaced';
  // An object's namespace is used only after the call's and the view's, as ResourceClient does.
  const objOptions = namespaced ? '{ ...options, namespace: options.namespace ?? this.raw.boundNamespace ?? obj.metadata?.namespace }' : 'options';
  const out: string[] = [];
  for (const verb of [...s.verbs].sort()) {
    if (verb !== 'get' && verb !== 'update' && verb !== 'patch' && verb !== 'create') continue;
    const result = verb === 'update' && s.name === 'status' ? own : types.kind(resultKind, 'rt.KubeObject');
    const body = verb === 'update' || verb === 'create' ? types.kind(bodyKind, 'rt.KubeObject') : '';
    if (verb === 'get') {
      out.push(
        `  get${suffix}(name: string, options?: rt.GetOptions): Promise<${result}> {\n` +
          `    return this.raw.getSubresource<${result}>(name, ${sub}, options);\n  }`,
      );
    } else if (verb === 'update' && s.name === 'status') {
      out.push(
        `  /** Only status changes are kept by the server. */\n` +
          `  updateStatus(obj: ${own}, options?: rt.WriteOptions): Promise<${own}> {\n    return this.raw.updateStatus(obj, options);\n  }`,
      );
    } else if (verb === 'update' && ownBody) {
      const method = s.name === 'finalize' ? 'finalize' : `update${suffix}`;
      out.push(
        `  ${method}(obj: ${own}, options: rt.SubresourceOptions = {}): Promise<${result}> {\n` +
          `    return this.raw.updateSubresource<${own}, ${result}>(obj.metadata?.name ?? '', ${sub}, obj, ${objOptions});\n  }`,
      );
    } else if (verb === 'update') {
      out.push(
        `  update${suffix}(name: string, body: ${body}, options?: rt.SubresourceOptions): Promise<${result}> {\n` +
          `    return this.raw.updateSubresource<${body}, ${result}>(name, ${sub}, body, options);\n  }`,
      );
    } else if (verb === 'patch') {
      out.push(
        `  patch${suffix}(name: string, type: rt.PatchType, patch: object, options?: rt.PatchOptions): Promise<${result}> {\n` +
          `    return this.raw.patchSubresource<${result}>(name, ${sub}, type, patch, options);\n  }`,
      );
    } else if (verb === 'create') {
      out.push(
        `  create${suffix}(name: string, body: ${body}, options?: rt.SubresourceOptions): Promise<${result}> {\n` +
          `    return this.raw.createSubresource<${body}, ${result}>(name, ${sub}, body, options);\n  }`,
      );
    }
  }
  return out;
}

function refLiteral(r: Resource): string {
  const q = (v: string): string => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `{ group: ${q(r.group)}, version: ${q(r.version)}, plural: ${q(r.plural)}, scope: ${q(r.scope)}, kind: ${q(r.kind)}, listKind: ${q(r.listKind)} }`;
}

function emitKindFiles(r: Resource, files: FileMap, rt: string, byKind: ReadonlyMap<string, NamedSchema>): void {
  const n = kindNames(r);
  const header = tsHeader(r.sources);
  const types = new TypeImports(n.clientFile, byKind);
  const { type, listType } = kindTypes(r, types, byKind);
  const methods = r.subresources.flatMap((s) => subresourceMethods(r, s, types, type));
  const seen = new Set<string>();
  for (const m of methods) {
    const name = /^(?: {2}\/\*\*.*\*\/\n)? {2}(\w+)\(/.exec(m)![1]!;
    if (seen.has(name) || (VERBS as readonly string[]).includes(name)) throw new Error(`${r.plural}: two client methods named ${name}`);
    seen.add(name);
  }
  const verbs = Object.fromEntries(VERBS.map((v) => [v, r.verbs.includes(v)]));
  files.set(
    n.clientFile,
    render('client', {
      header,
      runtime: importPath(n.clientFile, rt),
      imports: types.lines(),
      kind: r.kind,
      plural: r.plural,
      apiVersion: apiVersionOf(r),
      ref: n.ref,
      refLiteral: refLiteral(r),
      client: n.client,
      expansion: n.expansion,
      fileBase: n.clientFile.replace(/\.ts$/, ''),
      namespaced: r.scope === 'Namespaced',
      scopeText: r.scope === 'Namespaced' ? 'namespaced' : 'cluster-scoped',
      createOnly: r.verbs.length === 1 && r.verbs[0] === 'create',
      type,
      listType,
      verbs,
      subresourceMethods: methods,
    }),
  );
  if (!isListable(r)) return;
  const listerTypes = new TypeImports(n.listerFile, byKind);
  const listerType = listerTypes.kind({ group: r.group, version: r.version, kind: r.kind }, 'rt.KubeObject');
  files.set(
    n.listerFile,
    render('lister', {
      header,
      runtime: importPath(n.listerFile, rt),
      imports: listerTypes.lines(),
      plural: r.plural,
      lister: n.lister,
      namespaced: r.scope === 'Namespaced',
      type: listerType,
    }),
  );
  const informerTypes = new TypeImports(n.informerFile, byKind);
  const it = kindTypes(r, informerTypes, byKind);
  files.set(
    n.informerFile,
    render('informer', {
      header,
      runtime: importPath(n.informerFile, rt),
      imports: informerTypes.lines(),
      plural: r.plural,
      ref: n.ref,
      informer: n.informer,
      clientFile: importPath(n.informerFile, n.clientFile).replace(/^\.\//, ''),
      type: it.type,
      listType: it.listType,
    }),
  );
}

function emitGroupVersionFiles(folder: string, resources: readonly Resource[], names: GroupVersionNames, files: FileMap, rt: string, byKind: ReadonlyMap<string, NamedSchema>): string[] {
  const header = tsHeader([...new Set(resources.flatMap((r) => r.sources))]);
  const first = resources[0]!;
  const members = new Map<string, string>();
  for (const r of resources) {
    const m = kindNames(r).member;
    if (members.has(m)) throw new Error(`${folder}: ${members.get(m)} and ${r.plural} would both be named ${m}`);
    members.set(m, r.plural);
  }
  const rel = (file: string, to: string): string => importPath(file, to).replace(/^\.\//, '');
  const clientsetFile = `${folder}/clientset.ts`;
  files.set(
    clientsetFile,
    render('group-version-clientset', {
      header,
      runtime: importPath(clientsetFile, rt),
      apiVersion: apiVersionOf(first),
      pascal: names.pascal,
      resources: resources.map((r) => {
        const n = kindNames(r);
        return { client: n.client, member: n.member, file: rel(clientsetFile, n.clientFile) };
      }),
    }),
  );
  const exports = [
    ...resources.flatMap((r) => {
      const n = kindNames(r);
      const lines = [`export { ${n.client}, ${n.ref}, type ${n.expansion} } from './${rel(`${folder}/index.ts`, n.clientFile)}';`];
      if (isListable(r)) {
        lines.push(`export { ${n.informer} } from './${rel(`${folder}/index.ts`, n.informerFile)}';`);
        lines.push(`export { ${n.lister} } from './${rel(`${folder}/index.ts`, n.listerFile)}';`);
      }
      return lines;
    }),
    `export { create${names.pascal}Client, type ${names.pascal}Client } from './clientset.js';`,
  ];
  const listable = resources.filter(isListable);
  if (listable.length === 0) return exports;
  const informersFile = `${folder}/informers.ts`;
  const types = new TypeImports(informersFile, byKind);
  const rows = listable.map((r) => {
    const n = kindNames(r);
    return {
      member: n.member,
      plural: r.plural,
      namespaced: r.scope === 'Namespaced',
      type: types.kind({ group: r.group, version: r.version, kind: r.kind }, 'rt.KubeObject'),
      listerType: r.scope === 'Namespaced' ? 'NamespacedLister' : 'ClusterLister',
      informer: n.informer,
      lister: n.lister,
      informerFile: rel(informersFile, n.informerFile),
      listerFile: rel(informersFile, n.listerFile),
    };
  });
  files.set(
    informersFile,
    render('group-version-informers', {
      header,
      runtime: importPath(informersFile, rt),
      imports: types.lines(),
      apiVersion: apiVersionOf(first),
      pascal: names.pascal,
      resources: rows,
    }),
  );
  exports.push(`export { create${names.pascal}Informers, type ${names.pascal}Informers } from './informers.js';`);
  return exports;
}

/** Adds the client files to `files` and their exports to the root and folder indexes already there. */
export function emitClients(model: ApiModel, files: FileMap, options: ClientEmitOptions): void {
  const rt = clientRuntime(options.runtimeFromRoot);
  const byKind = schemasByKind(model);
  const folders = [...new Set(model.resources.map((r) => r.folder))].sort();
  const gvs = folders.map((f) => model.resources.find((r) => r.folder === f)!);
  const gvNames = groupVersionNames(gvs);
  const clientsetRows: { member: string; pascal: string; apiVersion: string; file: string }[] = [];
  const informerRows: typeof clientsetRows = [];
  for (const folder of folders) {
    const resources = model.resources.filter((r) => r.folder === folder);
    for (const r of resources) emitKindFiles(r, files, rt, byKind);
    const first = resources[0]!;
    const names = gvNames.get(`${first.group}/${first.version}`)!;
    const exports = emitGroupVersionFiles(folder, resources, names, files, rt, byKind);
    appendExports(files, `${folder}/index.ts`, exports);
    const row = { member: names.member, pascal: names.pascal, apiVersion: apiVersionOf(first), file: `${folder}/clientset.js` };
    clientsetRows.push(row);
    if (files.has(`${folder}/informers.ts`)) informerRows.push({ ...row, file: `${folder}/informers.js` });
  }
  const header = tsHeader(options.inputs);
  files.set('clientset.ts', render('clientset', { header, runtime: importPath('clientset.ts', rt), groupVersions: clientsetRows }));
  files.set('informers.ts', render('informers', { header, runtime: importPath('informers.ts', rt), groupVersions: informerRows }));
  appendExports(files, 'index.ts', [
    `export { createClientset, clientsetFor, type Clientset } from './clientset.js';`,
    `export { InformerFactory } from './informers.js';`,
  ]);
}

function appendExports(files: FileMap, path: string, lines: readonly string[]): void {
  const text = files.get(path);
  if (text === undefined) throw new Error(`emitClients runs after the indexes are emitted; ${path} is missing`);
  files.set(path, `${text.replace(/\n*$/, '\n')}\n${lines.join('\n')}\n`);
}
