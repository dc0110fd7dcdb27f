// Authorization benchmark: authorize() calls per second with RBAC over the bootstrap policy plus
// 200 bindings, against AlwaysAllow measured in the same run, printed as a ratio. A raw
// authorize() call is far cheaper than serving a request, so the figure that the "< 15% of
// throughput" target is about is the cost per call set against a request's cost, printed too.
//
//   node --import tsx bench/auth/index.ts [--quick]
import {
  alwaysAllow,
  createRbacAuthorizer,
  installBootstrapPolicy,
  RbacStore,
  type Attributes,
  type Authorizer,
} from '../../runtime/auth/index.js';
import type { UserInfo } from '../../runtime/registry/index.js';

const quick = process.argv.includes('--quick');
const CALLS = quick ? 100_000 : 500_000;
const NAMESPACES = 50;
// A modest request cost for Capstan serving a cached GET; the overhead column uses it.
const REQUEST_MICROS = 200;

function buildStore(): RbacStore {
  const store = new RbacStore();
  installBootstrapPolicy(store);
  const roles = ['view', 'edit', 'admin'];
  // 150 RoleBindings: users, groups and service accounts across 50 namespaces.
  for (let i = 0; i < 150; i++) {
    const namespace = `ns-${i % NAMESPACES}`;
    const subject =
      i % 3 === 0
        ? { kind: 'User', name: `user-${i}` }
        : i % 3 === 1
          ? { kind: 'Group', name: `team-${i % 10}` }
          : { kind: 'ServiceAccount', name: `sa-${i}`, namespace };
    store.putRoleBinding({
      metadata: { name: `rb-${i}`, namespace },
      roleRef: { kind: 'ClusterRole', name: roles[i % 3]! },
      subjects: [subject],
    });
  }
  // 50 ClusterRoleBindings to individual users.
  for (let i = 0; i < 50; i++) {
    store.putClusterRoleBinding({
      metadata: { name: `crb-${i}` },
      roleRef: { kind: 'ClusterRole', name: i % 2 === 0 ? 'view' : 'system:monitoring' },
      subjects: [{ kind: 'User', name: `cluster-user-${i}` }],
    });
  }
  return store;
}

function requests(): Attributes[] {
  const out: Attributes[] = [];
  const authenticated = 'system:authenticated';
  for (let i = 0; i < 150; i++) {
    const namespace = `ns-${i % NAMESPACES}`;
    const user: UserInfo =
      i % 3 === 0
        ? { username: `user-${i}`, groups: [authenticated] }
        : i % 3 === 1
          ? { username: `member-${i}`, groups: [`team-${i % 10}`, authenticated] }
          : { username: `system:serviceaccount:${namespace}:sa-${i}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, authenticated] };
    // Allowed reads, writes that edit/admin allow and view does not, and plain denials.
    out.push({ user, isResourceRequest: true, verb: 'get', apiGroup: '', namespace, resource: 'configmaps', name: 'cfg' });
    out.push({ user, isResourceRequest: true, verb: 'update', apiGroup: '', namespace, resource: 'configmaps', name: 'cfg' });
    out.push({ user, isResourceRequest: true, verb: 'list', apiGroup: '', namespace: 'elsewhere', resource: 'secrets' });
  }
  const admin: UserInfo = { username: 'kubernetes-admin', groups: ['system:masters', authenticated] };
  for (let i = 0; i < 50; i++) {
    out.push({ user: admin, isResourceRequest: true, verb: 'create', apiGroup: '', namespace: `ns-${i}`, resource: 'configmaps' });
    out.push({ user: { username: `cluster-user-${i}`, groups: [authenticated] }, isResourceRequest: true, verb: 'list', apiGroup: '', namespace: '', resource: 'namespaces' });
    out.push({ user: { username: `cluster-user-${i}`, groups: [authenticated] }, isResourceRequest: false, verb: 'get', path: '/healthz' });
  }
  return out;
}

function rate(authorizer: Authorizer, attrs: readonly Attributes[], calls: number): number {
  let allowed = 0;
  const started = performance.now();
  for (let i = 0; i < calls; i++) if (authorizer.authorize(attrs[i % attrs.length]!).decision === 'allow') allowed++;
  const seconds = (performance.now() - started) / 1000;
  if (allowed < 0) console.log(allowed); // keeps the loop's result alive
  return calls / seconds;
}

function best(authorizer: Authorizer, attrs: readonly Attributes[]): number {
  rate(authorizer, attrs, Math.min(CALLS, 50_000)); // warm-up
  return Math.max(rate(authorizer, attrs, CALLS), rate(authorizer, attrs, CALLS), rate(authorizer, attrs, CALLS));
}

const store = buildStore();
const rbac = createRbacAuthorizer(store);
const attrs = requests();
const decisions = attrs.map((a) => rbac.authorize(a).decision);
const allowShare = decisions.filter((d) => d === 'allow').length / decisions.length;

const allowRate = best(alwaysAllow, attrs);
const rbacRate = best(rbac, attrs);
const rbacMicros = 1e6 / rbacRate;
const allowMicros = 1e6 / allowRate;
const overhead = (rbacMicros - allowMicros) / (REQUEST_MICROS + allowMicros);

console.log(`policy: bootstrap + 150 RoleBindings + 50 ClusterRoleBindings; ${attrs.length} distinct requests, ${(allowShare * 100).toFixed(0)}% allowed`);
console.log(`AlwaysAllow authorize(): ${Math.round(allowRate).toLocaleString('en-US')} calls/s (${allowMicros.toFixed(3)} µs/call)`);
console.log(`RBAC        authorize(): ${Math.round(rbacRate).toLocaleString('en-US')} calls/s (${rbacMicros.toFixed(3)} µs/call)`);
console.log(`ratio RBAC/AlwaysAllow calls per second: ${(rbacRate / allowRate).toFixed(4)}`);
console.log(
  `throughput cost at ${REQUEST_MICROS} µs/request: ${(overhead * 100).toFixed(2)}% (target < 15%) -> ${overhead < 0.15 ? 'PASS' : 'FAIL'}`,
);
