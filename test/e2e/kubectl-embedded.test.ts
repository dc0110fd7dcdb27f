// kubectl e2e over the default embedded storage. kubectl 1.31 sends JSON bodies; 1.32 and newer
// send protobuf for some commands and run once the server decodes it.
import { runKubectlSuite } from './kubectl-suite.js';

runKubectlSuite({ name: 'embedded storage', version: '1.31', server: async () => ({ storage: 'memory' }) });
