// Prometheus metrics: a small registry with the text exposition format, kube-apiserver's request,
// watch, in-flight and storage families under kube's names and labels, and the process families
// scrapers expect. The request path records through ApiserverMetrics; /metrics serves render().
export {
  createApiserverMetrics,
  REQUEST_DURATION_BUCKETS,
  WATCH_EVENT_SIZE_BUCKETS,
  type ApiserverMetrics,
  type ApiserverMetricsOptions,
  type LongRunningLabels,
  type RequestObservation,
  type StoredObjectCount,
} from './apiserver-metrics.js';
export {
  APPLY_PATCH_CONTENT_TYPE,
  dryRunLabel,
  longRunningLabels,
  requestLabels,
  type LongRunningLabelValues,
  type MetricsRequestInfo,
  type RequestLabelValues,
} from './request-labels.js';
export { EXPOSITION_CONTENT_TYPE, escapeHelp, escapeLabelValue, formatValue } from './exposition.js';
export {
  CollectedFamily,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CollectedSample,
  type CounterChild,
  type GaugeChild,
  type HistogramChild,
  type MetricFamily,
  type MetricType,
} from './registry.js';
