// kubectl 1.31 (JSON) and 1.33 (protobuf bodies for can-i / whoami) against a server with the full security
// chain: x509 admin, a token-file user, RBAC denials with kube's messages, can-i, whoami,
// impersonation, escalation prevention, anonymous access, ServiceAccount tokens, and ClusterRole
// aggregation. One server per version; about 8-15 s each on 2 cores (kubectl start-up dominates).
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../runtime/server/index.js';
import { kubectlBinary, kubectlFor, type Kubectl, type KubectlVersion } from '../support/kubectl.js';

const ALICE_TOKEN = 'alice-token-0123456789';
const BOB_TOKEN = 'bob-token-0123456789';

function tokenKubeconfig(server: string, caPem: string, token: string): string {
  const ca = Buffer.from(caPem).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: capstan\n  cluster:\n    server: ${server}\n    certificate-authority-data: ${ca}`,
    'users:',
    `- name: user\n  user:\n    token: ${token}`,
    'contexts:',
    '- name: user\n  context:\n    cluster: capstan\n    user: user\n    namespace: default',
    'current-context: user',
    '',
  ].join('\n');
}

function anonymousGet(url: string, caPem: string): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: caPem, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function authSuite(VERSION: KubectlVersion): void {
  describe(`kubectl ${VERSION} authentication and authorization`, { skip: kubectlBinary(VERSION) ? false : `kubectl.${VERSION} not installed` }, () => {
    let dir: string;
    let server: TestServer;
    let admin: Kubectl;
    let alice: Kubectl;
    let bob: Kubectl;
    let cacheN = 0;
    const asToken = async (token: string): Promise<Kubectl> => {
      const path = join(dir, `token-${++cacheN}.kubeconfig`);
      await writeFile(path, tokenKubeconfig(server.url, server.server.caPem, token), { mode: 0o600 });
      return kubectlFor(VERSION, path, join(dir, `cache-${cacheN}`))!;
    };

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'capstan-auth-e2e-'));
      const tokenFile = join(dir, 'tokens.csv');
      await writeFile(tokenFile, `${ALICE_TOKEN},alice,1234,"devs,qa"\n${BOB_TOKEN},bob,5678\n`);
      server = await startTestServer({ security: { tokenAuthFile: tokenFile } });
      admin = kubectlFor(VERSION, server.kubeconfigPath, join(dir, 'cache-admin'))!;
      alice = await asToken(ALICE_TOKEN);
      bob = await asToken(BOB_TOKEN);
      const bind = await admin(['create', 'rolebinding', 'bob-view', '--clusterrole=view', '--user=bob', '-n', 'default']);
      assert.equal(bind.code, 0, bind.stderr);
    });

    after(async () => {
      await server?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test('the admin kubeconfig (system:masters client certificate) works', async () => {
      const r = await admin(['get', 'namespaces', '-o', 'name']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /namespace\/kube-system/);
      const who = await admin(['auth', 'whoami']);
      assert.equal(who.code, 0, who.stderr);
      assert.match(who.stdout, /Username\s+admin/);
      assert.match(who.stdout, /Groups\s+\[system:masters system:authenticated\]/);
    });

    test('a token-file user is authenticated: whoami shows name, uid and groups', async () => {
      const r = await alice(['auth', 'whoami']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Username\s+alice/);
      assert.match(r.stdout, /UID\s+1234/);
      assert.match(r.stdout, /Groups\s+\[devs qa system:authenticated\]/);
    });

    test('a wrong token is 401, never anonymous', async () => {
      const wrong = await asToken('not-a-known-token');
      const r = await wrong(['get', 'configmaps']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /You must be logged in to the server \(the server has asked for the client to provide credentials\)/);
    });

    test('a user bound only to view reads but may not create: 403 with kube\'s message', async () => {
      const get = await bob(['get', 'configmaps']);
      assert.equal(get.code, 0, get.stderr);
      const create = await bob(['create', 'configmap', 'nope', '--from-literal=a=b']);
      assert.equal(create.code, 1);
      assert.equal(
        create.stderr.trim(),
        'error: failed to create configmap: configmaps is forbidden: User "bob" cannot create resource "configmaps" in API group "" in the namespace "default"',
      );
      const apply = await bob(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nope\n  namespace: default\n' });
      assert.notEqual(apply.code, 0);
      assert.match(
        apply.stderr,
        /^Error from server \(Forbidden\): error when creating "STDIN": configmaps is forbidden: User "bob" cannot create resource "configmaps" in API group "" in the namespace "default"$/m,
      );
    });

    test('kubectl auth can-i answers yes and no, and --list shows the rules', async () => {
      const yes = await bob(['auth', 'can-i', 'list', 'configmaps']);
      assert.equal(yes.code, 0, yes.stderr);
      assert.equal(yes.stdout.trim(), 'yes');
      const no = await bob(['auth', 'can-i', 'create', 'configmaps']);
      assert.equal(no.code, 1);
      assert.equal(no.stdout.trim(), 'no');
      const otherNs = await bob(['auth', 'can-i', 'list', 'configmaps', '-n', 'kube-system']);
      assert.equal(otherNs.stdout.trim(), 'no');
      const adminYes = await admin(['auth', 'can-i', '*', '*']);
      assert.equal(adminYes.stdout.trim(), 'yes');
      const list = await bob(['auth', 'can-i', '--list']);
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /^configmaps\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
      assert.match(list.stdout, /selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/);
      assert.doesNotMatch(list.stdout, /^secrets\s/m, 'view does not read secrets');
    });

    test('--as: allowed for the admin, refused for bob', async () => {
      const asBob = await admin(['auth', 'whoami', '--as', 'bob', '--as-group', 'extra-group']);
      assert.equal(asBob.code, 0, asBob.stderr);
      assert.match(asBob.stdout, /Username\s+bob/);
      assert.match(asBob.stdout, /Groups\s+\[extra-group system:authenticated\]/);
      const denied = await admin(['create', 'configmap', 'x', '--as', 'bob']);
      assert.match(denied.stderr, /User "bob" cannot create resource "configmaps"/);
      const refused = await bob(['get', 'configmaps', '--as', 'alice']);
      assert.equal(refused.code, 1);
      assert.equal(
        refused.stderr.trim(),
        'Error from server (Forbidden): users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope',
      );
    });

    test('a Role granting more than its author holds is refused; one within it is accepted', async () => {
      const grant = await admin(['apply', '-f', '-'], {
        input: [
          'apiVersion: rbac.authorization.k8s.io/v1',
          'kind: Role',
          'metadata: {name: role-writer, namespace: default}',
          'rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [create, get]}]',
          '---',
          'apiVersion: rbac.authorization.k8s.io/v1',
          'kind: RoleBinding',
          'metadata: {name: bob-role-writer, namespace: default}',
          'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: role-writer}',
          'subjects: [{kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}]',
          '',
        ].join('\n'),
      });
      assert.equal(grant.code, 0, grant.stderr);
      const escalate = await bob(['create', 'role', 'secret-reader', '--verb=get', '--resource=secrets']);
      assert.equal(escalate.code, 1);
      assert.match(escalate.stderr, /roles\.rbac\.authorization\.k8s\.io "secret-reader" is forbidden: user "bob" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:/);
      assert.match(escalate.stderr, /\{APIGroups:\[""\], Resources:\["secrets"\], Verbs:\["get"\]\}/);
      const within = await bob(['create', 'role', 'cm-reader', '--verb=get', '--resource=configmaps']);
      assert.equal(within.code, 0, within.stderr);
    });

    test('anonymous: 403 on resources, 200 on /healthz /livez /readyz /version', async () => {
      const cm = await anonymousGet(`${server.url}/api/v1/namespaces/default/configmaps`, server.server.caPem);
      assert.equal(cm.code, 403);
      const status = JSON.parse(cm.body) as { kind: string; reason: string; message: string };
      assert.equal(status.kind, 'Status');
      assert.equal(status.message, 'configmaps is forbidden: User "system:anonymous" cannot list resource "configmaps" in API group "" in the namespace "default"');
      for (const path of ['/healthz', '/livez', '/readyz', '/version']) {
        const r = await anonymousGet(`${server.url}${path}`, server.server.caPem);
        assert.equal(r.code, 200, `${path}: ${r.body}`);
      }
      const ready = await anonymousGet(`${server.url}/readyz?verbose`, server.server.caPem);
      assert.match(ready.body, /\[\+\]poststarthook\/rbac\/bootstrap-roles ok/);
    });

    test('a ServiceAccount token from kubectl create token works until the ServiceAccount is deleted', async () => {
      assert.equal((await admin(['create', 'serviceaccount', 'robot'])).code, 0);
      const created = await admin(['create', 'token', 'robot', '--duration=15m']);
      assert.equal(created.code, 0, created.stderr);
      const token = created.stdout.trim();
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number; sub: string };
      assert.equal(claims.exp - claims.iat, 15 * 60, '--duration reaches the TokenRequest');
      assert.equal(claims.sub, 'system:serviceaccount:default:robot');
      const robot = await asToken(token);
      const who = await robot(['auth', 'whoami']);
      assert.equal(who.code, 0, who.stderr);
      assert.match(who.stdout, /Username\s+system:serviceaccount:default:robot/);
      assert.match(who.stdout, /Groups\s+\[system:serviceaccounts system:serviceaccounts:default system:authenticated\]/);
      const denied = await robot(['get', 'secrets']);
      assert.match(denied.stderr, /User "system:serviceaccount:default:robot" cannot list resource "secrets"/);
      assert.equal((await admin(['delete', 'serviceaccount', 'robot'])).code, 0);
      const after = await robot(['auth', 'whoami']);
      assert.notEqual(after.code, 0);
      assert.match(after.stderr, /You must be logged in to the server/);
    });

    test('ClusterRole aggregation: a labelled ClusterRole\'s rules reach view and its holders', async () => {
      assert.equal((await bob(['auth', 'can-i', 'list', 'secrets'])).stdout.trim(), 'no');
      const r = await admin(['apply', '-f', '-'], {
        input: [
          'apiVersion: rbac.authorization.k8s.io/v1',
          'kind: ClusterRole',
          'metadata:',
          '  name: secrets-view',
          '  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}',
          'rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]',
          '',
        ].join('\n'),
      });
      assert.equal(r.code, 0, r.stderr);
      // The controller writes asynchronously: wait for the rule to show up (no timing asserted).
      let rules = '';
      for (let i = 0; i < 100 && !rules.includes('secrets'); i++) {
        rules = (await admin(['get', 'clusterrole', 'view', '-o', 'jsonpath={.rules[*].resources}'])).stdout;
        if (!rules.includes('secrets')) await new Promise((res) => setTimeout(res, 100));
      }
      assert.match(rules, /secrets/);
      const can = await bob(['auth', 'can-i', 'list', 'secrets']);
      assert.equal(can.stdout.trim(), 'yes');
    });
  });
}

// 1.31 sends JSON bodies for can-i and whoami, 1.33 protobuf.
authSuite('1.31');
authSuite('1.33');
