// Resolving clientConfig.service through a Service and its Endpoints. Pure; a few ms.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointsServiceResolver } from '../../runtime/admission/index.js';
import type { RegistryObject } from '../../runtime/registry/index.js';

const objects: Record<string, RegistryObject> = {
  'svc/ns/hook': { metadata: { name: 'hook' }, spec: { ports: [{ name: 'metrics', port: 9090 }, { name: 'https', port: 443 }] } } as RegistryObject,
  'ep/ns/hook': {
    metadata: { name: 'hook' },
    subsets: [
      { addresses: [{ ip: '10.0.0.9' }], ports: [{ name: 'metrics', port: 9091 }] },
      { addresses: [{ ip: '10.0.0.7' }, { ip: '10.0.0.8' }], ports: [{ name: 'https', port: 8443 }] },
    ],
  } as RegistryObject,
  'svc/ns/empty': { metadata: { name: 'empty' }, spec: { ports: [{ port: 443 }] } } as RegistryObject,
  'ep/ns/empty': { metadata: { name: 'empty' }, subsets: [] } as RegistryObject,
  'svc/ns/ext': { metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'hooks.example.com' } } as RegistryObject,
};

const resolve = endpointsServiceResolver({
  getService: (ns, name) => objects[`svc/${ns}/${name}`] ?? null,
  getEndpoints: (ns, name) => objects[`ep/${ns}/${name}`] ?? null,
});

describe('service resolution through Endpoints', () => {
  it('maps the service port to the endpoint port of the same name', async () => {
    assert.deepEqual(await resolve({ namespace: 'ns', name: 'hook', port: 443 }), { host: '10.0.0.7', port: 8443 });
    assert.deepEqual(await resolve({ namespace: 'ns', name: 'hook', port: 9090 }), { host: '10.0.0.9', port: 9091 });
  });

  it('uses an ExternalName as the host', async () => {
    assert.deepEqual(await resolve({ namespace: 'ns', name: 'ext', port: 443 }), { host: 'hooks.example.com', port: 443 });
  });

  it('says why a service cannot be reached', async () => {
    await assert.rejects(resolve({ namespace: 'ns', name: 'missing', port: 443 }), { message: 'services "missing" not found' });
    await assert.rejects(resolve({ namespace: 'ns', name: 'hook', port: 444 }), { message: 'no service port 444 found for service "hook"' });
    await assert.rejects(resolve({ namespace: 'ns', name: 'empty', port: 443 }), { message: 'no endpoints available for service "empty"' });
  });
});
