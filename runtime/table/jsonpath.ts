// The JSONPath subset printer columns use, in kube's dialect (`.spec.replicas`, with or
// without `{}` around it). Supported:
//   .name  ['name']  ["name"]  .name\.with\.dots   field of an object
//   [n]  [-n]                                      item of a list (negative counts from the end)
//   [a:b]  [a:b:step]                              a slice of a list
//   [*]  .*                                        every item of a list / value of an object
//   ..name                                         `name` at any depth
//   ['a','b']  [0,2]                               a union of names or indices
//   [?(@.x)]  [?(@.x == 'v')]  (== != < <= > >=)   items of a list that pass a filter;
//                                                  the right side is a literal or an @-path
// Paths are parsed once, when a resource is registered, so a bad path is a startup error.

export class JsonPathError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`invalid JSONPath ${JSON.stringify(path)}: ${detail}`);
    this.name = 'JsonPathError';
  }
}

type Literal = string | number | boolean | null;
type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';

interface Filter {
  readonly left: readonly Step[];
  readonly op?: Comparison;
  readonly right?: { readonly path: readonly Step[] } | { readonly literal: Literal };
}

type Step =
  | { readonly kind: 'field'; readonly names: readonly string[] }
  | { readonly kind: 'index'; readonly indices: readonly number[] }
  | { readonly kind: 'slice'; readonly start?: number; readonly end?: number; readonly step?: number }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'descend'; readonly name: string | undefined }
  | { readonly kind: 'filter'; readonly filter: Filter };

export interface JsonPath {
  readonly source: string;
  /** Every value the path selects, in document order; empty when nothing matches. */
  find(root: unknown): unknown[];
}

export function parseJsonPath(source: string): JsonPath {
  let text = source.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  if (text.startsWith('$')) text = text.slice(1);
  if (text === '' || text === '.') return { source, find: (root) => [root] };
  if (text[0] !== '.' && text[0] !== '[') throw new JsonPathError(source, 'must start with "." or "["');
  const parser = new Parser(source, text);
  const steps = parser.steps(false);
  if (!parser.done()) throw new JsonPathError(source, `unexpected ${JSON.stringify(parser.rest())}`);
  return { source, find: (root) => evaluate(steps, [root]) };
}

class Parser {
  private pos = 0;
  constructor(private readonly source: string, private readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  rest(): string {
    return this.text.slice(this.pos);
  }

  private fail(detail: string): never {
    throw new JsonPathError(this.source, detail);
  }

  private peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  private skipSpaces(): void {
    while (this.peek() === ' ') this.pos++;
  }

  /** Steps up to the end, or (inside a filter) up to the first character a path cannot hold. */
  steps(inFilter: boolean): Step[] {
    const steps: Step[] = [];
    for (;;) {
      const c = this.peek();
      if (c === '.') {
        if (this.peek(1) === '.') {
          this.pos += 2;
          if (this.peek() === '*') {
            this.pos++;
            steps.push({ kind: 'descend', name: undefined }, { kind: 'wildcard' });
          } else if (this.peek() === '[') {
            steps.push({ kind: 'descend', name: undefined });
          } else {
            steps.push({ kind: 'descend', name: this.name() });
          }
        } else {
          this.pos++;
          if (this.peek() === '*') {
            this.pos++;
            steps.push({ kind: 'wildcard' });
          } else {
            steps.push({ kind: 'field', names: [this.name()] });
          }
        }
      } else if (c === '[') {
        steps.push(this.bracket());
      } else if (c === '' || inFilter) {
        return steps;
      } else {
        this.fail(`unexpected ${JSON.stringify(this.rest())}`);
      }
    }
  }

  private name(): string {
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '\\' && this.pos + 1 < this.text.length) {
        out += this.text[this.pos + 1];
        this.pos += 2;
      } else if (c === '' || '.[]() =!<>,\'"'.includes(c)) {
        break;
      } else {
        out += c;
        this.pos++;
      }
    }
    if (out === '') this.fail(`a field name is missing at offset ${this.pos}`);
    return out;
  }

  private bracket(): Step {
    this.pos++; // [
    this.skipSpaces();
    let step: Step;
    const c = this.peek();
    if (c === '*') {
      this.pos++;
      step = { kind: 'wildcard' };
    } else if (c === '?') {
      this.pos++;
      if (this.peek() !== '(') this.fail('a filter must look like [?(...)]');
      this.pos++;
      step = { kind: 'filter', filter: this.filter() };
      this.skipSpaces();
      if (this.peek() !== ')') this.fail('a filter is not closed with ")"');
      this.pos++;
    } else if (c === "'" || c === '"') {
      const names = [this.quoted()];
      for (this.skipSpaces(); this.peek() === ','; this.skipSpaces()) {
        this.pos++;
        this.skipSpaces();
        names.push(this.quoted());
      }
      step = { kind: 'field', names };
    } else {
      step = this.indexOrSlice();
    }
    this.skipSpaces();
    if (this.peek() !== ']') this.fail(`"]" expected at offset ${this.pos}`);
    this.pos++;
    return step;
  }

  private quoted(): string {
    const quote = this.peek();
    if (quote !== "'" && quote !== '"') this.fail('a quoted name expected');
    this.pos++;
    let out = '';
    while (this.peek() !== quote) {
      if (this.done()) this.fail('an unterminated string');
      if (this.peek() === '\\' && this.pos + 1 < this.text.length) this.pos++;
      out += this.peek();
      this.pos++;
    }
    this.pos++;
    return out;
  }

  private integer(): number | undefined {
    this.skipSpaces();
    const m = /^-?\d+/.exec(this.rest());
    if (!m) return undefined;
    this.pos += m[0].length;
    this.skipSpaces();
    return Number(m[0]);
  }

  private indexOrSlice(): Step {
    const first = this.integer();
    if (this.peek() === ':') {
      this.pos++;
      const end = this.integer();
      let step: number | undefined;
      if (this.peek() === ':') {
        this.pos++;
        step = this.integer();
        if (step === 0) this.fail('a slice step cannot be 0');
      }
      return { kind: 'slice', start: first, end, step };
    }
    if (first === undefined) this.fail(`an index expected at offset ${this.pos}`);
    const indices = [first];
    while (this.peek() === ',') {
      this.pos++;
      const next = this.integer();
      if (next === undefined) this.fail(`an index expected at offset ${this.pos}`);
      indices.push(next);
    }
    return { kind: 'index', indices };
  }

  private filter(): Filter {
    this.skipSpaces();
    const left = this.operandPath();
    this.skipSpaces();
    const m = /^(==|!=|<=|>=|<|>)/.exec(this.rest());
    if (!m) return { left };
    this.pos += m[0].length;
    this.skipSpaces();
    const op = m[0] as Comparison;
    if (this.peek() === '@') return { left, op, right: { path: this.operandPath() } };
    return { left, op, right: { literal: this.literal() } };
  }

  private operandPath(): Step[] {
    if (this.peek() !== '@') this.fail('a filter operand must start with "@"');
    this.pos++;
    return this.steps(true);
  }

  private literal(): Literal {
    const c = this.peek();
    if (c === "'" || c === '"') return this.quoted();
    const m = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.rest());
    if (!m) this.fail(`a literal expected at offset ${this.pos}`);
    this.pos += m[0].length;
    return JSON.parse(m[0]) as Literal;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Objects' values are visited in key order: Go maps have none, and a stable one keeps cells
// deterministic.
function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return Object.keys(value).sort().map((k) => value[k]);
  return [];
}

function evaluate(steps: readonly Step[], start: unknown[]): unknown[] {
  let current = start;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) apply(step, value, next);
    current = next;
  }
  return current;
}

function apply(step: Step, value: unknown, out: unknown[]): void {
  switch (step.kind) {
    case 'field':
      if (!isRecord(value)) return;
      for (const name of step.names) if (Object.hasOwn(value, name)) out.push(value[name]);
      return;
    case 'index':
      if (!Array.isArray(value)) return;
      for (const i of step.indices) {
        const at = i < 0 ? value.length + i : i;
        if (at >= 0 && at < value.length) out.push(value[at]);
      }
      return;
    case 'slice':
      if (Array.isArray(value)) out.push(...slice(value, step.start, step.end, step.step ?? 1));
      return;
    case 'wildcard':
      out.push(...children(value));
      return;
    case 'descend':
      descend(step.name, value, out);
      return;
    case 'filter':
      if (!Array.isArray(value)) return;
      for (const item of value) if (passes(step.filter, item)) out.push(item);
      return;
  }
}

function slice(list: readonly unknown[], start: number | undefined, end: number | undefined, step: number): unknown[] {
  const len = list.length;
  const clamp = (n: number) => Math.min(Math.max(n < 0 ? len + n : n, 0), len);
  const out: unknown[] = [];
  if (step > 0) {
    for (let i = clamp(start ?? 0); i < clamp(end ?? len); i += step) out.push(list[i]);
  } else {
    const from = start === undefined ? len - 1 : Math.min(clamp(start), len - 1);
    const to = end === undefined ? -1 : clamp(end);
    for (let i = from; i > to; i += step) out.push(list[i]);
  }
  return out;
}

/** `..name` (or `..*` / `..[` when name is undefined): the node itself and every descendant. */
function descend(name: string | undefined, value: unknown, out: unknown[]): void {
  if (name === undefined) {
    out.push(value);
  } else if (isRecord(value) && Object.hasOwn(value, name)) {
    out.push(value[name]);
  }
  for (const child of children(value)) descend(name, child, out);
}

function passes(filter: Filter, item: unknown): boolean {
  const left = evaluate(filter.left, [item]);
  if (filter.op === undefined || filter.right === undefined) return left.length > 0;
  if (left.length === 0) return false;
  let right: unknown;
  if ('path' in filter.right) {
    const found = evaluate(filter.right.path, [item]);
    if (found.length === 0) return false;
    right = found[0];
  } else {
    right = filter.right.literal;
  }
  return compare(left[0], filter.op, right);
}

function compare(left: unknown, op: Comparison, right: unknown): boolean {
  switch (op) {
    case '==':
      return sameValue(left, right);
    case '!=':
      return !sameValue(left, right);
    default: {
      if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string')) return false;
      const l = left as number | string;
      const r = right as number | string;
      return op === '<' ? l < r : op === '<=' ? l <= r : op === '>' ? l > r : l >= r;
    }
  }
}

function sameValue(left: unknown, right: unknown): boolean {
  if (typeof left === 'object' || typeof right === 'object') return JSON.stringify(left) === JSON.stringify(right);
  return left === right;
}
