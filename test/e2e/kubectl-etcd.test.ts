// The kubectl e2e suite again (kubectl 1.32, protobuf bodies), with Capstan storing in a real etcd (--etcd-servers).
import { startEtcd } from '../support/etcd-process.js';
import { runKubectlSuite } from './kubectl-suite.js';

runKubectlSuite({
  name: 'etcd storage',
  version: '1.32',
  server: async () => {
    const etcd = await startEtcd();
    return { etcdServers: etcd.endpoints, cleanup: () => etcd.cleanup() };
  },
});
