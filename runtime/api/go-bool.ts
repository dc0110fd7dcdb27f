// Go's strconv.ParseBool, which kube uses for boolean flags and query parameters.
const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** true or false, or undefined when Go would refuse the text. */
export function parseGoBool(value: string): boolean | undefined {
  return TRUE.has(value) ? true : FALSE.has(value) ? false : undefined;
}
