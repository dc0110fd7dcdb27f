// Policy parsing and kube's validation: each bad field is named together with the file.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadAuditPolicy, parseAuditPolicy } from '../../runtime/audit/index.js';

const SRC = '/etc/capstan/audit.yaml';

function rejects(text: string, pattern: RegExp): void {
  assert.throws(() => parseAuditPolicy(text, SRC), (err: Error) => {
    assert.match(err.message, pattern);
    assert.ok(err.message.includes(SRC), `names the file: ${err.message}`);
    return true;
  });
}

test('policy: a YAML policy with every rule field parses', () => {
  const policy = parseAuditPolicy(
    `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
omitManagedFields: true
rules:
  - level: RequestResponse
    users: [alice]
    userGroups: ["system:masters"]
    verbs: [create, update]
    namespaces: ["", kube-system]
    resources:
      - group: ""
        resources: [pods, pods/log]
        resourceNames: [p1]
      - group: apps
    omitStages: [Panic]
    omitManagedFields: false
  - level: Metadata
    nonResourceURLs: ["/healthz*", "/version"]
  - level: None
    futureField: ignored like kube's lenient decoder does
`,
    SRC,
  );
  assert.equal(policy.rules.length, 3);
  assert.deepEqual(policy.omitStages, ['RequestReceived']);
  assert.equal(policy.omitManagedFields, true);
  assert.deepEqual(policy.rules[0], {
    level: 'RequestResponse',
    users: ['alice'],
    userGroups: ['system:masters'],
    verbs: ['create', 'update'],
    namespaces: ['', 'kube-system'],
    resources: [{ group: '', resources: ['pods', 'pods/log'], resourceNames: ['p1'] }, { group: 'apps' }],
    omitStages: ['Panic'],
    omitManagedFields: false,
  });
  assert.deepEqual(policy.rules[1], { level: 'Metadata', nonResourceURLs: ['/healthz*', '/version'] });
  assert.deepEqual(policy.rules[2], { level: 'None' });
});

test('policy: JSON is accepted too', () => {
  const policy = parseAuditPolicy('{"apiVersion":"audit.k8s.io/v1","kind":"Policy","rules":[{"level":"Metadata"}]}', SRC);
  assert.deepEqual(policy.rules, [{ level: 'Metadata' }]);
});

test('policy: apiVersion and kind are required, and only audit.k8s.io/v1 Policy is read (kube dropped v1beta1 in 1.24)', () => {
  rejects('kind: Policy\nrules: [{level: Metadata}]', /^failed decoding: apiVersion and kind must be set/);
  rejects('apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules: [{level: Metadata}]', /no kind "Policy" is registered for version "audit.k8s.io\/v1beta1"/);
  rejects('apiVersion: audit.k8s.io/v1\nkind: Event\nrules: [{level: Metadata}]', /no kind "Event" is registered/);
  rejects('- a list', /failed decoding: the policy must be an object/);
  rejects('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Metadata}\n', /^failed decoding: /);
});

test('policy: a policy without rules is refused like kube refuses it', () => {
  rejects('apiVersion: audit.k8s.io/v1\nkind: Policy\n', /^loaded illegal policy with 0 rules: from file /);
  rejects('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n', /loaded illegal policy with 0 rules/);
});

const head = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';

test('policy: validation names the field and the bad value', () => {
  rejects(`${head}rules: [{level: Verbose}]`, /^rules\[0\]\.level: Unsupported value: "Verbose": supported values: "None", "Metadata", "Request", "RequestResponse": from file \/etc/);
  rejects(`${head}rules: [{level: Metadata}, {verbs: [get]}]`, /^rules\[1\]\.level: Required value/);
  rejects(`${head}rules: [{level: Metadata, nonResourceURLs: [healthz]}]`, /rules\[0\]\.nonResourceURLs\[0\]: Invalid value: "healthz": non-resource URL rules must begin with a '\/' character/);
  rejects(`${head}rules: [{level: Metadata, nonResourceURLs: ["/a*b"]}]`, /rules\[0\]\.nonResourceURLs\[0\]: Invalid value: "\/a\*b": non-resource URL wildcards '\*' must be the final character of the rule/);
  rejects(
    `${head}rules: [{level: Metadata, nonResourceURLs: ["/x"], resources: [{group: ""}]}]`,
    /rules\[0\]\.nonResourceURLs: Invalid value: \["\/x"\]: rules cannot apply to both regular resources and non-resource URLs/,
  );
  rejects(`${head}rules: [{level: Metadata, nonResourceURLs: ["/x"], namespaces: [default]}]`, /rules cannot apply to both regular resources and non-resource URLs/);
  rejects(`${head}rules: [{level: Metadata, resources: [{group: "apps/v1"}]}]`, /rules\[0\]\.resources\[0\]\.group: Invalid value: "apps\/v1": a lowercase RFC 1123 subdomain/);
  rejects(`${head}rules: [{level: Metadata, resources: [{group: "", resourceNames: [x]}]}]`, /rules\[0\]\.resources\[0\]\.resourceNames: Invalid value: \["x"\]: using resourceNames requires at least one resource/);
  rejects(`${head}rules: [{level: Metadata, omitStages: [Sometime]}]`, /rules\[0\]\.omitStages\[0\]: Invalid value: "Sometime": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic/);
  rejects(`${head}omitStages: [Never]\nrules: [{level: Metadata}]`, /^omitStages\[0\]: Invalid value: "Never"/);
});

test('policy: several errors are reported together', () => {
  rejects(`${head}rules: [{level: Loud}, {level: Metadata, nonResourceURLs: [x]}]`, /^\[rules\[0\]\.level: Unsupported value: "Loud".*, rules\[1\]\.nonResourceURLs\[0\]: Invalid value: "x".*\]: from file/);
});

test('policy: a field of the wrong type is named', () => {
  rejects(`${head}rules: [{level: Metadata, users: bob}]`, /^failed decoding: rules\[0\]\.users: must be a list of strings: from file/);
  rejects(`${head}rules: [{level: Metadata, resources: [{group: "", resources: pods}]}]`, /rules\[0\]\.resources\[0\]\.resources: must be a list of strings/);
  rejects(`${head}rules: [{level: Metadata, omitManagedFields: "yes"}]`, /rules\[0\]\.omitManagedFields: must be a boolean/);
  rejects(`${head}rules: {level: Metadata}`, /rules: must be a list/);
  rejects(`${head}rules: [{level: 3}]`, /rules\[0\]\.level: must be a string/);
});

test('policy: loadAuditPolicy reads a file, and names a file it cannot read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-audit-policy-'));
  try {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, `${head}rules: [{level: Request}]\n`);
    assert.deepEqual((await loadAuditPolicy(path)).rules, [{ level: 'Request' }]);
    await writeFile(path, `${head}rules: [{level: Bad}]\n`);
    await assert.rejects(loadAuditPolicy(path), (err: Error) => err.message.includes(path) && /rules\[0\]\.level/.test(err.message));
    await assert.rejects(loadAuditPolicy(join(dir, 'missing.yaml')), /failed to read file path ".*missing\.yaml"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
