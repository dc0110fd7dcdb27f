// Label selectors in kube's string syntax, equality- and set-based:
//   a=b, a==b, a!=b, a in (x,y), a notin (x), a, !a, a>3, a<7  (comma means AND)
import { SelectorError } from './selector-error.js';

export type LabelOperator = 'Equals' | 'NotEquals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'GreaterThan' | 'LessThan';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  matches(labels: { readonly [key: string]: string } | undefined): boolean;
  toString(): string;
}

const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** kube's qualified name: an optional DNS subdomain prefix and "/", then a name of <= 63 chars. */
export function validateLabelKey(key: string): string | null {
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0) return 'prefix part must be non-empty';
    if (prefix.length > 253) return 'prefix part must be no more than 253 characters';
    if (!DNS_SUBDOMAIN.test(prefix)) {
      return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    }
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return null;
}

export function validateLabelValue(value: string): string | null {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (value.length > 0 && !NAME.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return null;
}

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'op'; text: '=' | '==' | '!=' | '!' | '>' | '<' }
  | { kind: 'comma' | 'open' | 'close' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === ',') {
      tokens.push({ kind: 'comma' });
      i++;
    } else if (c === '(') {
      tokens.push({ kind: 'open' });
      i++;
    } else if (c === ')') {
      tokens.push({ kind: 'close' });
      i++;
    } else if (c === '=' || c === '!' || c === '>' || c === '<') {
      const two = input.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else {
        tokens.push({ kind: 'op', text: c });
        i++;
      }
    } else {
      let j = i;
      while (j < input.length && !' \t,()=!<>'.includes(input[j]!)) j++;
      tokens.push({ kind: 'word', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

/** Parses a label selector; the empty string selects everything. Throws SelectorError. */
export function parseLabelSelector(input: string): LabelSelector {
  const tokens = tokenize(input);
  const requirements: LabelRequirement[] = [];
  let pos = 0;
  const fail = (why: string): never => {
    throw new SelectorError(`unable to parse requirement: ${why}`);
  };
  const word = (what: string): string => {
    const t = tokens[pos];
    if (t?.kind !== 'word') return fail(`found '${describeToken(t)}', expected: ${what}`);
    pos++;
    return t.text;
  };
  const values = (): string[] => {
    const t = tokens[pos];
    if (t?.kind !== 'open') return fail(`found '${describeToken(t)}', expected: '('`);
    pos++;
    const out: string[] = [];
    for (;;) {
      const v = tokens[pos];
      if (v?.kind === 'word') {
        out.push(v.text);
        pos++;
      } else if (v?.kind === 'comma' || v?.kind === 'close') {
        out.push('');
      } else {
        fail(`found '${describeToken(v)}', expected: ',', ')' or identifier`);
      }
      const sep = tokens[pos];
      pos++;
      if (sep?.kind === 'close') break;
      if (sep?.kind !== 'comma') fail(`found '${describeToken(sep)}', expected: ',' or ')'`);
    }
    return out;
  };

  while (pos < tokens.length) {
    let requirement: LabelRequirement;
    const first = tokens[pos]!;
    if (first.kind === 'op' && first.text === '!') {
      pos++;
      requirement = { key: word('identifier'), operator: 'DoesNotExist', values: [] };
    } else {
      const key = word('identifier');
      const next = tokens[pos];
      if (next === undefined || next.kind === 'comma') {
        requirement = { key, operator: 'Exists', values: [] };
      } else if (next.kind === 'op') {
        pos++;
        const valueToken = tokens[pos];
        let value = '';
        if (valueToken?.kind === 'word') {
          value = valueToken.text;
          pos++;
        } else if (next.text === '>' || next.text === '<' || next.text === '!') {
          fail(`found '${describeToken(valueToken)}', expected: identifier`);
        }
        if (next.text === '!') fail(`found '!', expected: '=', '!=', '==', 'in', notin'`);
        const operator: LabelOperator =
          next.text === '!=' ? 'NotEquals' : next.text === '>' ? 'GreaterThan' : next.text === '<' ? 'LessThan' : 'Equals';
        if ((operator === 'GreaterThan' || operator === 'LessThan') && !/^-?\d+$/.test(value)) {
          fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
        }
        requirement = { key, operator, values: [value] };
      } else if (next.kind === 'word' && (next.text === 'in' || next.text === 'notin')) {
        pos++;
        requirement = { key, operator: next.text === 'in' ? 'In' : 'NotIn', values: values() };
      } else {
        return fail(`found '${describeToken(next)}', expected: '=', '!=', '==', 'in', notin'`);
      }
    }
    const keyError = validateLabelKey(requirement.key);
    if (keyError) fail(`key: Invalid value: "${requirement.key}": ${keyError}`);
    if (requirement.operator !== 'GreaterThan' && requirement.operator !== 'LessThan') {
      for (const v of requirement.values) {
        const valueError = validateLabelValue(v);
        if (valueError) fail(`values[0][${requirement.key}]: Invalid value: "${v}": ${valueError}`);
      }
    }
    requirements.push(requirement);
    const sep = tokens[pos];
    if (sep === undefined) break;
    if (sep.kind !== 'comma') fail(`found '${describeToken(sep)}', expected: ','`);
    pos++;
    if (pos === tokens.length) fail(`found '', expected: identifier after ','`);
  }
  return labelSelectorOf(requirements);
}

function describeToken(t: Token | undefined): string {
  if (t === undefined) return '';
  if (t.kind === 'word' || t.kind === 'op') return t.text;
  return t.kind === 'comma' ? ',' : t.kind === 'open' ? '(' : ')';
}

export function labelSelectorOf(requirements: readonly LabelRequirement[]): LabelSelector {
  const frozen = requirements.map((r) => ({ ...r, values: [...r.values] }));
  return {
    requirements: frozen,
    matches(labels) {
      for (const r of frozen) if (!matchesRequirement(r, labels)) return false;
      return true;
    },
    toString() {
      return frozen.map(formatRequirement).join(',');
    },
  };
}

/** Selects objects whose labels contain every pair of `set` (a matchLabels map). */
export function labelSelectorFromSet(set: { readonly [key: string]: string }): LabelSelector {
  return labelSelectorOf(
    Object.keys(set)
      .sort()
      .map((key) => ({ key, operator: 'Equals' as const, values: [set[key]!] })),
  );
}

function matchesRequirement(r: LabelRequirement, labels: { readonly [key: string]: string } | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels![r.key]! : undefined;
  switch (r.operator) {
    case 'Equals':
    case 'In':
      return has && r.values.includes(value!);
    case 'NotEquals':
    case 'NotIn':
      return !has || !r.values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'GreaterThan':
    case 'LessThan': {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      const actual = Number(value);
      const bound = Number(r.values[0]);
      return r.operator === 'GreaterThan' ? actual > bound : actual < bound;
    }
  }
}

function formatRequirement(r: LabelRequirement): string {
  switch (r.operator) {
    case 'Equals':
      return `${r.key}=${r.values[0]}`;
    case 'NotEquals':
      return `${r.key}!=${r.values[0]}`;
    case 'In':
      return `${r.key} in (${[...r.values].sort().join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${[...r.values].sort().join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
    case 'GreaterThan':
      return `${r.key}>${r.values[0]}`;
    case 'LessThan':
      return `${r.key}<${r.values[0]}`;
  }
}
