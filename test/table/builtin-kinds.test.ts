// Cost: tens of milliseconds (reads specs/ once).
// For each kind with printer columns in specs/, a realistic object and the cells
// kube-apiserver's table for that kind holds (wide columns included: the server always
// sends them). Expected cells are written from kube's printers' behaviour.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinPrinters, tableStyleFor } from '../../runtime/resources/index.js';
import { NAME_DESCRIPTION, tableConvertor, type Cell, type JsonObject } from '../../runtime/table/index.js';
import { referencedPrinters, specDescriptor } from './spec-columns.js';

const now = Date.parse('2024-05-01T12:00:00Z');
const created = (ago: string): string => new Date(now - parseAgo(ago)).toISOString().replace('.000Z', 'Z');

function parseAgo(ago: string): number {
  const units: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
  let total = 0;
  for (const [, n, u] of ago.matchAll(/(\d+)([smhd])/g)) total += Number(n) * (units[u ?? 's'] ?? 0);
  return total;
}

interface Kind {
  readonly schema: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
}

const kinds = {
  namespace: { schema: 'io.k8s.api.core.v1.Namespace', group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces' },
  configMap: { schema: 'io.k8s.api.core.v1.ConfigMap', group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps' },
  secret: { schema: 'io.k8s.api.core.v1.Secret', group: '', version: 'v1', kind: 'Secret', plural: 'secrets' },
  serviceAccount: { schema: 'io.k8s.api.core.v1.ServiceAccount', group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts' },
  event: { schema: 'io.k8s.api.core.v1.Event', group: '', version: 'v1', kind: 'Event', plural: 'events' },
  eventV1: { schema: 'io.k8s.api.events.v1.Event', group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events' },
  endpoints: { schema: 'io.k8s.api.core.v1.Endpoints', group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints' },
  service: { schema: 'io.k8s.api.core.v1.Service', group: '', version: 'v1', kind: 'Service', plural: 'services' },
  role: { schema: 'io.k8s.api.rbac.v1.Role', group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles' },
  clusterRole: { schema: 'io.k8s.api.rbac.v1.ClusterRole', group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', plural: 'clusterroles' },
  roleBinding: { schema: 'io.k8s.api.rbac.v1.RoleBinding', group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings' },
  clusterRoleBinding: { schema: 'io.k8s.api.rbac.v1.ClusterRoleBinding', group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings' },
  crd: { schema: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition', group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions' },
  lease: { schema: 'io.k8s.api.coordination.v1.Lease', group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases' },
  mwc: { schema: 'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration', group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations' },
  vwc: { schema: 'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration', group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations' },
  vap: { schema: 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicy', group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingAdmissionPolicy', plural: 'validatingadmissionpolicies' },
  vapb: { schema: 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBinding', group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingAdmissionPolicyBinding', plural: 'validatingadmissionpolicybindings' },
  map: { schema: 'io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicy', group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingAdmissionPolicy', plural: 'mutatingadmissionpolicies' },
  mapb: { schema: 'io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicyBinding', group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingAdmissionPolicyBinding', plural: 'mutatingadmissionpolicybindings' },
  apiService: { schema: 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService', group: 'apiregistration.k8s.io', version: 'v1', kind: 'APIService', plural: 'apiservices' },
  fischer: { schema: 'com.example.wardle.v1alpha1.Fischer', group: 'wardle.example.com', version: 'v1alpha1', kind: 'Fischer', plural: 'fischers' },
} satisfies Record<string, Kind>;

function convertor(kind: Kind) {
  const d = specDescriptor(kind.schema, kind.group, kind.version, kind.kind, kind.plural);
  return tableConvertor(d, { printers: builtinPrinters, style: tableStyleFor(d) });
}

function cells(kind: Kind, object: JsonObject): readonly Cell[] {
  return convertor(kind).toTable([object], { now }).rows[0]?.cells ?? [];
}

function headers(kind: Kind): string[] {
  return convertor(kind).columnDefinitions.map((c) => `${c.name}:${c.type}${c.priority > 0 ? ':wide' : ''}`);
}

const meta = (name: string, ago: string, namespace?: string) => ({
  name,
  ...(namespace === undefined ? {} : { namespace }),
  uid: '0a1b2c3d-0000-4000-8000-000000000001',
  resourceVersion: '100',
  creationTimestamp: created(ago),
});

interface Case {
  readonly title: string;
  readonly kind: Kind;
  readonly object: JsonObject;
  readonly cells: readonly Cell[];
}

const cases: Case[] = [
  // core/v1
  { title: 'Namespace', kind: kinds.namespace, object: { metadata: meta('team-a', '5d'), status: { phase: 'Active' } }, cells: ['team-a', 'Active', '5d'] },
  { title: 'Namespace without a phase', kind: kinds.namespace, object: { metadata: meta('new', '3s') }, cells: ['new', '', '3s'] },
  {
    title: 'ConfigMap counting data and binaryData',
    kind: kinds.configMap,
    object: { metadata: meta('settings', '45s', 'default'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } },
    cells: ['settings', 3, '45s'],
  },
  { title: 'empty ConfigMap', kind: kinds.configMap, object: { metadata: meta('nothing', '10m', 'default') }, cells: ['nothing', 0, '10m'] },
  {
    title: 'Secret',
    kind: kinds.secret,
    object: { metadata: meta('tls', '3h10m', 'default'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'AA==', 'tls.key': 'AA==' } },
    cells: ['tls', 'kubernetes.io/tls', 2, '3h10m'],
  },
  {
    title: 'ServiceAccount',
    kind: kinds.serviceAccount,
    object: { metadata: meta('builder', '2m3s', 'ci'), secrets: [{ name: 'builder-token' }] },
    cells: ['builder', 1, '2m3s'],
  },
  { title: 'ServiceAccount without secrets', kind: kinds.serviceAccount, object: { metadata: meta('default', '800d', 'ci') }, cells: ['default', 0, '2y70d'] },
  {
    title: 'Endpoints, ready addresses by port',
    kind: kinds.endpoints,
    object: {
      metadata: meta('web', '8d', 'default'),
      subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], notReadyAddresses: [{ ip: '10.0.0.9' }], ports: [{ name: 'http', port: 80 }] }],
    },
    cells: ['web', '10.0.0.1:80,10.0.0.2:80', '8d'],
  },
  {
    title: 'Endpoints beyond three',
    kind: kinds.endpoints,
    object: {
      metadata: meta('web', '8d', 'default'),
      subsets: [
        { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] },
        { addresses: [{ ip: 'fd00::5' }], ports: [{ port: 8080 }] },
      ],
    },
    cells: ['web', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...', '8d'],
  },
  {
    title: 'Endpoints of a headless service without ports, IPv6',
    kind: kinds.endpoints,
    object: { metadata: meta('db', '1h', 'default'), subsets: [{ addresses: [{ ip: 'fd00::5' }] }, { addresses: [{ ip: '10.1.0.4' }], ports: [{ port: 5432 }] }] },
    cells: ['db', 'fd00::5,10.1.0.4:5432', '60m'],
  },
  { title: 'Endpoints without subsets', kind: kinds.endpoints, object: { metadata: meta('none', '1h', 'default') }, cells: ['none', '<none>', '60m'] },
  {
    title: 'Endpoints with only unready addresses',
    kind: kinds.endpoints,
    object: { metadata: meta('warming', '1h', 'default'), subsets: [{ notReadyAddresses: [{ ip: '10.0.0.3' }], ports: [{ port: 80 }] }] },
    cells: ['warming', '', '60m'],
  },
  {
    title: 'ClusterIP Service',
    kind: kinds.service,
    object: {
      metadata: meta('kube-dns', '5d', 'kube-system'),
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }],
        selector: { 'k8s-app': 'kube-dns', tier: 'dns' },
      },
    },
    cells: ['kube-dns', 'ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP', '5d', 'k8s-app=kube-dns,tier=dns'],
  },
  {
    title: 'NodePort Service with an external IP',
    kind: kinds.service,
    object: {
      metadata: meta('web', '2d1h', 'default'),
      spec: { type: 'NodePort', clusterIP: '10.96.4.2', externalIPs: ['192.0.2.10'], ports: [{ port: 443, nodePort: 30443, protocol: 'TCP' }], selector: { app: 'web' } },
    },
    cells: ['web', 'NodePort', '10.96.4.2', '192.0.2.10', '443:30443/TCP', '2d1h', 'app=web'],
  },
  {
    title: 'LoadBalancer Service still pending',
    kind: kinds.service,
    object: {
      metadata: meta('edge', '30s', 'default'),
      spec: { type: 'LoadBalancer', clusterIP: '10.96.7.7', ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] },
      status: { loadBalancer: {} },
    },
    cells: ['edge', 'LoadBalancer', '10.96.7.7', '<pending>', '80:31000/TCP', '30s', '<none>'],
  },
  {
    title: 'LoadBalancer Service with ingress and external IPs',
    kind: kinds.service,
    object: {
      metadata: meta('edge', '30s', 'default'),
      spec: { type: 'LoadBalancer', clusterIP: '10.96.7.7', externalIPs: ['198.51.100.1'], ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] },
      status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }, { ip: '203.0.113.9' }, { ip: '203.0.113.9' }] } },
    },
    cells: ['edge', 'LoadBalancer', '10.96.7.7', '203.0.113.9,lb.example.com,198.51.100.1', '80:31000/TCP', '30s', '<none>'],
  },
  {
    title: 'ExternalName Service',
    kind: kinds.service,
    object: { metadata: meta('db', '9m59s', 'default'), spec: { type: 'ExternalName', externalName: 'db.example.com' } },
    cells: ['db', 'ExternalName', '<none>', 'db.example.com', '<none>', '9m59s', '<none>'],
  },
  // rbac.authorization.k8s.io/v1
  { title: 'Role', kind: kinds.role, object: { metadata: meta('reader', '8d', 'default'), rules: [] }, cells: ['reader', '2024-04-23T12:00:00Z'] },
  { title: 'ClusterRole', kind: kinds.clusterRole, object: { metadata: meta('admin', '90s') }, cells: ['admin', '2024-05-01T11:58:30Z'] },
  {
    title: 'RoleBinding with every subject kind',
    kind: kinds.roleBinding,
    object: {
      metadata: meta('readers', '3d', 'default'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
        { kind: 'ServiceAccount', name: 'robot', namespace: 'ci' },
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'ops' },
      ],
    },
    cells: ['readers', 'ClusterRole/view', '3d', 'alice, bob', 'devs, ops', 'ci/robot'],
  },
  {
    title: 'ClusterRoleBinding without subjects',
    kind: kinds.clusterRoleBinding,
    object: { metadata: meta('empty', '1h'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' } },
    cells: ['empty', 'ClusterRole/edit', '60m', '', '', ''],
  },
  // apiextensions.k8s.io/v1
  { title: 'CustomResourceDefinition', kind: kinds.crd, object: { metadata: meta('flunders.wardle.example.com', '2h') }, cells: ['flunders.wardle.example.com', '2024-05-01T10:00:00Z'] },
  // coordination.k8s.io/v1
  { title: 'Lease', kind: kinds.lease, object: { metadata: meta('kube-scheduler', '10m', 'kube-system'), spec: { holderIdentity: 'node-1_4f2a' } }, cells: ['kube-scheduler', 'node-1_4f2a', '10m'] },
  { title: 'Lease without holder', kind: kinds.lease, object: { metadata: meta('free', '10m', 'kube-system'), spec: {} }, cells: ['free', '', '10m'] },
  // admissionregistration.k8s.io/v1
  {
    title: 'MutatingWebhookConfiguration',
    kind: kinds.mwc,
    object: { metadata: meta('inject', '5d'), webhooks: [{ name: 'a.example.com' }, { name: 'b.example.com' }] },
    cells: ['inject', 2, '5d'],
  },
  { title: 'ValidatingWebhookConfiguration without webhooks', kind: kinds.vwc, object: { metadata: meta('none', '5d') }, cells: ['none', 0, '5d'] },
  {
    title: 'ValidatingAdmissionPolicy with a param kind',
    kind: kinds.vap,
    object: {
      metadata: meta('limits', '1h'),
      spec: { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'true' }, { expression: 'false' }] },
    },
    cells: ['limits', 2, 'v1/ConfigMap', '60m'],
  },
  { title: 'ValidatingAdmissionPolicy without a param kind', kind: kinds.vap, object: { metadata: meta('plain', '1h'), spec: {} }, cells: ['plain', 0, '<unset>', '60m'] },
  {
    title: 'ValidatingAdmissionPolicyBinding with a namespaced param',
    kind: kinds.vapb,
    object: { metadata: meta('limits-prod', '1h'), spec: { policyName: 'limits', paramRef: { name: 'prod', namespace: 'cfg' } } },
    cells: ['limits-prod', 'limits', 'cfg/prod', '60m'],
  },
  {
    title: 'ValidatingAdmissionPolicyBinding with a param of any namespace',
    kind: kinds.vapb,
    object: { metadata: meta('limits-any', '1h'), spec: { policyName: 'limits', paramRef: { name: 'prod', parameterNotFoundAction: 'Deny' } } },
    cells: ['limits-any', 'limits', '*/prod', '60m'],
  },
  {
    title: 'ValidatingAdmissionPolicyBinding with a param selector',
    kind: kinds.vapb,
    object: {
      metadata: meta('limits-sel', '1h'),
      spec: {
        policyName: 'limits',
        paramRef: {
          selector: { matchLabels: { tier: 'gold', env: 'prod' }, matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }, { key: 'legacy', operator: 'DoesNotExist' }] },
          parameterNotFoundAction: 'Allow',
        },
      },
    },
    cells: [
      'limits-sel',
      'limits',
      '&LabelSelector{MatchLabels:map[string]string{env: prod,tier: gold,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:team,Operator:In,Values:[a b],},LabelSelectorRequirement{Key:legacy,Operator:DoesNotExist,Values:[],},},}',
      '60m',
    ],
  },
  { title: 'ValidatingAdmissionPolicyBinding without params', kind: kinds.vapb, object: { metadata: meta('plain', '1h'), spec: { policyName: 'plain' } }, cells: ['plain', 'plain', '<unset>', '60m'] },
  {
    title: 'MutatingAdmissionPolicy',
    kind: kinds.map,
    object: { metadata: meta('labels', '1h'), spec: { paramKind: { apiVersion: 'example.com/v1', kind: 'Defaults' }, mutations: [{ patchType: 'ApplyConfiguration' }] } },
    cells: ['labels', 1, 'example.com/v1/Defaults', '60m'],
  },
  {
    title: 'MutatingAdmissionPolicyBinding',
    kind: kinds.mapb,
    object: { metadata: meta('labels-all', '1h'), spec: { policyName: 'labels', paramRef: { name: 'defaults', namespace: 'kube-system' } } },
    cells: ['labels-all', 'labels', 'kube-system/defaults', '60m'],
  },
  // apiregistration.k8s.io/v1
  {
    title: 'APIService served locally',
    kind: kinds.apiService,
    object: { metadata: meta('v1.apps', '5d'), spec: { group: 'apps', version: 'v1' }, status: { conditions: [{ type: 'Available', status: 'True', reason: 'Local' }] } },
    cells: ['v1.apps', 'Local', 'True', '5d'],
  },
  {
    title: 'APIService of an unavailable aggregated server',
    kind: kinds.apiService,
    object: {
      metadata: meta('v1alpha1.wardle.example.com', '2m'),
      spec: { service: { namespace: 'wardle', name: 'api', port: 443 }, group: 'wardle.example.com', version: 'v1alpha1' },
      status: { conditions: [{ type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck', message: 'no response' }] },
    },
    cells: ['v1alpha1.wardle.example.com', 'wardle/api', 'False (FailedDiscoveryCheck)', '2m'],
  },
  {
    title: 'APIService not yet checked',
    kind: kinds.apiService,
    object: { metadata: meta('v1.x.example.com', '2s'), spec: { service: { namespace: 'x', name: 'svc' } } },
    cells: ['v1.x.example.com', 'x/svc', 'Unknown', '2s'],
  },
  // wardle.example.com/v1alpha1 (CRD-style columns)
  { title: 'Fischer', kind: kinds.fischer, object: { metadata: meta('f', '1h'), disallowedFlunders: ['a', 'b'] }, cells: ['f', 2, '60m'] },
];

describe('built-in kinds: cells', () => {
  for (const c of cases) {
    it(c.title, () => assert.deepEqual(cells(c.kind, c.object), c.cells));
  }
});

const coreEvent: JsonObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: meta('web-0.17c0ffee', '1h', 'default'),
  involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'default', fieldPath: 'spec.containers{app}', apiVersion: 'v1' },
  reason: 'Pulled',
  message: 'Successfully pulled image "nginx:1.27"',
  type: 'Normal',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: created('1h'),
  lastTimestamp: created('2m'),
  count: 4,
};

const seriesEvent: JsonObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: meta('web.17c1', '1h', 'default'),
  involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default', apiVersion: 'apps/v1' },
  reason: 'ScalingReplicaSet',
  message: 'Scaled up replica set web-5d4 to 3',
  type: 'Normal',
  eventTime: '2024-05-01T11:00:00.000000Z',
  series: { count: 7, lastObservedTime: '2024-05-01T11:59:00.000000Z' },
  reportingComponent: 'deployment-controller',
  reportingInstance: 'cp-1',
  action: 'Scale',
};

const bareEvent: JsonObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: meta('node-1.abc', '1h', 'default'),
  involvedObject: { kind: 'Node' },
  reason: 'Starting',
};

describe('Events', () => {
  it('have no leading Name column: NAME is the last, wide-only column', () => {
    for (const kind of [kinds.event, kinds.eventV1]) {
      const defs = convertor(kind).columnDefinitions;
      assert.deepEqual(headers(kind), [
        'Last Seen:string',
        'Type:string',
        'Reason:string',
        'Object:string',
        'Subobject:string:wide',
        'Source:string:wide',
        'Message:string',
        'First Seen:string:wide',
        'Count:string:wide',
        'Name:string:wide',
      ]);
      assert.deepEqual(defs.at(-1), { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 1 });
      assert.ok(defs.slice(0, -1).every((d) => d.format === ''));
    }
  });

  it('core/v1: a classic event', () => {
    assert.deepEqual(cells(kinds.event, coreEvent), [
      '2m', 'Normal', 'Pulled', 'pod/web-0', 'spec.containers{app}', 'kubelet, node-1',
      'Successfully pulled image "nginx:1.27"', '60m', 4, 'web-0.17c0ffee',
    ]);
  });

  it('core/v1: a series from the new API (eventTime, series, reporting controller)', () => {
    assert.deepEqual(cells(kinds.event, seriesEvent), [
      '60s', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller, cp-1',
      'Scaled up replica set web-5d4 to 3', '60m', 7, 'web.17c1',
    ]);
  });

  it('core/v1: a bare singleton', () => {
    assert.deepEqual(cells(kinds.event, bareEvent), ['<unknown>', '', 'Starting', 'node', '', '', '', '<unknown>', 1, 'node-1.abc']);
  });

  it('core/v1: lastTimestamp falls back to the first time seen', () => {
    const { lastTimestamp: _dropped, ...event } = coreEvent;
    assert.equal(cells(kinds.event, event)[0], '60m');
  });

  it('events.k8s.io/v1: the same table from the new field names', () => {
    const v1 = (e: JsonObject): JsonObject => ({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: e['metadata'],
      regarding: e['involvedObject'],
      reason: e['reason'],
      note: e['message'],
      type: e['type'],
      ...(e['source'] ? { deprecatedSource: e['source'] } : {}),
      ...(e['firstTimestamp'] ? { deprecatedFirstTimestamp: e['firstTimestamp'] } : {}),
      ...(e['lastTimestamp'] ? { deprecatedLastTimestamp: e['lastTimestamp'] } : {}),
      ...(e['count'] ? { deprecatedCount: e['count'] } : {}),
      ...(e['eventTime'] ? { eventTime: e['eventTime'] } : {}),
      ...(e['series'] ? { series: e['series'] } : {}),
      ...(e['reportingComponent'] ? { reportingController: e['reportingComponent'] } : {}),
      ...(e['reportingInstance'] ? { reportingInstance: e['reportingInstance'] } : {}),
    });
    for (const event of [coreEvent, seriesEvent, bareEvent]) {
      assert.deepEqual(cells(kinds.eventV1, v1(event)), cells(kinds.event, event));
    }
  });

  it('trims the message in the eventMessage printers', () => {
    const trim = builtinPrinters.get('eventMessage');
    const trimV1 = builtinPrinters.get('eventsV1Message');
    assert.equal(trim?.({ message: ' \n pulled\u00a0\n' }, { now }), 'pulled');
    assert.equal(trimV1?.({ note: '\tpulled \u0085' }, { now }), 'pulled');
  });
});

describe('column definitions of built-in kinds', () => {
  const expected: Array<[Kind, string[]]> = [
    [kinds.namespace, ['Name:string', 'Status:string', 'Age:string']],
    [kinds.configMap, ['Name:string', 'Data:string', 'Age:string']],
    [kinds.secret, ['Name:string', 'Type:string', 'Data:string', 'Age:string']],
    [kinds.serviceAccount, ['Name:string', 'Secrets:string', 'Age:string']],
    [kinds.endpoints, ['Name:string', 'Endpoints:string', 'Age:string']],
    [kinds.service, ['Name:string', 'Type:string', 'Cluster-IP:string', 'External-IP:string', 'Port(s):string', 'Age:string', 'Selector:string:wide']],
    [kinds.role, ['Name:string', 'Created At:date']],
    [kinds.clusterRole, ['Name:string', 'Created At:date']],
    [kinds.crd, ['Name:string', 'Created At:date']],
    [kinds.roleBinding, ['Name:string', 'Role:string', 'Age:string', 'Users:string:wide', 'Groups:string:wide', 'ServiceAccounts:string:wide']],
    [kinds.clusterRoleBinding, ['Name:string', 'Role:string', 'Age:string', 'Users:string:wide', 'Groups:string:wide', 'ServiceAccounts:string:wide']],
    [kinds.lease, ['Name:string', 'Holder:string', 'Age:string']],
    [kinds.mwc, ['Name:string', 'Webhooks:integer', 'Age:string']],
    [kinds.vwc, ['Name:string', 'Webhooks:integer', 'Age:string']],
    [kinds.vap, ['Name:string', 'Validations:integer', 'ParamKind:string', 'Age:string']],
    [kinds.vapb, ['Name:string', 'PolicyName:string', 'ParamRef:string', 'Age:string']],
    [kinds.map, ['Name:string', 'Mutations:integer', 'ParamKind:string', 'Age:string']],
    [kinds.mapb, ['Name:string', 'PolicyName:string', 'ParamRef:string', 'Age:string']],
    [kinds.apiService, ['Name:string', 'Service:string', 'Available:string', 'Age:string']],
  ];
  for (const [kind, want] of expected) {
    it(`${kind.group || 'core'}/${kind.kind}`, () => assert.deepEqual(headers(kind), want));
  }
});

describe('printer registry', () => {
  it('has every printer the specs name', () => {
    const missing = referencedPrinters().filter((name) => !builtinPrinters.has(name));
    assert.deepEqual(missing, []);
    assert.ok(referencedPrinters().length >= 24);
  });
});
