// The bootstrap controller: the `kubernetes` Service and Endpoints and the system namespaces,
// created at start with the real port, put back when deleted, repaired when changed; its
// readyz checks; and a clean stop. One server (~0.6 s to start) serves the end-to-end cases;
// the pure helpers and the periodic pass are checked without HTTP.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resources } from '../../generated/index.js';
import {
  BootstrapController,
  desiredEndpoints,
  desiredService,
  firstServiceIP,
  InformerHub,
  repairedEndpoints,
  repairedService,
  resolveAdvertiseAddress,
} from '../../runtime/controllers/index.js';
import type { RegistryObject } from '../../runtime/registry/index.js';
import { ServedResources } from '../../runtime/endpoints/served-resources.js';
import { ResourceInstaller } from '../../runtime/server/core/install-resources.js';
import { DEFAULT_OPTIONS, startApiServer, type ApiServer } from '../../runtime/server/index.js';
import { openEmbeddedStorage } from '../../runtime/storage/embedded/index.js';
import { kubectlBinary, kubectlFor } from '../support/kubectl.js';

type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Reply {
  status: number;
  text: string;
  body: Json;
}

/** Polls until check answers something other than undefined, or fails at the deadline. */
async function eventually<R>(what: string, check: () => Promise<R | undefined>, deadlineMs = 5_000): Promise<R> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('bootstrap controller (server)', { timeout: 60_000 }, () => {
  let server: ApiServer;
  const errors: unknown[] = [];
  const rejections: unknown[] = [];
  const onRejection = (err: unknown) => rejections.push(err);

  const call = (method: string, path: string, body?: unknown, accept = 'application/json') =>
    new Promise<Reply>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers = { 'content-type': 'application/json', accept, ...(payload ? { 'content-length': String(payload.length) } : {}) };
      const creds = { ca: server.caPem, cert: server.admin.certPem, key: server.admin.keyPem };
      const req = request(new URL(path, server.url), { method, ...creds, headers }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          let parsed: Json = {};
          try {
            parsed = JSON.parse(text) as Json;
          } catch {
            // health endpoints answer plain text
          }
          resolve({ status: res.statusCode ?? 0, text, body: parsed });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });

  const SERVICE = '/api/v1/namespaces/default/services/kubernetes';
  const ENDPOINTS = '/api/v1/namespaces/default/endpoints/kubernetes';

  before(async () => {
    process.on('unhandledRejection', onRejection);
    server = await startApiServer({
      ...DEFAULT_OPTIONS,
      dataDir: undefined,
      bindAddress: '127.0.0.1',
      securePort: 0,
      serviceClusterIpRange: '10.96.0.0/12',
      onError: (err) => errors.push(err),
    });
  });
  after(async () => {
    await server?.close();
    process.off('unhandledRejection', onRejection);
  });

  test('the Service exists as kube-apiserver makes it, targeting the port really bound', async () => {
    assert.notEqual(server.port, 0);
    const svc = await call('GET', SERVICE);
    assert.equal(svc.status, 200);
    assert.deepEqual(svc.body.metadata.labels, { component: 'apiserver', provider: 'kubernetes' });
    assert.deepEqual(svc.body.spec, {
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: server.port }],
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    });
  });

  test('the Endpoints point at the advertise address and the real port', async () => {
    const ep = await call('GET', ENDPOINTS);
    assert.equal(ep.status, 200);
    assert.deepEqual(ep.body.metadata.labels, { 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    assert.deepEqual(ep.body.subsets, [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: server.port, protocol: 'TCP' }] }]);
  });

  test('readyz?verbose lists informer-sync and poststarthook/bootstrap-controller as ok', async () => {
    const r = await call('GET', '/readyz?verbose', undefined, 'text/plain');
    assert.equal(r.status, 200);
    const lines = r.text.split('\n');
    assert.ok(lines.includes('[+]informer-sync ok'), r.text);
    assert.ok(lines.includes('[+]poststarthook/bootstrap-controller ok'), r.text);
  });

  test('a deleted Service comes back', async () => {
    const before = await call('GET', SERVICE);
    assert.equal((await call('DELETE', SERVICE)).status, 200);
    const back = await eventually('the Service to be re-created', async () => {
      const r = await call('GET', SERVICE);
      return r.status === 200 && r.body.metadata.uid !== before.body.metadata.uid ? r : undefined;
    });
    assert.equal(back.body.spec.clusterIP, '10.96.0.1');
    assert.equal(back.body.spec.ports[0].targetPort, server.port);
  });

  test('a deleted Endpoints comes back', async () => {
    const before = await call('GET', ENDPOINTS);
    assert.equal((await call('DELETE', ENDPOINTS)).status, 200);
    const back = await eventually('the Endpoints to be re-created', async () => {
      const r = await call('GET', ENDPOINTS);
      return r.status === 200 && r.body.metadata.uid !== before.body.metadata.uid ? r : undefined;
    });
    assert.deepEqual(back.body.subsets[0].ports, [{ name: 'https', port: server.port, protocol: 'TCP' }]);
  });

  test('changed Endpoints (address, port, label) are repaired; other labels are kept', async () => {
    const current = (await call('GET', ENDPOINTS)).body;
    const changed = {
      ...current,
      metadata: { ...current.metadata, labels: { team: 'x' } },
      subsets: [{ addresses: [{ ip: '10.1.2.3' }, { ip: '127.0.0.1' }], ports: [{ name: 'https', port: 1234, protocol: 'TCP' }] }],
    };
    const put = await call('PUT', ENDPOINTS, changed);
    assert.equal(put.status, 200, put.text);
    const repaired = await eventually('the Endpoints to be repaired', async () => {
      const r = await call('GET', ENDPOINTS);
      return r.body.metadata?.resourceVersion !== put.body.metadata.resourceVersion ? r : undefined;
    });
    assert.deepEqual(repaired.body.subsets, [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: server.port, protocol: 'TCP' }] }]);
    assert.deepEqual(repaired.body.metadata.labels, { team: 'x', 'endpointslice.kubernetes.io/skip-mirror': 'true' });
  });

  test('changed Service ports and type are repaired', async () => {
    const current = (await call('GET', SERVICE)).body;
    const changed = { ...current, spec: { ...current.spec, type: 'NodePort', ports: [{ name: 'web', protocol: 'TCP', port: 8080, targetPort: 8080, nodePort: 30080 }] } };
    const put = await call('PUT', SERVICE, changed);
    assert.equal(put.status, 200, put.text);
    const repaired = await eventually('the Service to be repaired', async () => {
      const r = await call('GET', SERVICE);
      return r.body.metadata?.resourceVersion !== put.body.metadata.resourceVersion ? r : undefined;
    });
    assert.equal(repaired.body.spec.type, 'ClusterIP');
    assert.deepEqual(repaired.body.spec.ports, [{ name: 'https', protocol: 'TCP', port: 443, targetPort: server.port }]);
  });

  test('a deleted kube-node-lease namespace comes back once its deletion has finished', async () => {
    const path = '/api/v1/namespaces/kube-node-lease';
    const before = await call('GET', path);
    assert.equal(before.status, 200);
    // Something inside, so the namespace stays Terminating for a moment while it is emptied.
    const cm = await call('POST', '/api/v1/namespaces/kube-node-lease/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inside' } });
    assert.equal(cm.status, 201, cm.text);
    const del = await call('DELETE', path);
    assert.equal(del.status, 200, del.text);
    const back = await eventually('kube-node-lease to be re-created', async () => {
      const r = await call('GET', path);
      return r.status === 200 && r.body.metadata.uid !== before.body.metadata.uid ? r : undefined;
    });
    assert.equal(back.body.metadata.deletionTimestamp, undefined);
    assert.equal(back.body.status.phase, 'Active');
    // The content went with the old namespace.
    assert.equal((await call('GET', '/api/v1/namespaces/kube-node-lease/configmaps/inside')).status, 404);
  });

  test('kube-public cannot be deleted through the API, and comes back when removed from storage', async () => {
    const path = '/api/v1/namespaces/kube-public';
    const refused = await call('DELETE', path);
    assert.equal(refused.status, 403);
    const before = await call('GET', path);
    await server.storage.delete('/registry/namespaces/kube-public');
    await eventually('kube-public to be re-created', async () => {
      const r = await call('GET', path);
      return r.status === 200 && r.body.metadata.uid !== before.body.metadata.uid ? r : undefined;
    });
  });

  test('a Table GET of services shows the kubernetes Service as kubectl prints it', async () => {
    const r = await call('GET', '/api/v1/namespaces/default/services', undefined, 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.kind, 'Table');
    assert.deepEqual(
      r.body.columnDefinitions.slice(0, 5).map((c: Json) => c.name),
      ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)'],
    );
    const row = r.body.rows.find((x: Json) => x.cells[0] === 'kubernetes');
    assert.deepEqual(row.cells.slice(0, 5), ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
  });

  test('kubectl 1.33 get svc kubernetes', { skip: kubectlBinary('1.33') ? false : 'kubectl.1.33 not installed' }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capstan-bootstrap-'));
    try {
      const kubeconfigPath = join(dir, 'admin.kubeconfig');
      await writeFile(kubeconfigPath, server.kubeconfig, { mode: 0o600 });
      const kubectl = kubectlFor('1.33', kubeconfigPath, dir)!;
      const r = await kubectl(['get', 'svc', 'kubernetes', '-n', 'default', '--no-headers']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+\S+\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('stops cleanly: no errors reported, no unhandled rejections, nothing written after close', async () => {
    assert.deepEqual(errors, []);
    // A re-create is due as the server closes: it either lands before the store closes or never
    // starts. A write tried on the closed store would fail and be reported through onError.
    await server.storage.delete('/registry/services/default/kubernetes');
    await server.close();
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(errors, []);
    assert.deepEqual(rejections, []);
  });
});

describe('bootstrap controller (in process)', { timeout: 30_000 }, () => {
  test('the periodic pass restores what no event announced', async () => {
    const backend = await openEmbeddedStorage({ mode: 'memory' });
    const installer = new ResourceInstaller({ backend, keyPrefix: '/registry', served: new ServedResources() });
    await Promise.all(resources.map((r) => installer.install(r)));
    const store = (plural: string) => installer.get('', 'v1', plural)!.store!;
    // A hub never started delivers no events: only the resync can act.
    const hub = new InformerHub(installer);
    const endpoint = { serviceIP: '10.0.0.1', advertiseAddress: '192.0.2.10', securePort: 6443 };
    const errors: unknown[] = [];
    const controller = new BootstrapController({
      hub,
      namespaces: store('namespaces'),
      services: store('services'),
      endpoints: store('endpoints'),
      endpoint,
      resyncMs: 30,
      onError: (err) => errors.push(err),
    });
    try {
      assert.equal(controller.hasReconciled(), false);
      controller.start();
      await controller.firstPass();
      assert.equal(controller.hasReconciled(), true);
      const names = (await store('namespaces').list()).items.map((n) => n.metadata?.name).sort();
      assert.deepEqual(names, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
      await store('services').delete('kubernetes', { namespace: 'default' });
      await store('namespaces').delete('kube-node-lease');
      await eventually('the resync to restore the Service', async () => {
        const svc = await store('services').get('kubernetes', { namespace: 'default' }).catch(() => undefined);
        return svc as RegistryObject | undefined;
      });
      // The namespace had the kubernetes finalizer and no namespace controller runs here: it
      // stays Terminating, and the controller waits for it without reporting errors.
      const ns = (await store('namespaces').get('kube-node-lease')) as Json;
      assert.notEqual(ns.metadata.deletionTimestamp, undefined);
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(errors, []);
    } finally {
      await controller.stop();
      await backend.close();
    }
  });
});

describe('bootstrap controller (pure helpers)', () => {
  test('firstServiceIP is the range network address plus one', () => {
    assert.equal(firstServiceIP('10.0.0.0/24'), '10.0.0.1');
    assert.equal(firstServiceIP('10.96.0.0/12'), '10.96.0.1');
    assert.equal(firstServiceIP('192.168.7.200/24'), '192.168.7.1');
    assert.equal(firstServiceIP('172.16.255.0/16'), '172.16.0.1');
    assert.throws(() => firstServiceIP('10.0.0.0/31'));
    assert.throws(() => firstServiceIP('fd00::/108'));
  });

  test('resolveAdvertiseAddress: flag, then bind address, then the first non-loopback IPv4', () => {
    const interfaces = {
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '00:00:00:00:00:00', cidr: '127.0.0.1/8' }],
      eth0: [
        { address: 'fe80::1', family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '02:00:00:00:00:01', cidr: 'fe80::1/64', scopeid: 2 },
        { address: '192.0.2.7', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '02:00:00:00:00:01', cidr: '192.0.2.7/24' },
      ],
    } as const;
    const ifs = interfaces as unknown as Parameters<typeof resolveAdvertiseAddress>[2];
    assert.equal(resolveAdvertiseAddress('0.0.0.0', '198.51.100.4', ifs), '198.51.100.4');
    assert.equal(resolveAdvertiseAddress('127.0.0.1', undefined, ifs), '127.0.0.1');
    assert.equal(resolveAdvertiseAddress('0.0.0.0', undefined, ifs), '192.0.2.7');
    assert.equal(resolveAdvertiseAddress('::', undefined, ifs), '192.0.2.7');
    assert.equal(resolveAdvertiseAddress('0.0.0.0', undefined, { lo: interfaces.lo } as unknown as typeof ifs), '127.0.0.1');
  });

  test('repairs are null when the objects are right, and put back ports, type and addresses', () => {
    const e = { serviceIP: '10.0.0.1', advertiseAddress: '192.0.2.7', securePort: 6443 };
    assert.equal(repairedService(desiredService(e), e), null);
    assert.equal(repairedEndpoints(desiredEndpoints(e), e), null);
    const svc = desiredService(e);
    svc.spec!.ports![0]!.targetPort = '6443';
    assert.deepEqual(repairedService(svc, e)?.spec?.ports, desiredService(e).spec?.ports);
    const ep = desiredEndpoints(e);
    ep.subsets![0]!.addresses!.push({ ip: '192.0.2.8' });
    assert.deepEqual(repairedEndpoints(ep, e)?.subsets, desiredEndpoints(e).subsets);
  });
});
