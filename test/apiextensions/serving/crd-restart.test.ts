// A durable server serves the custom resources of stored CRDs from its first request after a
// restart: the CRD controller installs them before the server listens. Two disk-backed server
// starts; about 1-2 s.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type ApiServer } from '../../../runtime/server/api-server.js';
import { DEFAULT_OPTIONS } from '../../../runtime/server/options.js';
import { adminClient, isTrue, waitFor, widgetCrd } from './support.js';

const V1 = '/apis/example.com/v1/namespaces/default/widgets';

describe('CRD serving across a restart', { timeout: 60_000 }, () => {
  let dir: string;
  let server: ApiServer | null = null;

  const start = async () => {
    server = await startApiServer({ ...DEFAULT_OPTIONS, bindAddress: '127.0.0.1', securePort: 0, dataDir: join(dir, 'data') });
    return adminClient(server);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-crd-restart-'));
  });
  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves stored custom resources at once after a restart', async () => {
    let call = await start();
    assert.equal((await call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd())).status, 201);
    await waitFor('Established', async () => {
      const crd = await call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
      return isTrue(crd.json, 'Established') ? true : undefined;
    });
    const created = await call('POST', V1, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'kept' }, spec: { replicas: 2 } });
    assert.equal(created.status, 201, created.text);
    await server!.close();
    server = null;

    call = await start();
    const got = await call('GET', `${V1}/kept`);
    assert.equal(got.status, 200, got.text);
    assert.equal(got.json.spec.replicas, 2);
    assert.equal(got.json.metadata.uid, created.json.metadata.uid);
  });
});
