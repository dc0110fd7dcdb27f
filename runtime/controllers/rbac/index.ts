// RBAC controllers kube-controller-manager runs: ClusterRole aggregation.
export { ClusterRoleAggregationController, type AggregationControllerOptions } from './aggregation-controller.js';
