// kubectl's order of precedence: explicit kubeconfig files, then KUBECONFIG, then
// ~/.kube/config; a pod with none of those uses its service account.
import { inClusterConfig, isInCluster, type InClusterOptions } from './in-cluster.js';
import { KubeConfigError, kubeConfigPaths, loadKubeConfig, restConfigFromKubeConfig } from './kubeconfig.js';
import type { RestConfig } from './rest-config.js';

export interface DefaultConfigOptions extends InClusterOptions {
  kubeconfig?: string[];
  context?: string;
  home?: string;
}

export function loadDefaultConfig(options: DefaultConfigOptions = {}): RestConfig {
  const env = options.env ?? process.env;
  const lookup = { env, ...(options.kubeconfig ? { paths: options.kubeconfig } : {}), ...(options.home ? { home: options.home } : {}) };
  if (kubeConfigPaths(lookup).length > 0) {
    return restConfigFromKubeConfig(loadKubeConfig(lookup), options.context ? { context: options.context } : {});
  }
  if (isInCluster({ env })) return inClusterConfig(options);
  throw new KubeConfigError('no configuration: no kubeconfig file was found and not running in a cluster');
}
