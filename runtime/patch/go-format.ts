// Renders JSON values the way Go prints them, because several kube patch error messages embed
// a decoded value with `%v` (e.g. "map: map[image:nginx] does not contain declared merge key:
// name") or a Go type name, and those messages reach the client verbatim.
import { isJsonObject, type JsonValue } from './json-value.js';

/** Go's `%v` of a value decoded into interface{} (integers as int64, as kube decodes them). */
export function goFormat(value: JsonValue): string {
  const out: string[] = [];
  // An explicit stack of pending pieces, so a deep value cannot overflow the call stack.
  const stack: Piece[] = [{ value }];
  while (stack.length > 0) {
    const piece = stack.pop()!;
    if ('text' in piece) {
      out.push(piece.text);
      continue;
    }
    const v = piece.value;
    if (v === null) out.push('<nil>');
    else if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number') out.push(goNumber(v));
    else if (typeof v === 'boolean') out.push(String(v));
    else {
      const pieces: Piece[] = [];
      if (Array.isArray(v)) {
        pieces.push({ text: '[' });
        v.forEach((child, i) => {
          if (i > 0) pieces.push({ text: ' ' });
          pieces.push({ value: child });
        });
      } else {
        // Go's fmt prints map keys sorted.
        pieces.push({ text: 'map[' });
        Object.keys(v)
          .sort(compareGoStrings)
          .forEach((key, i) => {
            pieces.push({ text: `${i > 0 ? ' ' : ''}${key}:` }, { value: v[key]! });
          });
      }
      pieces.push({ text: ']' });
      for (let i = pieces.length - 1; i >= 0; i--) stack.push(pieces[i]!);
    }
  }
  return out.join('');
}

type Piece = { text: string } | { value: JsonValue };

/** Go orders strings by bytes; UTF-16 order differs only for astral characters. */
function compareGoStrings(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

/** `%v` of an int64 is its decimal form; of a float64 it is `%g` with Go's exponent style. */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  if (exponent < -4 || exponent >= 21) {
    const [mantissa, exp] = n.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[-+]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

/** The word encoding/json uses for a JSON value's kind in "cannot unmarshal X into ...". */
export function goJsonKind(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'bool';
  return typeof value; // 'string' | 'number'
}

/** reflect.TypeOf(v).String() for a value decoded into interface{}. */
export function goTypeName(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '%!s(<nil>)';
  if (Array.isArray(value)) return '[]interface {}';
  if (isJsonObject(value)) return 'map[string]interface {}';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}
