import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  inClusterConfig,
  isInCluster,
  KubeConfigError,
  loadDefaultConfig,
  loadKubeConfig,
  restConfigFromKubeConfig,
} from '../../runtime/client/index.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-kubeconfig-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };

  // first.yaml: current-context "dev"; defines cluster "shared" and user "alice".
  const first = write(
    'a/first.yaml',
    `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: shared
  cluster:
    server: https://first.example:6443
    certificate-authority: certs/ca.pem
    tls-server-name: kube.internal
contexts:
- name: dev
  context: { cluster: shared, user: alice, namespace: team-a }
users:
- name: alice
  user:
    client-certificate: certs/alice.crt
    client-key: ./certs/alice.key
`,
  );
  write('a/certs/ca.pem', 'CA FROM FILE');
  write('a/certs/alice.crt', 'ALICE CERT');
  write('a/certs/alice.key', 'ALICE KEY');
  // second.yaml: its own current-context and a second "shared" cluster, both ignored in the merge.
  const second = write(
    'b/second.yaml',
    `current-context: prod
clusters:
- name: shared
  cluster: { server: https://second.example }
- name: prod
  cluster:
    server: https://prod.example
    certificate-authority-data: ${b64('CA FROM DATA')}
    insecure-skip-tls-verify: true
contexts:
- name: prod
  context: { cluster: prod, user: bob }
- name: dev
  context: { cluster: prod, user: bob }
- name: basic
  context: { cluster: prod, user: carol }
- name: filetoken
  context: { cluster: prod, user: dave }
- name: plugin
  context: { cluster: prod, user: erin }
users:
- name: bob
  user:
    token: bob-token
    client-certificate-data: ${b64('BOB CERT')}
    client-key-data: ${b64('BOB KEY')}
- name: carol
  user: { username: carol, password: s3cret }
- name: dave
  user: { tokenFile: tokens/dave }
- name: erin
  user:
    exec: { command: get-token }
`,
  );

  it('merges KUBECONFIG files with first-wins rules and resolves paths against each file', () => {
    const env = { KUBECONFIG: [first, join(dir, 'missing.yaml'), second].join(delimiter) };
    const config = loadKubeConfig({ env });
    assert.deepEqual(config.files, [first, second], 'a missing file is skipped');
    assert.equal(config.currentContext, 'dev', 'the first current-context wins');
    assert.equal(config.clusters.get('shared')!.server, 'https://first.example:6443', 'the first definition of a name wins');
    assert.equal(config.contexts.get('dev')!.cluster, 'shared');
    assert.equal(config.clusters.get('shared')!.certificateAuthority, join(dir, 'a/certs/ca.pem'));
    assert.equal(config.users.get('dave')!.tokenFile, join(dir, 'b/tokens/dave'));

    const rest = restConfigFromKubeConfig(config);
    assert.equal(rest.server, 'https://first.example:6443');
    assert.equal(rest.ca!.toString(), 'CA FROM FILE');
    assert.equal(rest.tlsServerName, 'kube.internal');
    assert.equal(rest.namespace, 'team-a');
    assert.equal(rest.cert!.toString(), 'ALICE CERT');
    assert.equal(rest.key!.toString(), 'ALICE KEY');
    assert.equal(rest.token, undefined);
  });

  it('an absolute path is kept; a file that cannot be read fails with a clear error', () => {
    const broken = write('c/broken.yaml', `current-context: x
clusters: [{name: k, cluster: {server: "https://k"}}]
contexts: [{name: x, context: {cluster: k, user: u}}]
users: [{name: u, user: {client-certificate-data: ${b64('C')}, client-key: ${join(dir, 'nowhere.key')}}}]
`);
    const config = loadKubeConfig({ paths: [broken] });
    assert.equal(config.users.get('u')!.clientKey, join(dir, 'nowhere.key'));
    assert.throws(() => restConfigFromKubeConfig(config), (e: unknown) => e instanceof KubeConfigError && /nowhere\.key/.test(e.message));
  });

  it('an explicit context; data fields, tokens, basic auth, token files; unsupported plugins', () => {
    const config = loadKubeConfig({ paths: [second] });
    const prod = restConfigFromKubeConfig(config, { context: 'prod' });
    assert.equal(prod.server, 'https://prod.example');
    assert.equal(prod.ca!.toString(), 'CA FROM DATA');
    assert.equal(prod.insecureSkipTLSVerify, true);
    assert.equal(prod.token, 'bob-token');
    assert.equal(prod.cert!.toString(), 'BOB CERT');
    assert.equal(prod.key!.toString(), 'BOB KEY');
    assert.equal(prod.namespace, undefined);
    const basic = restConfigFromKubeConfig(config, { context: 'basic' });
    assert.deepEqual([basic.username, basic.password], ['carol', 's3cret']);
    assert.equal(restConfigFromKubeConfig(config, { context: 'filetoken' }).tokenFile, join(dir, 'b/tokens/dave'));
    assert.throws(() => restConfigFromKubeConfig(config, { context: 'plugin' }), /exec credential plugins/);
    assert.throws(() => restConfigFromKubeConfig(config, { context: 'nope' }), /context "nope" does not exist/);
  });

  it('falls back to ~/.kube/config, and to in-cluster when there is no file', () => {
    const home = join(dir, 'home');
    write('home/.kube/config', `current-context: c\nclusters: [{name: k, cluster: {server: "http://127.0.0.1:1"}}]\ncontexts: [{name: c, context: {cluster: k}}]\n`);
    assert.equal(loadDefaultConfig({ env: {}, home }).server, 'http://127.0.0.1:1');
    const sa = join(dir, 'sa');
    write('sa/token', 'pod-token\n');
    write('sa/ca.crt', 'POD CA');
    write('sa/namespace', 'kube-system');
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const fromPod = loadDefaultConfig({ env, home: join(dir, 'nohome'), serviceAccountDir: sa });
    assert.equal(fromPod.server, 'https://10.0.0.1:443');
    assert.throws(() => loadDefaultConfig({ env: {}, home: join(dir, 'nohome') }), KubeConfigError);
  });

  it('in-cluster: service host and port, token file, CA, namespace; IPv6 hosts bracketed', () => {
    const sa = join(dir, 'sa2');
    write('sa2/token', 'tok');
    write('sa2/ca.crt', 'CA');
    const env = { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' };
    assert.equal(isInCluster({ env }), true);
    assert.equal(isInCluster({ env: {} }), false);
    const config = inClusterConfig({ env, serviceAccountDir: sa });
    assert.equal(config.server, 'https://[fd00::1]:6443');
    assert.equal(config.tokenFile, join(sa, 'token'));
    assert.equal(config.ca!.toString(), 'CA');
    assert.equal(config.namespace, 'default', 'no namespace file means default');
    assert.throws(() => inClusterConfig({ env, serviceAccountDir: join(dir, 'nothing') }), /token/);
  });
});
