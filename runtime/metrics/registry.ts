// A small Prometheus registry: counters, gauges and histograms with labels, plus families whose
// samples are read at scrape time. Series are found by one key per label-value set, so the hot
// path (a request finishing) is a map lookup and an increment.
import { assertLabelName, assertMetricName, escapeHelp, escapeLabelValue, formatValue } from './exposition.js';

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  /** Appends sample lines; a family with no series appends nothing (and is left out, as Go's client does). */
  writeSamples(out: string[]): void;
}

export interface FamilyOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
}

const KEY_SEPARATOR = '\u0000';

interface Series<C> {
  /** Label values in the family's sorted-name order, for ordering series in the output. */
  readonly sortKey: string;
  /** `a="x",b="y"`, names sorted; "" when the family has no labels. */
  readonly labelText: string;
  readonly child: C;
}

/** Labels come out sorted by name and series sorted by their values, as Go's client writes them. */
abstract class LabeledFamily<C> implements MetricFamily {
  abstract readonly type: MetricType;
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  private readonly order: readonly number[];
  private readonly series = new Map<string, Series<C>>();

  protected constructor(opts: FamilyOptions) {
    assertMetricName(opts.name);
    this.name = opts.name;
    this.help = opts.help;
    this.labelNames = opts.labelNames ?? [];
    for (const label of this.labelNames) assertLabelName(label);
    if (new Set(this.labelNames).size !== this.labelNames.length) throw new Error(`${opts.name}: repeated label name`);
    this.order = this.labelNames.map((_, i) => i).sort((a, b) => (this.labelNames[a]! < this.labelNames[b]! ? -1 : 1));
  }

  /** The series for these label values, given in labelNames order; created on first use. */
  labels(...values: string[]): C {
    if (values.length !== this.labelNames.length) {
      throw new Error(`${this.name}: ${values.length} label values for ${this.labelNames.length} labels`);
    }
    const key = values.join(KEY_SEPARATOR);
    const found = this.series.get(key);
    if (found) return found.child;
    const sorted = this.order.map((i) => values[i]!);
    const labelText = this.order.map((i) => `${this.labelNames[i]}="${escapeLabelValue(values[i]!)}"`).join(',');
    const entry: Series<C> = { sortKey: sorted.join(KEY_SEPARATOR), labelText, child: this.create() };
    this.series.set(key, entry);
    return entry.child;
  }

  writeSamples(out: string[]): void {
    const all = [...this.series.values()].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    for (const s of all) this.writeSeries(out, s.labelText, s.child);
  }

  protected abstract create(): C;
  protected abstract writeSeries(out: string[], labelText: string, child: C): void;
}

const braces = (labelText: string) => (labelText === '' ? '' : `{${labelText}}`);

export interface CounterChild {
  value: number;
}

export class Counter extends LabeledFamily<CounterChild> {
  readonly type = 'counter';
  constructor(opts: FamilyOptions) {
    super(opts);
  }
  protected create(): CounterChild {
    return { value: 0 };
  }
  protected writeSeries(out: string[], labelText: string, child: CounterChild): void {
    out.push(`${this.name}${braces(labelText)} ${formatValue(child.value)}`);
  }
}

export interface GaugeChild {
  value: number;
}

export class Gauge extends LabeledFamily<GaugeChild> {
  readonly type = 'gauge';
  constructor(opts: FamilyOptions) {
    super(opts);
  }
  protected create(): GaugeChild {
    return { value: 0 };
  }
  protected writeSeries(out: string[], labelText: string, child: GaugeChild): void {
    out.push(`${this.name}${braces(labelText)} ${formatValue(child.value)}`);
  }
}

export class HistogramChild {
  /** Observations per bucket (not cumulative); the last slot is above every bound (+Inf). */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(v: number): void {
    // The first bound >= v (a bucket's bound is inclusive).
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.bounds[mid]! >= v) hi = mid;
      else lo = mid + 1;
    }
    this.counts[lo]!++;
    this.sum += v;
    this.count++;
  }
}

export interface HistogramOptions extends FamilyOptions {
  /** Upper bounds, strictly increasing; +Inf is implied. */
  readonly buckets: readonly number[];
}

export class Histogram extends LabeledFamily<HistogramChild> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];
  private readonly leText: readonly string[];

  constructor(opts: HistogramOptions) {
    super(opts);
    if (this.labelNames.includes('le')) throw new Error(`${opts.name}: "le" is reserved in histograms`);
    for (let i = 1; i < opts.buckets.length; i++) {
      if (!(opts.buckets[i]! > opts.buckets[i - 1]!)) throw new Error(`${opts.name}: buckets must increase`);
    }
    this.buckets = opts.buckets.filter((b) => b !== Infinity);
    this.leText = [...this.buckets.map(formatValue), '+Inf'];
  }

  protected create(): HistogramChild {
    return new HistogramChild(this.buckets);
  }

  protected writeSeries(out: string[], labelText: string, child: HistogramChild): void {
    const prefix = labelText === '' ? '' : `${labelText},`;
    let cumulative = 0;
    for (let i = 0; i < this.leText.length; i++) {
      cumulative += child.counts[i]!;
      out.push(`${this.name}_bucket{${prefix}le="${this.leText[i]}"} ${formatValue(cumulative)}`);
    }
    out.push(`${this.name}_sum${braces(labelText)} ${formatValue(child.sum)}`);
    out.push(`${this.name}_count${braces(labelText)} ${formatValue(child.count)}`);
  }
}

export interface CollectedSample {
  /** In labelNames order. */
  readonly values: readonly string[];
  readonly value: number;
}

/** A counter or gauge whose samples are read when scraped (process figures, object counts). */
export class CollectedFamily implements MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  private readonly labelNames: readonly string[];
  private readonly order: readonly number[];

  constructor(
    opts: FamilyOptions & { readonly type: 'counter' | 'gauge' },
    private readonly collect: () => Iterable<CollectedSample>,
  ) {
    assertMetricName(opts.name);
    this.name = opts.name;
    this.help = opts.help;
    this.type = opts.type;
    this.labelNames = opts.labelNames ?? [];
    for (const label of this.labelNames) assertLabelName(label);
    this.order = this.labelNames.map((_, i) => i).sort((a, b) => (this.labelNames[a]! < this.labelNames[b]! ? -1 : 1));
  }

  writeSamples(out: string[]): void {
    const rows: Array<{ sortKey: string; line: string }> = [];
    for (const s of this.collect()) {
      if (s.values.length !== this.labelNames.length) throw new Error(`${this.name}: wrong number of label values`);
      const labelText = this.order.map((i) => `${this.labelNames[i]}="${escapeLabelValue(s.values[i]!)}"`).join(',');
      rows.push({ sortKey: this.order.map((i) => s.values[i]!).join(KEY_SEPARATOR), line: `${this.name}${braces(labelText)} ${formatValue(s.value)}` });
    }
    rows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    for (const r of rows) out.push(r.line);
  }
}

export class Registry {
  private readonly families = new Map<string, MetricFamily>();

  register<F extends MetricFamily>(family: F): F {
    if (this.families.has(family.name)) throw new Error(`metric ${family.name} registered twice`);
    this.families.set(family.name, family);
    return family;
  }

  /** Every family with samples, sorted by name, in the text format; ends with a line feed. */
  render(): string {
    const names = [...this.families.keys()].sort();
    const out: string[] = [];
    const samples: string[] = [];
    for (const name of names) {
      const family = this.families.get(name)!;
      samples.length = 0;
      family.writeSamples(samples);
      if (samples.length === 0) continue;
      out.push(`# HELP ${name} ${escapeHelp(family.help)}`, `# TYPE ${name} ${family.type}`);
      for (const line of samples) out.push(line);
    }
    return out.length === 0 ? '' : `${out.join('\n')}\n`;
  }
}
