// Real kubectl doing server-side apply against an in-process Capstan: apply --server-side
// creates and updates, a conflict is printed as kubectl prints kube's, --force-conflicts takes
// the field, managedFields show with --show-managed-fields only, a client-side applied object
// migrates to server-side apply, and diff --server-side shows a pending change.
// kubectl 1.33 and 1.31; about 4-8 s per version on the shared 2-core machine.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';
import { kubectlFor, type Kubectl, type KubectlVersion } from '../support/kubectl.js';

const configMap = (name: string, data: Record<string, string>) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: "${v}"\n`)
    .join('')}`;

interface Entry {
  manager: string;
  operation: string;
  fieldsV1: Record<string, any>;
}

function suite(version: KubectlVersion): void {
  describe(`kubectl ${version} server-side apply`, { timeout: 90_000 }, () => {
    let server: TestServer;
    let k: Kubectl;
    let dir: string;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'capstan-kubectl-ssa-'));
      server = await startTestServer();
      const bound = kubectlFor(version, server.kubeconfigPath, join(dir, 'cache'));
      assert.ok(bound, `kubectl.${version} is not installed`);
      k = bound;
    });
    after(async () => {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    const ok = async (args: string[]) => {
      const r = await k(args);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
      return r.stdout;
    };
    const file = async (name: string, text: string) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    };
    const managers = async (name: string): Promise<Entry[]> => {
      const obj = parse(await ok(['get', 'cm', name, '-o', 'yaml', '--show-managed-fields']));
      return obj.metadata.managedFields ?? [];
    };

    it('creates and updates with apply --server-side, recorded under "kubectl"', async () => {
      assert.equal(await ok(['apply', '--server-side', '-f', await file('ssa1.yaml', configMap('ssa', { a: '1' }))]), 'configmap/ssa serverside-applied\n');
      assert.equal(await ok(['apply', '--server-side', '-f', await file('ssa2.yaml', configMap('ssa', { a: '2', b: '3' }))]), 'configmap/ssa serverside-applied\n');
      assert.equal(await ok(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a},{.data.b}']), '2,3');
      const entries = await managers('ssa');
      assert.deepEqual(
        entries.map((e) => [e.manager, e.operation]),
        [['kubectl', 'Apply']],
      );
      assert.deepEqual(Object.keys(entries[0]!.fieldsV1['f:data']).sort(), ['f:a', 'f:b']);
      // Without the flag kubectl hides them.
      assert.equal(parse(await ok(['get', 'cm', 'ssa', '-o', 'yaml'])).metadata.managedFields, undefined);
    });

    it('prints a conflict with another manager and takes the field with --force-conflicts', async () => {
      await ok(['create', 'configmap', 'shared', '--from-literal=a=1']);
      const path = await file('shared.yaml', configMap('shared', { a: '2' }));
      const r = await k(['apply', '--server-side', '-f', path]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /^error: Apply failed with 1 conflict: conflict with "kubectl-create" using v1: \.data\.a$/m);
      assert.match(r.stderr, /--force-conflicts/);
      assert.equal(await ok(['get', 'cm', 'shared', '-o', 'jsonpath={.data.a}']), '1');

      assert.equal(await ok(['apply', '--server-side', '--force-conflicts', '-f', path]), 'configmap/shared serverside-applied\n');
      assert.equal(await ok(['get', 'cm', 'shared', '-o', 'jsonpath={.data.a}']), '2');
      const entries = await managers('shared');
      assert.ok(entries.find((e) => e.manager === 'kubectl' && e.operation === 'Apply')?.fieldsV1['f:data']['f:a']);
      assert.ok(!entries.some((e) => e.manager === 'kubectl-create' && e.fieldsV1['f:data']?.['f:a']));
    });

    it('migrates a client-side applied object to server-side apply', async () => {
      assert.equal(await ok(['apply', '-f', await file('csa1.yaml', configMap('migrated', { a: '1', b: '2' }))]), 'configmap/migrated created\n');
      const before = await managers('migrated');
      assert.deepEqual(
        before.map((e) => [e.manager, e.operation]),
        [['kubectl-client-side-apply', 'Update']],
      );
      // Another manager conflicts with the client-side applier's fields.
      const other = await k(['apply', '--server-side', '--field-manager=other', '-f', await file('csa-other.yaml', configMap('migrated', { a: '9' }))]);
      assert.notEqual(other.code, 0);
      assert.match(other.stderr, /^error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: \.data\.a$/m);
      // kubectl itself takes what its last-applied annotation lists and then moves the client-side
      // applier's fields to its own Apply entry, so an apply that drops b removes it.
      assert.equal(await ok(['apply', '--server-side', '-f', await file('csa2.yaml', configMap('migrated', { a: '5' }))]), 'configmap/migrated serverside-applied\n');
      assert.equal(await ok(['get', 'cm', 'migrated', '-o', 'jsonpath={.data}']), '{"a":"5"}');
      const after = await managers('migrated');
      assert.ok(after.some((e) => e.manager === 'kubectl' && e.operation === 'Apply'));
      assert.ok(!after.some((e) => e.manager === 'kubectl-client-side-apply'), JSON.stringify(after));
    });

    it('shows a pending change with diff --server-side and changes nothing', async () => {
      const path = await file('diff.yaml', configMap('ssa', { a: '7', b: '3' }));
      const r = await k(['diff', '--server-side', '-f', path]);
      assert.equal(r.code, 1, `diff should report a difference:\n${r.stderr}${r.stdout}`);
      assert.match(r.stdout, /^-\s+a: "2"$/m);
      assert.match(r.stdout, /^\+\s+a: "7"$/m);
      assert.equal(await ok(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}']), '2');
      const same = await k(['diff', '--server-side', '-f', await file('same.yaml', configMap('ssa', { a: '2', b: '3' }))]);
      assert.equal(same.code, 0, `${same.stderr}${same.stdout}`);
    });
  });
}

suite('1.33');
suite('1.31');
