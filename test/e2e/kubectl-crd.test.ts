// Real kubectl against CRD serving: apply a CRD, wait for it to be established, then work its
// custom resources the way users do (apply, get with printer columns and short names, -o yaml,
// patch --type=merge, scale, delete) and delete the CRD. kubectl 1.33, and 1.31 for its older
// discovery and apply paths; about 6-10 s per version on the shared 2-core machine.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';
import { kubectlFor, type Kubectl, type KubectlVersion } from '../support/kubectl.js';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gizmos.demo.example.com
spec:
  group: demo.example.com
  scope: Namespaced
  names:
    plural: gizmos
    singular: gizmo
    kind: Gizmo
    shortNames: [gz]
    categories: [all]
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.replicas
    additionalPrinterColumns:
    - name: Size
      type: string
      jsonPath: .spec.size
    - name: Replicas
      type: integer
      jsonPath: .spec.replicas
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: string}
              replicas: {type: integer, minimum: 0}
          status:
            type: object
            properties:
              replicas: {type: integer}
`;

const gizmo = (size: string) => `apiVersion: demo.example.com/v1
kind: Gizmo
metadata:
  name: g1
  namespace: default
spec:
  size: ${size}
  replicas: 1
`;

function suite(version: KubectlVersion): void {
  describe(`kubectl ${version} with a CRD`, { timeout: 60_000 }, () => {
    let server: TestServer;
    let k: Kubectl;
    let dir: string;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'capstan-kubectl-crd-'));
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

    it('applies a CRD and waits for it to be established', async () => {
      assert.match(await ok(['apply', '-f', await file('crd.yaml', CRD)]), /customresourcedefinition\.apiextensions\.k8s\.io\/gizmos\.demo\.example\.com created/);
      assert.match(await ok(['wait', '--for', 'condition=established', '--timeout=20s', 'crd/gizmos.demo.example.com']), /condition met/);
    });

    it('creates and re-applies a custom resource, and prints its columns', async () => {
      assert.match(await ok(['apply', '-f', await file('g1.yaml', gizmo('small'))]), /gizmo\.demo\.example\.com\/g1 created/);
      assert.match(await ok(['apply', '-f', await file('g1b.yaml', gizmo('large'))]), /gizmo\.demo\.example\.com\/g1 configured/);
      const table = await ok(['get', 'gizmos']);
      assert.match(table, /^NAME\s+SIZE\s+REPLICAS\n/);
      assert.match(table, /^g1\s+large\s+1\n/m);
      assert.match(await ok(['get', 'gz']), /^g1\s+large\s+1$/m);
      assert.match(await ok(['get', 'all']), /^gizmo\.demo\.example\.com\/g1\s+large\s+1$/m);
      const yaml = parse(await ok(['get', 'gz', 'g1', '-o', 'yaml']));
      assert.equal(yaml.apiVersion, 'demo.example.com/v1');
      assert.equal(yaml.kind, 'Gizmo');
      assert.equal(yaml.spec.size, 'large');
      assert.ok(yaml.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    });

    it('patches with a merge patch and scales', async () => {
      assert.match(await ok(['patch', 'gizmo', 'g1', '--type=merge', '-p', '{"spec":{"size":"medium"}}']), /gizmo\.demo\.example\.com\/g1 patched/);
      assert.match(await ok(['scale', 'gizmo', 'g1', '--replicas=3']), /gizmo\.demo\.example\.com\/g1 scaled/);
      assert.match(await ok(['get', 'gizmo', 'g1']), /^g1\s+medium\s+3$/m);
      const r = await k(['patch', 'gizmo', 'g1', '-p', '{"spec":{"size":"x"}}']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /strategic merge patch is not supported|415|unknown format/i);
    });

    it('deletes the custom resource and then the CRD', async () => {
      assert.match(await ok(['delete', 'gizmo', 'g1']), /gizmo\.demo\.example\.com "g1" deleted/);
      await ok(['apply', '-f', join(dir, 'g1.yaml')]);
      assert.match(await ok(['delete', 'crd', 'gizmos.demo.example.com', '--timeout=20s']), /customresourcedefinition\.apiextensions\.k8s\.io "gizmos\.demo\.example\.com" deleted/);
      const r = await k(['get', 'gizmos']);
      assert.notEqual(r.code, 0);
      // A fresh discovery says no such type; kubectl's cached discovery gets the 404 of the list.
      assert.match(r.stderr, /the server doesn't have a resource type "gizmos"|the server could not find the requested resource/);
      assert.equal((await server.server.storage.list('/registry/demo.example.com/gizmos/')).items.length, 0);
    });
  });
}

suite('1.33');
suite('1.31');
