// The webhook source fed from the registry stores (list, then watch) that the server will use:
// configurations created, changed and deleted through the store reach admission. In-memory
// storage and the real HTTPS test webhook; about 0.3 s.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  mutatingWebhookConfigurationResource,
  validatingWebhookConfigurationResource,
} from '../../generated/admissionregistration.k8s.io/v1/index.js';
import { createAdmission, StoreWebhookSource, type Admission } from '../../runtime/admission/index.js';
import { ServedResources } from '../../runtime/endpoints/served-resources.js';
import { isStatusError, type StatusError } from '../../runtime/errors/index.js';
import type { RegistryObject, RegistryStore } from '../../runtime/registry/index.js';
import { ResourceInstaller } from '../../runtime/server/core/install-resources.js';
import { openEmbeddedStorage, type EmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import { createConfigMap, startWebhookServer, validatingConfig, validatingWebhook, type WebhookServer } from './support.js';

let server: WebhookServer;
let backend: EmbeddedStorage;
let installer: ResourceInstaller;
let validating: RegistryStore<RegistryObject>;
let admission: Admission;

before(async () => {
  server = await startWebhookServer();
  backend = await openEmbeddedStorage({ mode: 'memory' });
  installer = new ResourceInstaller({ backend, keyPrefix: '/registry', served: new ServedResources() });
  const m = await installer.install(mutatingWebhookConfigurationResource);
  const v = await installer.install(validatingWebhookConfigurationResource);
  validating = v.store!;
  admission = createAdmission({
    webhookSource: new StoreWebhookSource({ mutating: m.store!, validating: v.store!, onError: (err) => assert.fail(String(err)) }),
    onError: () => {},
  });
});

after(async () => {
  await admission.stop();
  await installer.close();
  await backend.close();
  await server.close();
});

/** Retries until admission answers as expected; the informer applies store changes asynchronously. */
async function eventually(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

const rejection = async (): Promise<StatusError | null> => {
  try {
    await admission.validate(createConfigMap());
    return null;
  } catch (err) {
    assert.ok(isStatusError(err));
    return err;
  }
};

describe('webhook configurations from the registry stores', () => {
  it('follows creates, updates and deletes of ValidatingWebhookConfigurations', async () => {
    server.handle('/store-deny', () => ({ allowed: false, status: { message: 'from the store' } }));
    server.handle('/store-deny-2', () => ({ allowed: false, status: { message: 'updated' } }));
    await admission.synced();
    assert.equal(await rejection(), null);

    const cc = (path: string) => ({ url: server.url(path), caBundle: server.caBundle });
    const created = await validating.create(validatingConfig('stored', [validatingWebhook('stored.example.com', cc('/store-deny'))]) as RegistryObject);
    await eventually(async () => {
      assert.equal((await rejection())?.message, 'admission webhook "stored.example.com" denied the request: from the store');
    });

    await validating.update('stored', {
      ...validatingConfig('stored', [validatingWebhook('stored.example.com', cc('/store-deny-2'))]),
      metadata: { name: 'stored', resourceVersion: created.object.metadata!.resourceVersion! },
    } as RegistryObject);
    await eventually(async () => {
      assert.equal((await rejection())?.message, 'admission webhook "stored.example.com" denied the request: updated');
    });

    await validating.delete('stored');
    await eventually(async () => {
      assert.equal(await rejection(), null);
    });
  });
});
