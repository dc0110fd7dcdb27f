// The security flags with kube-apiserver's names, --help in kube's groups, and exit code 2 for
// a bad flag. Parsing is in-process; one child process checks the exit code (about 1-2 s).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parseServerFlags, serverCommand } from '../../runtime/server/options.js';

describe('server flags', () => {
  it('reads the authentication and authorization flags', () => {
    const o = parseServerFlags([
      '--in-memory',
      '--anonymous-auth=false',
      '--authorization-mode=AlwaysAllow,RBAC',
      '--token-auth-file=/tmp/tokens.csv',
      '--client-ca-file',
      '/tmp/ca.pem',
      '--service-account-key-file=/tmp/a.pub',
      '--service-account-key-file=/tmp/b.pub',
      '--service-account-signing-key-file=/tmp/sa.key',
      '--service-account-issuer=https://one',
      '--service-account-issuer=https://two',
      '--api-audiences=x,y',
      '--tls-cert-file=/tmp/tls.crt',
      '--tls-private-key-file=/tmp/tls.key',
    ]);
    assert.equal(o.anonymousAuth, false);
    assert.deepEqual(o.authorizationModes, ['AlwaysAllow', 'RBAC']);
    assert.equal(o.tokenAuthFile, '/tmp/tokens.csv');
    assert.equal(o.clientCaFile, '/tmp/ca.pem');
    assert.deepEqual(o.serviceAccountKeyFiles, ['/tmp/a.pub', '/tmp/b.pub']);
    assert.equal(o.serviceAccountSigningKeyFile, '/tmp/sa.key');
    assert.deepEqual(o.serviceAccountIssuers, ['https://one', 'https://two']);
    assert.deepEqual(o.apiAudiences, ['x', 'y']);
    assert.equal(o.tlsCertFile, '/tmp/tls.crt');
    assert.equal(o.dataDir, undefined);
  });

  it('defaults as kube-apiserver does: anonymous on, RBAC', () => {
    const o = parseServerFlags([]);
    assert.equal(o.anonymousAuth, true);
    assert.deepEqual(o.authorizationModes, ['RBAC']);
    assert.equal(parseServerFlags(['--anonymous-auth']).anonymousAuth, true);
  });

  it('refuses unknown modes, repeated modes, bad booleans, half a serving pair', () => {
    const quiet = (argv: string[]) => {
      const write = process.stderr.write;
      process.stderr.write = (() => true) as typeof process.stderr.write;
      try {
        return parseServerFlags(argv);
      } finally {
        process.stderr.write = write;
      }
    };
    assert.throws(() => quiet(['--authorization-mode=Webhook']), /not a valid mode/);
    assert.throws(() => quiet(['--authorization-mode=RBAC,RBAC']), /more than once/);
    assert.throws(() => quiet(['--anonymous-auth=perhaps']), /invalid syntax/);
    assert.throws(() => quiet(['--tls-cert-file=/tmp/x']), /must be given together/);
  });

  it('groups --help like kube-apiserver', () => {
    const help = serverCommand().helpInformation();
    const order = ['Generic flags:', 'Etcd flags:', 'Secure serving flags:', 'Authentication flags:', 'Authorization flags:'].map((h) => help.indexOf(h));
    assert.ok(order.every((at) => at >= 0), help);
    assert.deepEqual([...order].sort((a, b) => a - b), order);
    assert.ok(help.indexOf('--token-auth-file') > help.indexOf('Authentication flags:'));
    assert.ok(help.indexOf('--authorization-mode') > help.indexOf('Authorization flags:'));
  });

  it('exits 2 with a clear message on an unknown flag', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'runtime/server/main.ts', '--authorisation-mode=RBAC'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /error: unknown option '--authorisation-mode=RBAC'/);
  });
});
