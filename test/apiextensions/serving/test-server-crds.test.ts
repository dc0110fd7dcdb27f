// startTestServer({ crds }) installs CRDs from objects and from a directory of YAML manifests
// and hands the server over only once every served version answers, as envtest does; a bad CRD
// fails the start with the API's message. Three in-memory servers; about 2 s.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { startTestServer } from '../../../runtime/server/index.js';
import { adminClient, widgetCrd } from './support.js';

function gadgetCrd(): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gadgets.toys.example.org' },
    spec: {
      group: 'toys.example.org',
      names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
      scope: 'Cluster',
      versions: [{ name: 'v1beta1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
    },
  };
}

describe('startTestServer({ crds })', { timeout: 60_000 }, () => {
  it('serves custom resources of CRDs given as objects and as manifest files at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capstan-crds-'));
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'skipped' } };
    await writeFile(join(dir, 'gadgets.yaml'), `${stringify(configMap)}---\n${stringify(gadgetCrd())}`);
    await writeFile(join(dir, 'notes.txt'), 'not a manifest');
    const server = await startTestServer({ crds: [widgetCrd(), dir] });
    try {
      const call = adminClient(server);
      const widget = await call('POST', '/apis/example.com/v1/namespaces/default/widgets', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { replicas: 1 } });
      assert.equal(widget.status, 201, widget.text);
      const gadget = await call('POST', '/apis/toys.example.org/v1beta1/gadgets', { apiVersion: 'toys.example.org/v1beta1', kind: 'Gadget', metadata: { name: 'g' }, spec: { size: 3 } });
      assert.equal(gadget.status, 201, gadget.text);
      assert.equal((await call('GET', '/api/v1/namespaces/default/configmaps/skipped')).status, 404);
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails the start with the API\'s message for an invalid CRD', async () => {
    const bad = gadgetCrd();
    (bad['spec'] as { scope: string }).scope = 'Galactic';
    await assert.rejects(startTestServer({ crds: [bad] }), /CRD gadgets\.toys\.example\.org: create answered 422: .*spec\.scope: Unsupported value: "Galactic"/);
  });
});
