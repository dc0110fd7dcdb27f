// Rule matching as kube's webhook rule matcher decides it. Pure functions; a few ms.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RuleWithOperations } from '../../generated/admissionregistration.k8s.io/v1/index.js';
import { ruleMatches, type AdmissionAttributes } from '../../runtime/admission/index.js';

type Req = Pick<AdmissionAttributes, 'operation' | 'resource' | 'subresource' | 'namespace'>;

const req = (resource: string, opts: { sub?: string; ns?: string; op?: Req['operation']; group?: string; version?: string } = {}): Req => ({
  operation: opts.op ?? 'CREATE',
  resource: { group: opts.group ?? '', version: opts.version ?? 'v1', resource },
  subresource: opts.sub ?? '',
  namespace: opts.ns ?? 'default',
});

const rule = (resources: string[], extra: Partial<RuleWithOperations> = {}): RuleWithOperations => ({
  operations: ['*'],
  apiGroups: ['*'],
  apiVersions: ['*'],
  resources,
  ...extra,
});

const table: Array<[string, RuleWithOperations, Req, boolean]> = [
  ['exact resource', rule(['pods']), req('pods'), true],
  ['exact resource, other resource', rule(['pods']), req('services'), false],
  ['bare resource never covers a subresource', rule(['pods']), req('pods', { sub: 'status' }), false],
  ['resource/subresource', rule(['pods/status']), req('pods', { sub: 'status' }), true],
  ['resource/subresource, main resource', rule(['pods/status']), req('pods'), false],
  ['resource/subresource, other subresource', rule(['pods/status']), req('pods', { sub: 'exec' }), false],
  ['"*" covers every resource', rule(['*']), req('configmaps'), true],
  ['"*" covers no subresource', rule(['*']), req('deployments', { sub: 'scale' }), false],
  ['"*/*" covers subresources', rule(['*/*']), req('deployments', { sub: 'scale' }), true],
  ['"*/*" covers main resources', rule(['*/*']), req('deployments'), true],
  ['"pods/*" covers pods', rule(['pods/*']), req('pods'), true],
  ['"pods/*" covers pods/status', rule(['pods/*']), req('pods', { sub: 'status' }), true],
  ['"pods/*" not services/status', rule(['pods/*']), req('services', { sub: 'status' }), false],
  ['"*/status" covers any status', rule(['*/status']), req('services', { sub: 'status' }), true],
  ['"*/status" not the main resource', rule(['*/status']), req('services'), false],
  ['no resources listed: nothing', rule([]), req('pods'), false],
  ['operation listed', rule(['*'], { operations: ['CREATE'] }), req('pods', { op: 'CREATE' }), true],
  ['operation not listed', rule(['*'], { operations: ['CREATE'] }), req('pods', { op: 'UPDATE' }), false],
  ['operation "*"', rule(['*'], { operations: ['*'] }), req('pods', { op: 'DELETE' }), true],
  ['CONNECT', rule(['pods/exec'], { operations: ['CONNECT'] }), req('pods', { op: 'CONNECT', sub: 'exec' }), true],
  ['group listed', rule(['*'], { apiGroups: ['apps'] }), req('deployments', { group: 'apps' }), true],
  ['group not listed', rule(['*'], { apiGroups: ['apps'] }), req('pods'), false],
  ['core group is ""', rule(['*'], { apiGroups: [''] }), req('pods'), true],
  ['version listed', rule(['*'], { apiVersions: ['v1'] }), req('pods'), true],
  ['version not listed', rule(['*'], { apiVersions: ['v1beta1'] }), req('pods'), false],
  ['scope absent = "*"', rule(['*']), req('nodes', { ns: '' }), true],
  ['scope "*"', rule(['*'], { scope: '*' }), req('nodes', { ns: '' }), true],
  ['Cluster scope, cluster-scoped', rule(['*'], { scope: 'Cluster' }), req('nodes', { ns: '' }), true],
  ['Cluster scope, namespaced', rule(['*'], { scope: 'Cluster' }), req('pods'), false],
  ['Namespaced scope, namespaced', rule(['*'], { scope: 'Namespaced' }), req('pods'), true],
  ['Namespaced scope, cluster-scoped', rule(['*'], { scope: 'Namespaced' }), req('nodes', { ns: '' }), false],
  // A Namespace's request carries its own name as namespace, yet it is cluster-scoped.
  ['Cluster scope, a Namespace', rule(['*'], { scope: 'Cluster' }), req('namespaces', { ns: 'team-a' }), true],
  ['Namespaced scope, a Namespace', rule(['*'], { scope: 'Namespaced' }), req('namespaces', { ns: 'team-a' }), false],
  ['several resources, second matches', rule(['services', 'configmaps']), req('configmaps'), true],
];

describe('admission webhook rules', () => {
  for (const [name, r, attrs, expected] of table) {
    it(name, () => assert.equal(ruleMatches(r, attrs), expected));
  }
});
