// How Go prints the values a JSONPath finds, because kube's CRD table convertor renders a
// `string` column by handing the value to its JSONPath printer: scalars through fmt's %v,
// lists and maps through encoding/json.

/** fmt's %v of a decoded JSON number: integers in full, other floats as strconv 'g'. */
export function goNumberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  // toExponential() gives the shortest round-tripping digits, as Go's shortest formatting does.
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  // With the shortest precision, Go switches to an exponent outside [1e-4, 1e6).
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

/** encoding/json's compact form: map keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) out[key] = sortKeys(record[key]);
    return out;
  }
  return value;
}

/** fmt's %v of any decoded JSON value, as JSONPath's text printer produces it. */
export function goText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object' && value !== null) return goJson(value);
  return undefined;
}
