// CRD patterns are Go (RE2) regular expressions. Most read the same in JavaScript; RE2's
// leading inline flags do not, so a leading `(?i)` / `(?s)` / `(?m)` becomes a RegExp flag.
const INLINE_FLAGS = /^\(\?([ism]+)\)/;

/** The pattern as a RegExp, or undefined when JavaScript cannot read it (then it is not checked). */
export function compilePattern(source: string): RegExp | undefined {
  let body = source;
  let flags = '';
  const m = INLINE_FLAGS.exec(source);
  if (m) {
    body = source.slice(m[0].length);
    flags = m[1]!;
  }
  try {
    return new RegExp(body, `${flags}u`);
  } catch {
    try {
      return new RegExp(body, flags);
    } catch {
      return undefined;
    }
  }
}

/** Why a pattern cannot be compiled, or undefined when it can. */
export function patternError(source: string): string | undefined {
  return compilePattern(source) ? undefined : `error parsing regexp: invalid pattern: \`${source}\``;
}
