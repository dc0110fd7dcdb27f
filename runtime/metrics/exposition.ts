// The Prometheus text exposition format 0.0.4: how numbers, label values and HELP lines are
// written, so scrapers parse our output exactly as they parse a Go client's.

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * A sample value or bucket bound the way Go's client writes it (strconv 'g', shortest): plain
 * digits for exponents -4..5, otherwise d.ddde±XX. Dashboards and tests that match kube's
 * output textually (le="1e+06") depend on this, not just parsers.
 */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return '0';
  // toExponential() with no argument gives the shortest round-tripping digits, as Go's -1 precision does.
  const sci = v.toExponential();
  const at = sci.indexOf('e');
  const realExp = Number(sci.slice(at + 1));
  // In this range JavaScript's own shortest form is already plain digits.
  if (realExp >= -4 && realExp < 6) return String(v);
  const mantissa = sci.slice(0, at);
  const sign = realExp < 0 ? '-' : '+';
  const digits = String(Math.abs(realExp)).padStart(2, '0');
  return `${mantissa}e${sign}${digits}`;
}

const LABEL_ESCAPES = /[\\"\n]/g;
const NEEDS_LABEL_ESCAPE = /[\\"\n]/;
const HELP_ESCAPES = /[\\\n]/g;
const escapeChar = (c: string) => (c === '\n' ? '\\n' : `\\${c}`);

/** A label value between double quotes: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return NEEDS_LABEL_ESCAPE.test(value) ? value.replace(LABEL_ESCAPES, escapeChar) : value;
}

/** HELP text: only backslash and line feed are escaped (quotes are literal there). */
export function escapeHelp(text: string): string {
  return text.replace(HELP_ESCAPES, escapeChar);
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function assertMetricName(name: string): void {
  if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name ${JSON.stringify(name)}`);
}

export function assertLabelName(name: string): void {
  if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`invalid label name ${JSON.stringify(name)}`);
}
