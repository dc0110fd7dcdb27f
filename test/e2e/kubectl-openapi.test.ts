// Real kubectl 1.31 reading the served OpenAPI v3 documents: explain, server-side field
// validation detection (no /openapi/v2 fallback), and client-side apply's patch computation.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resources } from '../../generated/index.js';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';
import { kubectlFor, type Kubectl } from '../support/kubectl.js';

describe('kubectl 1.31 and the OpenAPI documents', { timeout: 120_000 }, () => {
  let server: TestServer;
  let k: Kubectl;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-kubectl-openapi-'));
    server = await startTestServer({ storage: 'memory' });
    const bound = kubectlFor('1.31', server.kubeconfigPath, join(dir, 'cache'));
    assert.ok(bound, 'kubectl.1.31 is not installed');
    k = bound;
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const ok = async (args: string[]) => {
    const r = await k(args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
    return r;
  };
  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const requests = (log: string) => [...log.matchAll(/round_trippers\.go:\d+\] (GET|POST|PUT|PATCH|DELETE) https:\/\/[^/]+(\/\S*)/g)].map((m) => `${m[1]} ${m[2]}`);

  it('create -f of an unknown field: detection through v3, the server refuses strictly', async () => {
    const path = await file('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  namespace: default\nbogus: 1\ndata:\n  a: "1"\n');
    const r = await k(['create', '-f', path, '-v=6']);
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /Error from server \(BadRequest\): .*strict decoding error: unknown field "bogus"/);
    const sent = requests(r.stderr);
    assert.ok(sent.some((s) => s.startsWith('GET /openapi/v3/api/v1')), sent.join('\n'));
    assert.ok(!sent.some((s) => s.includes('/openapi/v2')), `fell back to /openapi/v2:\n${sent.join('\n')}`);
    assert.ok(sent.some((s) => /^POST \/api\/v1\/namespaces\/default\/configmaps\?.*fieldValidation=Strict/.test(s)), sent.join('\n'));
  });

  it('explain configmap.data', async () => {
    const { stdout } = await ok(['explain', 'configmap.data']);
    assert.match(stdout, /^KIND:\s+ConfigMap\nVERSION:\s+v1\n\nFIELD: data <map\[string\]string>\n/);
    assert.match(stdout, /\nDESCRIPTION:\n/);
  });

  it('explain flunders.spec, through a reference to another schema', async () => {
    const { stdout } = await ok(['explain', 'flunders.spec']);
    assert.match(stdout, /^GROUP:\s+wardle\.example\.com\nKIND:\s+Flunder\nVERSION:\s+v1alpha1\n\nFIELD: spec <FlunderSpec>\n/);
    assert.match(stdout, /\nFIELDS:\n/);
    assert.match(stdout, /^ {2}replicas\t<integer>$/m);
  });

  it('apply -f twice: a strategic merge patch computed from the v3 schemas, three-way', async () => {
    const first = await file('cm1.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n  namespace: default\ndata:\n  a: "1"\n  b: "2"\n');
    assert.equal((await ok(['apply', '-f', first])).stdout, 'configmap/demo created\n');
    // A change made by someone else survives: apply only removes what it applied itself.
    await ok(['patch', 'cm', 'demo', '-n', 'default', '--type=merge', '-p', '{"data":{"c":"3"}}']);
    const second = await file('cm2.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n  namespace: default\ndata:\n  a: "10"\n');
    const r = await ok(['apply', '-f', second, '-v=8']);
    assert.match(r.stdout, /^configmap\/demo configured\n$/);
    assert.doesNotMatch(r.stderr, /error calculating patch/);
    assert.match(r.stderr, /PATCH https:\/\/\S+\/api\/v1\/namespaces\/default\/configmaps\/demo\?/);
    assert.match(r.stderr, /Content-Type: application\/strategic-merge-patch\+json/);
    assert.ok(!requests(r.stderr).some((s) => s.includes('/openapi/v2')));
    const data = JSON.parse((await ok(['get', 'cm', 'demo', '-n', 'default', '-o', 'jsonpath={.data}'])).stdout) as unknown;
    assert.deepEqual(data, { a: '10', c: '3' });
  });

  it('apply -f of a Flunder uses a JSON merge patch: wardle does not offer strategic merge', async () => {
    const manifest = (replicas: number) => `apiVersion: wardle.example.com/v1alpha1\nkind: Flunder\nmetadata:\n  name: f1\n  namespace: default\nspec:\n  replicas: ${replicas}\n`;
    await ok(['apply', '-f', await file('fl1.yaml', manifest(1))]);
    const r = await ok(['apply', '-f', await file('fl2.yaml', manifest(3)), '-v=8']);
    assert.match(r.stderr, /Content-Type: application\/merge-patch\+json/);
    assert.equal((await ok(['get', 'flunder', 'f1', '-n', 'default', '-o', 'jsonpath={.spec.replicas}'])).stdout, '3');
  });

  it('the /openapi/v3 index names a document per served group/version, each with a hash', async () => {
    const index = JSON.parse((await ok(['get', '--raw', '/openapi/v3'])).stdout) as { paths: Record<string, { serverRelativeURL: string }> };
    assert.match(index.paths['api/v1']?.serverRelativeURL ?? '', /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    assert.ok(index.paths['apis/wardle.example.com/v1alpha1']);
    assert.ok(index.paths['apis/rbac.authorization.k8s.io/v1']);
    const doc = JSON.parse((await ok(['get', '--raw', '/openapi/v3/apis/wardle.example.com/v1alpha1'])).stdout) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    assert.ok(doc.paths['/apis/wardle.example.com/v1alpha1/namespaces/{namespace}/flunders/{name}']);
    assert.ok(doc.components.schemas['com.example.wardle.v1alpha1.Flunder']);
  });
});

describe('the OpenAPI documents follow the served resources', { timeout: 60_000 }, () => {
  it('a group/version with nothing served has no document; unserved resources have no paths', async () => {
    const only = resources.filter((r) => r.descriptor.group === '' && r.descriptor.plural !== 'secrets');
    const server = await startTestServer({ storage: 'memory', resources: only });
    const dir = await mkdtemp(join(tmpdir(), 'capstan-kubectl-openapi-'));
    try {
      const k = kubectlFor('1.31', server.kubeconfigPath, join(dir, 'cache'));
      assert.ok(k, 'kubectl.1.31 is not installed');
      const index = JSON.parse((await k(['get', '--raw', '/openapi/v3'])).stdout) as { paths: Record<string, unknown> };
      assert.deepEqual(Object.keys(index.paths), ['api/v1']);
      const doc = JSON.parse((await k(['get', '--raw', '/openapi/v3/api/v1'])).stdout) as { paths: Record<string, unknown> };
      const paths = Object.keys(doc.paths);
      assert.ok(paths.includes('/api/v1/namespaces/{namespace}/configmaps/{name}'));
      assert.ok(!paths.some((p) => p.includes('/secrets')), paths.filter((p) => p.includes('secrets')).join('\n'));
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
