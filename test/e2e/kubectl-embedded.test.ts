// kubectl e2e over the default embedded storage: 1.31 sends JSON bodies, 1.33 sends protobuf
// for `create namespace|configmap|secret`.
import { runKubectlSuite } from './kubectl-suite.js';

runKubectlSuite({ name: 'embedded storage', version: '1.31', server: async () => ({ storage: 'memory' }) });
runKubectlSuite({ name: 'embedded storage', version: '1.33', server: async () => ({ storage: 'memory' }) });
