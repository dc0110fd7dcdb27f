// Field selectors in kube's string syntax: key=value, key==value, key!=value, comma means AND.
// A backslash escapes the next character, so values may hold ',', '=' and '!'.
import { SelectorError } from './selector-error.js';

export interface FieldRequirement {
  field: string;
  operator: 'Equals' | 'NotEquals';
  value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  matches(fields: { readonly [field: string]: string }): boolean;
  /** The value an Equals requirement on `field` demands, if any (lets stores narrow a scan). */
  requiresExactMatch(field: string): string | undefined;
  toString(): string;
}

function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === '\\' && i + 1 < input.length) {
      current += c + input[i + 1];
      i++;
    } else if (c === ',') {
      terms.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  terms.push(current);
  return terms;
}

function unescape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      const next = value[i + 1];
      if (next === undefined || !'\\,=!'.includes(next)) {
        throw new SelectorError(`invalid field selector: invalid escape sequence in value: ${value}`);
      }
      out += next;
      i++;
    } else if (c === ',' || c === '=' || c === '!') {
      throw new SelectorError(`invalid field selector: unescaped ${c} in value: ${value}`);
    } else {
      out += c;
    }
  }
  return out;
}

function escape(value: string): string {
  return value.replace(/[\\,=!]/g, (c) => `\\${c}`);
}

/** Parses a field selector; the empty string selects everything. Throws SelectorError. */
export function parseFieldSelector(input: string): FieldSelector {
  const requirements: FieldRequirement[] = [];
  if (input.trim() !== '') {
    for (const term of splitTerms(input)) {
      const match = /^([^=!\\]*?)(==|!=|=)(.*)$/s.exec(term);
      if (!match) throw new SelectorError(`invalid selector: '${input}'; can't understand '${term}'`);
      const field = match[1]!.trim();
      if (field === '') throw new SelectorError(`invalid selector: '${input}'; can't understand '${term}'`);
      requirements.push({
        field,
        operator: match[2] === '!=' ? 'NotEquals' : 'Equals',
        value: unescape(match[3]!),
      });
    }
  }
  return fieldSelectorOf(requirements);
}

export function fieldSelectorOf(requirements: readonly FieldRequirement[]): FieldSelector {
  const frozen = requirements.map((r) => ({ ...r }));
  return {
    requirements: frozen,
    matches(fields) {
      for (const r of frozen) {
        const actual = fields[r.field] ?? '';
        if ((actual === r.value) !== (r.operator === 'Equals')) return false;
      }
      return true;
    },
    requiresExactMatch(field) {
      return frozen.find((r) => r.field === field && r.operator === 'Equals')?.value;
    },
    toString() {
      return frozen.map((r) => `${r.field}${r.operator === 'Equals' ? '=' : '!='}${escape(r.value)}`).join(',');
    },
  };
}
