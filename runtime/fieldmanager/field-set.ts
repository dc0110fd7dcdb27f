// A set of field paths stored as a trie keyed by FieldsV1 element keys: a node is a member
// when its own path is in the set. Sets are treated as immutable once built; operations share
// untouched subtrees instead of copying them.
import { isObject } from './json.js';
import { compareElementKeys, readElementKey, type Path, type PathElement } from './path-element.js';

export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  get empty(): boolean {
    return !this.member && this.children.size === 0;
  }

  /** Builder use only: the child under `key`, created when missing. */
  child(key: string): FieldSet {
    let next = this.children.get(key);
    if (!next) {
      next = new FieldSet();
      this.children.set(key, next);
    }
    return next;
  }

  /** Every member path, in FieldsV1 order. */
  paths(): Path[] {
    const out: Path[] = [];
    const walk = (node: FieldSet, prefix: PathElement[]): void => {
      if (node.member && prefix.length > 0) out.push(prefix.slice());
      for (const key of sortedKeys(node)) {
        prefix.push(readElementKey(key).pe);
        walk(node.children.get(key)!, prefix);
        prefix.pop();
      }
    };
    walk(this, []);
    return out;
  }

  equals(other: FieldSet): boolean {
    if (this === other) return true;
    if (this.member !== other.member || this.children.size !== other.children.size) return false;
    for (const [key, child] of this.children) {
      const o = other.children.get(key);
      if (!o || !child.equals(o)) return false;
    }
    return true;
  }

  /** The FieldsV1 object: `"."` first when the node is a member and has children, then sorted keys. */
  toFieldsV1(): Record<string, unknown> {
    const known = wireForms.get(this);
    if (known) return known;
    const out: Record<string, unknown> = {};
    writeChildren(this, out);
    wireForms.set(this, out);
    return out;
  }

  /**
   * Decodes FieldsV1, validating it. A FieldsV1 already in canonical form is remembered as the
   * wire form of the set it decodes to, so entries nobody touched are written back as they came.
   */
  static fromFieldsV1(value: unknown): FieldSet {
    if (isObject(value)) {
      const known = decoded.get(value);
      if (known) return known;
    }
    const state = { canonical: true };
    const set = decode(value, state);
    if (isObject(value)) {
      decoded.set(value, set);
      if (state.canonical) wireForms.set(set, value);
    }
    return set;
  }
}

// Sets are immutable once built, and FieldsV1 objects are treated as values, so both
// directions of the encoding can be remembered by identity.
const wireForms = new WeakMap<FieldSet, Record<string, unknown>>();
const decoded = new WeakMap<object, FieldSet>();

function writeChildren(node: FieldSet, out: Record<string, unknown>): void {
  for (const key of sortedKeys(node)) {
    const child = node.children.get(key)!;
    const body: Record<string, unknown> = {};
    if (child.children.size > 0) {
      if (child.member) body['.'] = {};
      writeChildren(child, body);
    }
    out[key] = body;
  }
}

function decode(value: unknown, state: { canonical: boolean }): FieldSet {
  if (!isObject(value)) throw new Error('FieldsV1 must be a JSON object');
  const node = new FieldSet();
  let previous: string | undefined;
  let index = 0;
  for (const [key, body] of Object.entries(value)) {
    index++;
    if (!isObject(body)) throw new Error(`FieldsV1 entry ${JSON.stringify(key)} must be an object`);
    if (key === '.') {
      if (Object.keys(body).length !== 0) throw new Error('FieldsV1 "." must map to an empty object');
      if (index !== 1) state.canonical = false;
      continue;
    }
    const child = decode(body, state);
    // A leaf `{}` or an explicit `"."` makes the path itself a member.
    const dotted = Object.prototype.hasOwnProperty.call(body, '.');
    if (child.children.size === 0 || dotted) child.member = true;
    if (dotted && child.children.size === 0) state.canonical = false;
    const normalized = key.charCodeAt(0) === 102 && key.charCodeAt(1) === 58 ? key : readElementKey(key).normalized;
    if (normalized !== key || (previous !== undefined && compareElementKeys(previous, key) >= 0)) state.canonical = false;
    previous = key;
    node.children.set(normalized, child);
  }
  return node;
}

function sortedKeys(node: FieldSet): Iterable<string> {
  if (node.children.size < 2) return node.children.keys();
  return [...node.children.keys()].sort(compareElementKeys);
}

export function union(a: FieldSet | undefined, b: FieldSet | undefined): FieldSet | undefined {
  if (!a || a.empty) return b && !b.empty ? b : undefined;
  if (!b || b.empty) return a;
  if (a === b) return a;
  const out = new FieldSet();
  out.member = a.member || b.member;
  for (const [key, child] of a.children) {
    const merged = union(child, b.children.get(key));
    if (merged) out.children.set(key, merged);
  }
  for (const [key, child] of b.children) if (!a.children.has(key)) out.children.set(key, child);
  return out;
}

export function difference(a: FieldSet | undefined, b: FieldSet | undefined): FieldSet | undefined {
  if (!a || a.empty) return undefined;
  if (!b || b.empty) return a;
  const out = new FieldSet();
  out.member = a.member && !b.member;
  let changed = out.member !== a.member;
  for (const [key, child] of a.children) {
    const other = b.children.get(key);
    const rest = other ? difference(child, other) : child;
    if (rest !== child) changed = true;
    if (rest) out.children.set(key, rest);
  }
  if (!changed) return a;
  return out.empty ? undefined : out;
}

export function intersection(a: FieldSet | undefined, b: FieldSet | undefined): FieldSet | undefined {
  if (!a || !b || a.empty || b.empty) return undefined;
  const out = new FieldSet();
  out.member = a.member && b.member;
  const [small, large] = a.children.size <= b.children.size ? [a, b] : [b, a];
  for (const [key, child] of small.children) {
    const other = large.children.get(key);
    if (!other) continue;
    const both = intersection(child, other);
    if (both) out.children.set(key, both);
  }
  return out.empty ? undefined : out;
}
