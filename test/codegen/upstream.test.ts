// The whole upstream Kubernetes API (../shared/kube-openapi/swagger.json, reference data):
// the generator must take it without errors, find every resource the document's paths
// describe, and emit code that tsc accepts. Costs: generation ~3-5 s, tsc ~20-40 s.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, writeOutput, type ApiModel, type FileMap } from '../../codegen/src/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SWAGGER = join(ROOT, '..', 'shared', 'kube-openapi', 'swagger.json');
const present = existsSync(SWAGGER);
const skip = present ? false : `upstream document ${SWAGGER} is absent`;

let model: ApiModel;
let files: FileMap;
let dir: string;

before(() => {
  if (!present) return;
  dir = mkdtempSync(join(tmpdir(), 'capstan-upstream-'));
  ({ model, files } = generate({ cwd: ROOT, specs: [SWAGGER], outDir: join(dir, 'out') }));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Expected {
  namespaced: boolean;
  verbs: Set<string>;
  subresources: Map<string, { group: string; version: string; kind: string }>;
}

const VERB: Record<string, string> = { get: 'get', list: 'list', post: 'create', put: 'update', patch: 'patch', delete: 'delete', deletecollection: 'deletecollection', watch: 'watch', watchlist: 'watch' };

/** What the paths say, derived here with two regular expressions and nothing from codegen/. */
function expectedFromPaths(): Map<string, Expected> {
  const doc = JSON.parse(readFileSync(SWAGGER, 'utf8')) as { paths: Record<string, Record<string, { 'x-kubernetes-action'?: string; 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string } }>> };
  const out = new Map<string, Expected>();
  const shape = /^(?:\/api\/(?<cv>v[^/]+)|\/apis\/(?<g>[^/]+)\/(?<v>[^/]+))\/(?:watch\/)?(?<ns>namespaces\/\{namespace\}\/)?(?<plural>[^/{]+)(?:\/\{name\}(?:\/(?<sub>[^/{]+))?)?/;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const op of Object.values(item)) {
      const action = op['x-kubernetes-action'];
      if (typeof op !== 'object' || !action) continue;
      const m = shape.exec(path);
      assert.ok(m?.groups, `unexpected resource path ${path}`);
      const gr = m.groups;
      const key = `${gr['g'] ?? ''}/${gr['cv'] ?? gr['v']}/${gr['plural']}`;
      let e = out.get(key);
      if (!e) out.set(key, (e = { namespaced: false, verbs: new Set(), subresources: new Map() }));
      if (gr['ns']) e.namespaced = true;
      if (gr['sub']) e.subresources.set(gr['sub'], op['x-kubernetes-group-version-kind']!);
      else e.verbs.add(VERB[action]!);
    }
  }
  return out;
}

test('every upstream resource: plural, scope, verbs, subresources and their kinds', { skip }, () => {
  const expected = expectedFromPaths();
  const actual = new Map(model.resources.map((r) => [`${r.group}/${r.version}/${r.plural}`, r]));
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [key, e] of expected) {
    const r = actual.get(key)!;
    assert.equal(r.scope, e.namespaced ? 'Namespaced' : 'Cluster', key);
    assert.deepEqual([...r.verbs].sort(), [...e.verbs].sort(), key);
    assert.deepEqual(r.subresources.map((s) => s.name), [...e.subresources.keys()].sort(), key);
    for (const s of r.subresources) assert.deepEqual(s.kind, e.subresources.get(s.name), `${key}/${s.name}`);
    assert.equal(r.singular, r.kind.toLowerCase(), key);
    assert.deepEqual(r.shortNames, [], key);
  }
  assert.ok(expected.size > 80, `only ${expected.size} resources found`);
});

test('upstream subresource request/response kinds', { skip }, () => {
  const sub = (plural: string, name: string) => model.resources.find((r) => r.plural === plural && r.group === (plural === 'deployments' ? 'apps' : ''))!.subresources.find((s) => s.name === name)!;
  assert.deepEqual(sub('deployments', 'scale').requestKind, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.deepEqual(sub('deployments', 'scale').responseKind, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.deepEqual(sub('serviceaccounts', 'token').requestKind, { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' });
  assert.deepEqual(sub('namespaces', 'finalize').responseKind, { group: '', version: 'v1', kind: 'Namespace' });
  assert.equal(model.resources.find((r) => r.plural === 'pods')!.listKind, 'PodList');
});

test('upstream field metadata reaches through references, lists and templates', { skip }, () => {
  const defs = (JSON.parse(readFileSync(SWAGGER, 'utf8')) as { definitions: Record<string, { properties: Record<string, Record<string, unknown>> }> }).definitions;
  const meta = (def: string, prop: string) => {
    const p = defs[def]!.properties[prop]!;
    return { listType: p['x-kubernetes-list-type'], listMapKeys: p['x-kubernetes-list-map-keys'], patchStrategy: p['x-kubernetes-patch-strategy'], patchMergeKey: p['x-kubernetes-patch-merge-key'] };
  };
  const pods = model.resources.find((r) => r.plural === 'pods')!;
  const deployments = model.resources.find((r) => r.plural === 'deployments')!;
  assert.deepEqual(pods.fields['spec.containers'], meta('io.k8s.api.core.v1.PodSpec', 'containers'));
  assert.deepEqual(pods.fields['spec.containers[].ports'], meta('io.k8s.api.core.v1.Container', 'ports'));
  assert.deepEqual(deployments.fields['spec.template.spec.containers[].ports'], meta('io.k8s.api.core.v1.Container', 'ports'));
});

test('upstream output type-checks with tsc', { skip, timeout: 180_000 }, () => {
  const out = join(dir, 'out');
  writeOutput(out, files);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023'],
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules', '@types')],
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: [`${out}/**/*.ts`],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout.slice(0, 4000)}${r.stderr}`);
});
