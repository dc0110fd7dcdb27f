// kube-apiserver's metric families under kube's names, types, labels and buckets, and the
// recording calls the request path makes. HELP texts follow kube's style (stability level in
// brackets first) in our own words.
import { processFamilies } from './process-metrics.js';
import { CollectedFamily, Counter, Gauge, Histogram, Registry, type CounterChild, type GaugeChild, type HistogramChild } from './registry.js';

export interface RequestObservation {
  /** kube's reported verb: GET, LIST, WATCH, POST, PUT, PATCH, APPLY, DELETE, CONNECT or other. */
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  /** "resource" | "namespace" | "cluster" | "" */
  scope: string;
  /** kube's dry_run label value: "", "All" or "invalid". */
  dryRun: string;
  code: number;
  seconds: number;
  /** Defaults to "apiserver"; kube reports "" for health checks and OpenAPI v3. */
  component?: string;
  /** false: a request kube does not count (requestLabels says so); ignored. */
  measured?: boolean;
}

export type LongRunningLabels = Omit<RequestObservation, 'dryRun' | 'code' | 'seconds'>;

export interface StoredObjectCount {
  /** kube's name: the plural for the core group, plural.group otherwise ("roles.rbac.authorization.k8s.io"). */
  resource: string;
  count: number;
  /** The API group, for apiserver_resource_objects; derived from resource when absent. */
  group?: string;
}

export interface ApiserverMetrics {
  observeRequest(o: RequestObservation): void;
  /**
   * observeRequest with the labels as requestLabels returned them. Prefer it on the request
   * path: `{ ...labels, code, seconds }` takes V8 (Node 20) a slow path costing microseconds.
   */
  recordRequest(labels: Omit<RequestObservation, 'code' | 'seconds'>, code: number, seconds: number): void;
  /** apiserver_current_inflight_requests{request_kind="readOnly"|"mutating"} */
  setInflight(kind: 'readOnly' | 'mutating', value: number): void;
  /** apiserver_longrunning_requests gauge, +1 when a watch starts, -1 when it ends */
  longRunning(labels: LongRunningLabels, delta: 1 | -1): void;
  /** apiserver_watch_events_total and apiserver_watch_events_sizes */
  watchEvent(gvk: { group: string; version: string; kind: string }, bytes: number): void;
  /** Prometheus text exposition format 0.0.4 */
  render(): string;
}

export interface ApiserverMetricsOptions {
  storageObjects?: () => Iterable<StoredObjectCount>;
}

// Numbers are kube's: request latency buckets tuned for its SLOs, watch event sizes 1 KiB..128 KiB.
export const REQUEST_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];
export const WATCH_EVENT_SIZE_BUCKETS: readonly number[] = Array.from({ length: 8 }, (_, i) => 1024 * 2 ** i);

const REQUEST_LABELS = ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'] as const;
const DEFAULT_COMPONENT = 'apiserver';

/** What one label-value set of a request records into. */
interface RequestSeries {
  readonly values: readonly string[];
  readonly duration: HistogramChild;
  readonly byCode: Map<number, CounterChild>;
}

/**
 * Series found by one map step per label value: the values are strings the request already
 * holds, so a lookup builds no key and allocates nothing once the series exists.
 */
type Trie<Leaf> = Map<string, Leaf>;

function step<Leaf>(map: Trie<Trie<Leaf>>, key: string): Trie<Leaf> {
  let next = map.get(key);
  if (next === undefined) {
    next = new Map();
    map.set(key, next);
  }
  return next;
}

type RequestTrie = Trie<Trie<Trie<Trie<Trie<Trie<Trie<Trie<RequestSeries>>>>>>>>;
type LongRunningTrie = Trie<Trie<Trie<Trie<Trie<Trie<Trie<GaugeChild>>>>>>>;

interface WatchSeries {
  readonly events: CounterChild;
  readonly sizes: HistogramChild;
}

class KubeApiserverMetrics implements ApiserverMetrics {
  readonly registry = new Registry();
  private readonly requestTotal: Counter;
  private readonly requestDuration: Histogram;
  private readonly inflight: Gauge;
  private readonly inflightByKind: Record<'readOnly' | 'mutating', GaugeChild>;
  private readonly longRunningGauge: Gauge;
  private readonly watchEvents: Counter;
  private readonly watchEventSizes: Histogram;
  private readonly requests: RequestTrie = new Map();
  private readonly longRunningSeries: LongRunningTrie = new Map();
  private readonly watches: Trie<Trie<Trie<WatchSeries>>> = new Map();

  constructor(opts: ApiserverMetricsOptions) {
    const r = this.registry;
    this.requestTotal = r.register(
      new Counter({
        name: 'apiserver_request_total',
        help: '[STABLE] Requests the apiserver answered, by verb, dry-run value, group, version, resource, subresource, scope, component and HTTP status code.',
        labelNames: [...REQUEST_LABELS, 'code'],
      }),
    );
    this.requestDuration = r.register(
      new Histogram({
        name: 'apiserver_request_duration_seconds',
        help: '[STABLE] How long requests took to answer, in seconds, by verb, dry-run value, group, version, resource, subresource, scope and component.',
        labelNames: REQUEST_LABELS,
        buckets: REQUEST_DURATION_BUCKETS,
      }),
    );
    this.inflight = r.register(
      new Gauge({
        name: 'apiserver_current_inflight_requests',
        help: '[STABLE] Requests being served now, by request kind (readOnly or mutating).',
        labelNames: ['request_kind'],
      }),
    );
    // Both kinds are always reported, at 0 before any request.
    this.inflightByKind = { readOnly: this.inflight.labels('readOnly'), mutating: this.inflight.labels('mutating') };
    this.longRunningGauge = r.register(
      new Gauge({
        name: 'apiserver_longrunning_requests',
        help: '[STABLE] Long-running requests (watches and the like) open now, by verb, group, version, resource, subresource, scope and component.',
        labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
      }),
    );
    this.watchEvents = r.register(
      new Counter({
        name: 'apiserver_watch_events_total',
        help: '[ALPHA] Events sent to watch clients, by group, version and kind.',
        labelNames: ['group', 'version', 'kind'],
      }),
    );
    this.watchEventSizes = r.register(
      new Histogram({
        name: 'apiserver_watch_events_sizes',
        help: '[ALPHA] Sizes of the events sent to watch clients, in bytes, by group, version and kind.',
        labelNames: ['group', 'version', 'kind'],
        buckets: WATCH_EVENT_SIZE_BUCKETS,
      }),
    );
    const storageObjects = opts.storageObjects;
    if (storageObjects) {
      r.register(
        new CollectedFamily(
          {
            name: 'apiserver_storage_objects',
            help: '[STABLE] Objects stored per resource when last counted (-1 when counting failed). apiserver_resource_objects carries the same figure by group and resource.',
            labelNames: ['resource'],
            type: 'gauge',
          },
          () => [...storageObjects()].map((o) => ({ values: [o.resource], value: o.count })),
        ),
      );
      r.register(
        new CollectedFamily(
          {
            name: 'apiserver_resource_objects',
            help: '[ALPHA] Objects stored per group and resource when last counted (-1 when counting failed).',
            labelNames: ['group', 'resource'],
            type: 'gauge',
          },
          () => [...storageObjects()].map((o) => ({ values: splitGroupResource(o), value: o.count })),
        ),
      );
    }
    for (const family of processFamilies()) r.register(family);
  }

  observeRequest(o: RequestObservation): void {
    this.recordRequest(o, o.code, o.seconds);
  }

  recordRequest(o: Omit<RequestObservation, 'code' | 'seconds'>, code: number, seconds: number): void {
    if (o.measured === false) return;
    const component = o.component ?? DEFAULT_COMPONENT;
    const leaves = step(step(step(step(step(step(step(this.requests, o.resource), o.verb), o.scope), o.group), o.version), o.subresource), o.dryRun);
    let series = leaves.get(component);
    if (series === undefined) {
      const values = [o.verb, o.dryRun, o.group, o.version, o.resource, o.subresource, o.scope, component];
      series = { values, duration: this.requestDuration.labels(...values), byCode: new Map() };
      leaves.set(component, series);
    }
    let counter = series.byCode.get(code);
    if (counter === undefined) {
      counter = this.requestTotal.labels(...series.values, String(code));
      series.byCode.set(code, counter);
    }
    counter.value++;
    series.duration.observe(seconds);
  }

  setInflight(kind: 'readOnly' | 'mutating', value: number): void {
    this.inflightByKind[kind].value = value;
  }

  longRunning(labels: LongRunningLabels, delta: 1 | -1): void {
    if (labels.measured === false) return;
    const component = labels.component ?? DEFAULT_COMPONENT;
    const leaves = step(step(step(step(step(step(this.longRunningSeries, labels.resource), labels.verb), labels.scope), labels.group), labels.version), labels.subresource);
    let gauge = leaves.get(component);
    if (gauge === undefined) {
      gauge = this.longRunningGauge.labels(labels.verb, labels.group, labels.version, labels.resource, labels.subresource, labels.scope, component);
      leaves.set(component, gauge);
    }
    gauge.value += delta;
  }

  watchEvent(gvk: { group: string; version: string; kind: string }, bytes: number): void {
    const leaves = step(step(this.watches, gvk.kind), gvk.group);
    let series = leaves.get(gvk.version);
    if (series === undefined) {
      series = {
        events: this.watchEvents.labels(gvk.group, gvk.version, gvk.kind),
        sizes: this.watchEventSizes.labels(gvk.group, gvk.version, gvk.kind),
      };
      leaves.set(gvk.version, series);
    }
    series.events.value++;
    series.sizes.observe(bytes);
  }

  render(): string {
    return this.registry.render();
  }
}

function splitGroupResource(o: StoredObjectCount): [string, string] {
  if (o.group !== undefined) {
    const suffix = o.group === '' ? '' : `.${o.group}`;
    return [o.group, suffix && o.resource.endsWith(suffix) ? o.resource.slice(0, -suffix.length) : o.resource];
  }
  const dot = o.resource.indexOf('.');
  return dot < 0 ? ['', o.resource] : [o.resource.slice(dot + 1), o.resource.slice(0, dot)];
}

export function createApiserverMetrics(opts: ApiserverMetricsOptions = {}): ApiserverMetrics {
  return new KubeApiserverMetrics(opts);
}
