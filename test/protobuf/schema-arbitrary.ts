// Random JSON objects drawn from specs/ (not from the generated descriptors, so the round trip
// checks the generator as well as the interpreter), and what kube's zero rule leaves of them
// after a protobuf round trip, also worked out from specs/ alone.
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type Json = Record<string, unknown>;
type Value = unknown;

const SPECS = new URL('../../specs/', import.meta.url).pathname;
/** Groups whose specs are JSON only (no protobuf extensions). */
const JSON_ONLY = new Set(['wardle.example.com']);

/** Every named schema of every built-in group's spec, by full name. */
export function loadBuiltinSchemas(): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const group of readdirSync(SPECS)) {
    if (JSON_ONLY.has(group)) continue;
    for (const file of readdirSync(join(SPECS, group))) {
      if (!/\.(ya?ml|json)$/.test(file)) continue;
      const doc = parse(readFileSync(join(SPECS, group, file), 'utf8')) as Json;
      const schemas = ((doc['components'] as Json | undefined)?.['schemas'] ?? doc['definitions'] ?? {}) as Json;
      for (const [name, schema] of Object.entries(schemas)) out.set(name, schema as Json);
    }
  }
  return out;
}

export const refOf = (s: Json | undefined): string | undefined => {
  if (typeof s?.['$ref'] === 'string') return (s['$ref'] as string).split('/').pop();
  const all = s?.['allOf'] as Json[] | undefined;
  return typeof all?.[0]?.['$ref'] === 'string' ? (all[0]['$ref'] as string).split('/').pop() : undefined;
};

const tagged = (schema: Json): Array<[string, Json]> =>
  Object.entries((schema['properties'] ?? {}) as Record<string, Json>).filter(([, p]) => p['x-capstan-protobuf-tag'] !== undefined);

const text = fc.string({ unit: 'grapheme', maxLength: 10 });
const MIN_SECONDS = -62135596800; // 0001-01-01
const MAX_SECONDS = 253402300799; // 9999-12-31
const seconds = fc.integer({ min: MIN_SECONDS, max: MAX_SECONDS });
const wholeSeconds = (s: number): string => new Date(s * 1000).toISOString().replace(/\.\d+Z$/, '');
const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const jsonObject = fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3, noNullPrototype: true }).map(json);

const ENCODED: Record<string, fc.Arbitrary<Value>> = {
  time: seconds.map((s) => `${wholeSeconds(s)}Z`),
  microtime: fc.tuple(seconds, fc.integer({ min: 0, max: 999_999 })).map(([s, us]) => `${wholeSeconds(s)}.${String(us).padStart(6, '0')}Z`),
  // Go's own spelling of durations, so the text survives unchanged.
  duration: fc.constantFrom('0s', '1s', '1m0s', '1h2m3s', '1.5s', '250ms'),
  'int-or-string': fc.oneof(fc.integer({ min: -0x80000000, max: 0x7fffffff }), text),
  quantity: fc.tuple(fc.nat(99_999), fc.constantFrom('', 'm', 'k', 'Ki', 'Mi', 'Gi', 'M')).map(([n, unit]) => `${n}${unit}`),
  'raw-extension': jsonObject,
  'fields-v1': jsonObject,
  json: fc.jsonValue({ maxDepth: 2 }).filter((v) => v !== null).map(json),
};

/** Arbitraries for every schema of `schemas`; a schema nested inside itself is drawn empty (`{}`), which bounds recursion. */
export class SchemaArbitraries {
  constructor(private readonly schemas: ReadonlyMap<string, Json>) {}

  object(name: string, path: readonly string[] = []): fc.Arbitrary<Json> {
    const schema = this.schemas.get(name);
    if (!schema) throw new Error(`no schema ${name}`);
    if (path.filter((p) => p === name).length >= 1 || path.length > 10) return fc.constant({});
    const inner = [...path, name];
    const shape: Record<string, fc.Arbitrary<Value>> = {};
    for (const [prop, s] of tagged(schema)) shape[prop] = this.property(s, inner);
    return fc.record(shape, { requiredKeys: [], noNullPrototype: true }) as fc.Arbitrary<Json>;
  }

  private property(s: Json, path: readonly string[]): fc.Arbitrary<Value> {
    const ap = s['additionalProperties'];
    if (typeof ap === 'object' && ap !== null) {
      const values = s['x-capstan-protobuf-map-value'] === 'extra-value' ? fc.array(text, { maxLength: 3 }) : this.value(ap as Json, path);
      return fc.dictionary(text, values, { maxKeys: 2, noNullPrototype: true });
    }
    if (s['type'] === 'array') return fc.array(this.value((s['items'] ?? {}) as Json, path), { maxLength: 2 });
    return this.value(s, path);
  }

  private value(s: Json, path: readonly string[]): fc.Arbitrary<Value> {
    const ref = refOf(s);
    if (ref !== undefined) {
      const target = this.schemas.get(ref);
      const encoding = target?.['x-capstan-protobuf-encoding'] as string | undefined;
      if (encoding === undefined) return this.object(ref, path);
      const props = `${ref.slice(0, ref.lastIndexOf('.'))}.JSONSchemaProps`;
      switch (encoding) {
        case 'json-schema-props-or-array':
          return fc.oneof(this.object(props, path), fc.array(this.object(props, path), { minLength: 1, maxLength: 2 }));
        case 'json-schema-props-or-bool':
          return fc.oneof(fc.boolean(), this.object(props, path));
        case 'json-schema-props-or-string-array':
          return fc.oneof(this.object(props, path), fc.array(text, { minLength: 1, maxLength: 2 }));
        default: {
          const arb = ENCODED[encoding];
          if (!arb) throw new Error(`no arbitrary for encoding ${encoding}`);
          return arb;
        }
      }
    }
    switch (s['type']) {
      case 'string':
        return s['format'] === 'byte' ? fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('base64')) : text;
      case 'integer':
        return s['format'] === 'int32' ? fc.integer({ min: -0x80000000, max: 0x7fffffff }) : fc.maxSafeInteger();
      case 'boolean':
        return fc.boolean();
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
      default:
        throw new Error(`no arbitrary for ${JSON.stringify(s)}`);
    }
  }

  /**
   * What survives the trip: singular zero scalars that are not Go pointers
   * (`x-capstan-protobuf-optional`), and empty lists and maps (no field occurrence can say
   * "empty"; the verbs wrapper can), are absent; list items and map values stay.
   */
  expected(name: string, obj: Json): Json {
    const schema = this.schemas.get(name)!;
    const out: Json = {};
    for (const [prop, s] of tagged(schema)) {
      const v = obj[prop];
      if (v === undefined || v === null) continue;
      const ap = s['additionalProperties'];
      if (typeof ap === 'object' && ap !== null) {
        const entries = Object.entries(v as Json);
        if (entries.length === 0) continue;
        out[prop] = s['x-capstan-protobuf-map-value'] === 'extra-value' ? v : Object.fromEntries(entries.map(([k, x]) => [k, this.expectedValue(ap as Json, x)]));
      } else if (s['type'] === 'array') {
        const items = v as Value[];
        if (items.length === 0 && s['x-capstan-protobuf-list-wrapper'] !== 'verbs') continue;
        out[prop] = items.map((x) => this.expectedValue((s['items'] ?? {}) as Json, x));
      } else if (refOf(s) === undefined && s['x-capstan-protobuf-optional'] !== true && (v === '' || v === 0 || v === false)) {
        continue;
      } else {
        out[prop] = this.expectedValue(s, v);
      }
    }
    return out;
  }

  private expectedValue(s: Json, v: Value): Value {
    const ref = refOf(s);
    if (ref === undefined) return v;
    const encoding = this.schemas.get(ref)?.['x-capstan-protobuf-encoding'];
    if (encoding === undefined) return this.expected(ref, v as Json);
    if (typeof encoding === 'string' && encoding.startsWith('json-schema-props-or-')) {
      const props = `${ref.slice(0, ref.lastIndexOf('.'))}.JSONSchemaProps`;
      if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null ? this.expected(props, x as Json) : x));
      return typeof v === 'object' && v !== null ? this.expected(props, v as Json) : v;
    }
    return v;
  }
}
