// Real kubectl 1.33 against a real server with a CRD installed: `explain` reads the custom
// resource's fields from /openapi/v3, and `apply -f` twice computes a JSON merge patch (the
// CR document offers no strategic merge) and changes the object. Runs only once api-server.ts
// passes a custom resource OpenAPI provider to openApiSource (the serving room wires it); then
// it costs about 5 s (server start, CRD establishment, six kubectl runs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../runtime/server/index.js';
import { kubectlFor, type Kubectl } from '../../support/kubectl.js';

const wired = readFileSync(new URL('../../../runtime/server/api-server.ts', import.meta.url), 'utf8').includes('customResourceOpenApiProvider');

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, listKind: WidgetList, plural: widgets, singular: widget}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        description: A widget made to order.
        properties:
          spec:
            type: object
            description: The widget as ordered.
            required: [color]
            properties:
              color: {type: string, enum: [red, blue], description: The colour the widget is painted.}
              size: {type: integer, minimum: 1, description: Edge length in centimetres.}
              labels: {type: object, additionalProperties: {type: string}}
          status:
            type: object
            properties:
              ready: {type: boolean}
`;

const widget = (color: string, labels: string) => `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w1
  namespace: default
spec:
  color: ${color}
  size: 3
  labels: {${labels}}
`;

describe('kubectl 1.33 and custom resource OpenAPI', { timeout: 180_000, skip: wired ? false : 'api-server.ts does not pass a custom resource OpenAPI provider to openApiSource yet' }, () => {
  let server: TestServer;
  let k: Kubectl;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-kubectl-crd-openapi-'));
    server = await startTestServer({ storage: 'memory' });
    const bound = kubectlFor('1.33', server.kubeconfigPath, join(dir, 'cache'));
    assert.ok(bound, 'kubectl.1.33 is not installed');
    k = bound;
    await ok(['apply', '-f', await file('crd.yaml', CRD)]);
    await ok(['wait', '--for=condition=Established', '--timeout=30s', 'crd/widgets.example.com']);
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
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

  it('explain widgets.spec describes the fields of the CRD schema', async () => {
    const { stdout } = await ok(['explain', 'widgets.spec']);
    assert.match(stdout, /^GROUP:\s+example\.com\nKIND:\s+Widget\nVERSION:\s+v1\n\nFIELD: spec <Object>\n/);
    assert.match(stdout, /The widget as ordered\./);
    assert.match(stdout, /^ {2}color\t<string> -required-$/m);
    assert.match(stdout, /The colour the widget is painted\./);
    assert.match(stdout, /^ {2}size\t<integer>$/m);
    const meta = await ok(['explain', 'widgets.metadata.name']);
    assert.match(meta.stdout, /FIELD: name <string>/);
  });

  it('apply -f twice: created, then configured through a merge patch', async () => {
    const first = await ok(['apply', '-f', await file('w1.yaml', widget('red', 'a: "1", b: "2"'))]);
    assert.equal(first.stdout, 'widget.example.com/w1 created\n');
    const second = await ok(['apply', '-f', await file('w2.yaml', widget('blue', 'a: "1"')), '-v=8']);
    assert.equal(second.stdout, 'widget.example.com/w1 configured\n');
    // kubectl found fieldValidation on the CR's patch operation in /openapi/v3, so it validates server-side.
    assert.match(second.stderr, /(?:PATCH |verb="PATCH" url=")https:\/\/[^/\s]+\/apis\/example\.com\/v1\/namespaces\/default\/widgets\/w1\?\S*fieldValidation=Strict/);
    assert.match(second.stderr, /Content-Type: application\/merge-patch\+json/);
    const spec = JSON.parse((await ok(['get', 'widgets', 'w1', '-n', 'default', '-o', 'jsonpath={.spec}'])).stdout) as unknown;
    // The label apply itself set last time and no longer lists is removed (three-way merge).
    assert.deepEqual(spec, { color: 'blue', size: 3, labels: { a: '1' } });
  });
});
