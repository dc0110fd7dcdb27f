// The data both servers hold, created as the admin through the API: the bench namespace with
// 100 ConfigMaps, and ~200 bindings for other users, groups and service accounts around the
// one RoleBinding that gives the bench user `view` in its namespace. Both servers get the same
// objects so only the authorization mode differs between them.
import type { ClientHttp2Session } from 'node:http2';
import { h2 } from '../lib/h2.js';

export const BENCH_NAMESPACE = 'bench';
export const BENCH_USER = 'bench-user';
export const BENCH_GROUP = 'bench-team';
export const CONFIGMAPS = 100;
export const GET_PATH = `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps/cm-000`;
export const LIST_PATH = `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps?limit=${CONFIGMAPS}`;
/** `view` does not grant secrets: the RBAC server must answer 403 here, AlwaysAllow 200/404. */
export const DENIED_PATH = `/api/v1/namespaces/${BENCH_NAMESPACE}/secrets`;

const OTHER_NAMESPACES = 50;
const ROLE_BINDINGS = 150;
const CLUSTER_ROLE_BINDINGS = 50;
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/** Line for --token-auth-file: the bench user is in its own group, not system:masters. */
export function tokenFileLine(token: string): string {
  return `${token},${BENCH_USER},bench-uid,"${BENCH_GROUP},developers"\n`;
}

export interface SeedCounts {
  readonly roleBindings: number;
  readonly clusterRoleBindings: number;
}

export async function seed(admin: ClientHttp2Session): Promise<SeedCounts> {
  const post = async (path: string, obj: unknown) => {
    const r = await h2(admin, 'POST', path, { body: JSON.stringify(obj) });
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${r.body.slice(0, 300)}`);
  };
  const namespaces = [BENCH_NAMESPACE, ...Array.from({ length: OTHER_NAMESPACES }, (_, i) => `ns-${i}`)];
  await parallel(namespaces.map((name) => () => post('/api/v1/namespaces', { metadata: { name } })));

  await parallel(
    Array.from({ length: CONFIGMAPS }, (_, i) => () =>
      post(`/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps`, {
        metadata: { name: `cm-${String(i).padStart(3, '0')}`, labels: { app: 'bench' } },
        data: { key: 'value', other: 'x'.repeat(64) },
      }),
    ),
  );

  // A cluster role the bench user's group is bound to that does not cover configmaps, so the
  // authorizer walks a cluster binding that applies but does not allow before the namespace one.
  await post(`${RBAC}/clusterroles`, {
    metadata: { name: 'bench-node-reader' },
    rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }],
  });

  const jobs: (() => Promise<void>)[] = [];
  jobs.push(() =>
    post(`${RBAC}/namespaces/${BENCH_NAMESPACE}/rolebindings`, {
      metadata: { name: 'bench-user-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: BENCH_USER }],
    }),
  );
  const roles = ['view', 'edit', 'admin'];
  for (let i = 0; i < ROLE_BINDINGS; i++) {
    // Every tenth binding lives in the bench namespace, so its index holds bindings that are not
    // the bench user's; a few name the bench user's group in other namespaces.
    const namespace = i % 10 === 0 ? BENCH_NAMESPACE : `ns-${i % OTHER_NAMESPACES}`;
    const subject =
      i % 3 === 0
        ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `user-${i}` }
        : i % 3 === 1
          ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: i % 25 === 1 && namespace !== BENCH_NAMESPACE ? BENCH_GROUP : `team-${i % 10}` }
          : { kind: 'ServiceAccount', name: `sa-${i}`, namespace };
    jobs.push(() =>
      post(`${RBAC}/namespaces/${namespace}/rolebindings`, {
        metadata: { name: `rb-${i}` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roles[i % 3]! },
        subjects: [subject],
      }),
    );
  }
  for (let i = 0; i < CLUSTER_ROLE_BINDINGS; i++) {
    const subject =
      i === 0
        ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: BENCH_GROUP }
        : i % 2 === 0
          ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `cluster-user-${i}` }
          : { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `cluster-team-${i}` };
    jobs.push(() =>
      post(`${RBAC}/clusterrolebindings`, {
        metadata: { name: `crb-${i}` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: i === 0 ? 'bench-node-reader' : i % 2 === 0 ? 'view' : 'system:monitoring' },
        subjects: [subject],
      }),
    );
  }
  await parallel(jobs);
  return { roleBindings: ROLE_BINDINGS + 1, clusterRoleBindings: CLUSTER_ROLE_BINDINGS };
}

async function parallel(jobs: readonly (() => Promise<void>)[], width = 16): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}
