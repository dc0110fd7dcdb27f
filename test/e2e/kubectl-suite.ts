// Real kubectl against an in-process Capstan: the commands users run, with the output and
// exit codes kube-apiserver would give them. Run per storage backend and kubectl version.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer, type TestServerOptions } from '../../runtime/server/index.js';
import { kubectlFor, type Kubectl, type KubectlVersion } from '../support/kubectl.js';

export interface KubectlSuiteOptions {
  readonly name: string;
  readonly version: KubectlVersion;
  server(): Promise<TestServerOptions & { cleanup?: () => Promise<void> }>;
}

export function runKubectlSuite(opts: KubectlSuiteOptions): void {
  describe(`kubectl ${opts.version} e2e: ${opts.name}`, { timeout: 300_000 }, () => {
    let server: TestServer;
    let k: Kubectl;
    let dir: string;
    let cleanup: (() => Promise<void>) | undefined;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'capstan-kubectl-'));
      const serverOptions = await opts.server();
      cleanup = serverOptions.cleanup;
      server = await startTestServer(serverOptions);
      const bound = kubectlFor(opts.version, server.kubeconfigPath, join(dir, 'cache'));
      assert.ok(bound, `kubectl.${opts.version} is not installed`);
      k = bound;
    });
    after(async () => {
      await server?.stop();
      await cleanup?.();
      await rm(dir, { recursive: true, force: true });
    });

    const ok = async (args: string[], input?: string) => {
      const r = await k(args, input === undefined ? {} : { input });
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
      return r.stdout;
    };
    const fails = async (args: string[]) => {
      const r = await k(args);
      assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} should have failed:\n${r.stdout}`);
      return r.stderr;
    };
    const file = async (name: string, text: string) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    };

    it('reports the server version and its APIs', async () => {
      assert.match(await ok(['version']), /Server Version: v1\.\d+\.\d+/);
      const resources = await ok(['api-resources']);
      assert.match(resources, /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m);
      assert.match(resources, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
      assert.match(resources, /^flunders\s+fl\s+wardle\.example\.com\/v1alpha1\s+true\s+Flunder$/m);
      const versions = await ok(['api-versions']);
      assert.match(versions, /^v1$/m);
      assert.match(versions, /^rbac\.authorization\.k8s\.io\/v1$/m);
    });

    it('creates namespaces, configmaps and secrets and reads them back', async () => {
      assert.equal(await ok(['create', 'namespace', 'team-a']), 'namespace/team-a created\n');
      assert.equal(await ok(['create', 'configmap', 'cfg', '-n', 'team-a', '--from-literal=a=1', '--from-literal=b=2']), 'configmap/cfg created\n');
      assert.equal(await ok(['create', 'secret', 'generic', 'sec', '-n', 'team-a', '--from-literal=password=s3cr3t']), 'secret/sec created\n');
      assert.match(await ok(['get', 'ns', 'team-a']), /^NAME\s+STATUS\s+AGE\nteam-a\s+Active\s+\d+s\n$/);
      assert.match(await ok(['get', 'cm', '-n', 'team-a']), /^NAME\s+DATA\s+AGE\ncfg\s+2\s+\d+s\n$/);
      assert.match(await ok(['get', 'secret', 'sec', '-n', 'team-a']), /^NAME\s+TYPE\s+DATA\s+AGE\nsec\s+Opaque\s+1\s+\d+s\n$/);
      const secret = JSON.parse(await ok(['get', 'secret', 'sec', '-n', 'team-a', '-o', 'json']));
      assert.equal(Buffer.from(secret.data.password, 'base64').toString(), 's3cr3t');
      assert.equal(secret.type, 'Opaque');
      assert.equal(await ok(['get', 'cm', 'cfg', '-n', 'team-a', '-o', 'jsonpath={.data.b}']), '2');
      const yaml = await ok(['get', 'cm', 'cfg', '-n', 'team-a', '-o', 'yaml']);
      assert.match(yaml, /^kind: ConfigMap$/m);
      assert.match(yaml, /^  resourceVersion: "\d+"$/m);
    });

    it('pages lists with --chunk-size', async () => {
      for (const n of ['p1', 'p2', 'p3']) await ok(['create', 'configmap', n, '-n', 'team-a']);
      const out = await ok(['get', 'cm', '-n', 'team-a', '--chunk-size=1', '-o', 'name']);
      assert.deepEqual(out.trim().split('\n'), ['configmap/cfg', 'configmap/p1', 'configmap/p2', 'configmap/p3']);
    });

    it('labels, annotates and patches with all three patch types', async () => {
      assert.equal(await ok(['label', 'cm', 'cfg', '-n', 'team-a', 'env=prod']), 'configmap/cfg labeled\n');
      assert.equal(await ok(['annotate', 'cm', 'cfg', '-n', 'team-a', 'note=hi']), 'configmap/cfg annotated\n');
      assert.equal(await ok(['patch', 'cm', 'cfg', '-n', 'team-a', '-p', '{"data":{"c":"3"}}']), 'configmap/cfg patched\n');
      assert.equal(await ok(['patch', 'cm', 'cfg', '-n', 'team-a', '--type=merge', '-p', '{"data":{"d":"4"}}']), 'configmap/cfg patched\n');
      assert.equal(await ok(['patch', 'cm', 'cfg', '-n', 'team-a', '--type=json', '-p', '[{"op":"remove","path":"/data/a"}]']), 'configmap/cfg patched\n');
      assert.equal(await ok(['patch', 'cm', 'cfg', '-n', 'team-a', '--type=merge', '-p', '{"data":{"d":"4"}}']), 'configmap/cfg patched (no change)\n');
      const cm = JSON.parse(await ok(['get', 'cm', 'cfg', '-n', 'team-a', '-o', 'json']));
      assert.deepEqual(cm.data, { b: '2', c: '3', d: '4' });
      assert.deepEqual(cm.metadata.labels, { env: 'prod' });
      assert.equal(cm.metadata.annotations.note, 'hi');
      assert.equal(await ok(['label', 'cm', 'cfg', '-n', 'team-a', 'env-']), 'configmap/cfg unlabeled\n');
    });

    it('applies twice with a change and diffs', async () => {
      const manifest = (value: string, extra = '') =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: team-a\n  labels: {app: demo}\ndata:\n  key: ${value}\n${extra}`;
      const path = await file('applied.yaml', manifest('one', '  other: x\n'));
      assert.equal(await ok(['apply', '-f', path]), 'configmap/applied created\n');
      await writeFile(path, manifest('two'));
      const diff = await k(['diff', '-f', path]);
      assert.equal(diff.code, 1, diff.stderr);
      assert.match(diff.stdout, /^-  key: one$/m);
      assert.match(diff.stdout, /^\+  key: two$/m);
      assert.equal(await ok(['apply', '-f', path]), 'configmap/applied configured\n');
      const cm = JSON.parse(await ok(['get', 'cm', 'applied', '-n', 'team-a', '-o', 'json']));
      // The three-way merge removed the key dropped from the manifest.
      assert.deepEqual(cm.data, { key: 'two' });
      assert.equal(await ok(['apply', '-f', path]), 'configmap/applied unchanged\n');
      assert.equal((await k(['diff', '-f', path])).code, 0);
    });

    it('watches a list and prints ADDED, MODIFIED and DELETED', async () => {
      const watching = k(['get', 'cm', '-n', 'team-a', '-w', '--output-watch-events', '--request-timeout=6s'], { timeoutMs: 20_000 });
      await new Promise((r) => setTimeout(r, 1500));
      await ok(['create', 'configmap', 'w1', '-n', 'team-a']);
      await ok(['label', 'cm', 'w1', '-n', 'team-a', 'x=y']);
      await ok(['delete', 'cm', 'w1', '-n', 'team-a']);
      const r = await watching;
      assert.match(r.stdout, /^ADDED\s+w1\s+0\s+\d+s$/m);
      assert.match(r.stdout, /^MODIFIED\s+w1\s+0\s+\d+s$/m);
      assert.match(r.stdout, /^DELETED\s+w1\s+0\s+\d+s$/m);
    });

    it('answers errors as kube-apiserver does', async () => {
      assert.match(await fails(['get', 'cm', 'nope', '-n', 'team-a']), /Error from server \(NotFound\): configmaps "nope" not found/);
      assert.match(await fails(['create', 'configmap', 'cfg', '-n', 'team-a']), /configmaps "cfg" already exists/);
      const dup = await file('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: team-a\n');
      assert.match(await fails(['create', '-f', dup]), /Error from server \(AlreadyExists\): error when creating ".*dup\.yaml": configmaps "cfg" already exists/);
      assert.match(
        await fails(['create', 'configmap', 'Bad_Name', '-n', 'team-a']),
        /ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters/,
      );
      const bad = await file('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: team-a\n');
      assert.match(await fails(['create', '-f', bad]), /The ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name"/);
      assert.match(await fails(['get', 'widgets']), /the server doesn't have a resource type "widgets"/);
    });

    it('deletes, waits for deletion, and cascades in the foreground', async () => {
      await ok(['create', 'configmap', 'gone', '-n', 'team-a']);
      assert.equal(await ok(['delete', 'cm', 'gone', '-n', 'team-a']), 'configmap "gone" deleted\n');
      await ok(['create', 'configmap', 'fg', '-n', 'team-a']);
      assert.equal(await ok(['delete', 'cm', 'fg', '-n', 'team-a', '--cascade=foreground']), 'configmap "fg" deleted\n');
      assert.match(await fails(['get', 'cm', 'fg', '-n', 'team-a']), /NotFound/);
      await ok(['create', 'configmap', 'waited', '-n', 'team-a']);
      const waiter = k(['wait', '--for=delete', 'cm/waited', '-n', 'team-a', '--timeout=20s'], { timeoutMs: 30_000 });
      await new Promise((r) => setTimeout(r, 1000));
      await ok(['delete', 'cm', 'waited', '-n', 'team-a', '--wait=false']);
      const waited = await waiter;
      assert.equal(waited.code, 0, waited.stderr);
      assert.match(waited.stdout, /configmap\/waited condition met/);
    });

    it('deletes a namespace with its content, waiting until it is gone', async () => {
      assert.match(await fails(['delete', 'namespace', 'default', '--wait=false']), /Error from server \(Forbidden\): namespaces "default" is forbidden: this namespace may not be deleted/);
      await ok(['create', 'namespace', 'doomed']);
      await ok(['create', 'configmap', 'inside', '-n', 'doomed']);
      assert.equal(await ok(['delete', 'namespace', 'doomed', '--timeout=60s']), 'namespace "doomed" deleted\n');
      assert.match(await fails(['get', 'namespace', 'doomed']), /Error from server \(NotFound\): namespaces "doomed" not found/);
    });

    it('scales a wardle flunder through its scale subresource', async () => {
      const path = await file('flunder.yaml', 'apiVersion: wardle.example.com/v1alpha1\nkind: Flunder\nmetadata:\n  name: f1\n  namespace: team-a\nspec:\n  replicas: 1\n');
      assert.equal(await ok(['create', '-f', path]), 'flunder.wardle.example.com/f1 created\n');
      assert.equal(await ok(['scale', 'flunder', 'f1', '-n', 'team-a', '--replicas=3']), 'flunder.wardle.example.com/f1 scaled\n');
      assert.equal(await ok(['get', 'flunder', 'f1', '-n', 'team-a', '-o', 'jsonpath={.spec.replicas}']), '3');
    });
  });
}
