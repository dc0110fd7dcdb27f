// Copies a piece of a spec document into a served, self-contained form: schema references
// point into the document's own components, other references (shared parameters, bodies,
// responses) are inlined, and the project's x-capstan-* extensions are dropped.
import { CodegenError } from '../../errors.js';
import type { LoadedSpecs, SpecDocument } from '../../load/index.js';
import { followPointer, splitRef } from '../../load/index.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

// Keys whose values are maps from author-chosen names to nodes (a property called `default`
// is a schema there, not data).
const NAME_MAPS = new Set(['properties', 'patternProperties', 'paths', 'responses', 'content', 'schemas', 'parameters', 'headers']);
const DATA_KEYS = new Set(['default', 'enum', 'example', 'examples']);
const SCHEMA_POINTER = /^\/components\/schemas\/([^/]+)$/;

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const clone = (v: unknown): Json => JSON.parse(JSON.stringify(v)) as Json;

/** Collects the named schemas one served document needs, each once, from whichever spec file holds it. */
export class SchemaCollector {
  private readonly found = new Map<string, { from: string; schema: Json }>();
  private readonly queue: { doc: SpecDocument; name: string }[] = [];

  constructor(private readonly specs: LoadedSpecs) {}

  /** A resolved copy of `node`, read in the context of `doc`. */
  copy(node: unknown, doc: SpecDocument, inNameMap = false): Json {
    if (Array.isArray(node)) return node.map((item) => this.copy(item, doc));
    if (!isJsonObject(node)) return clone(node);
    if (!inNameMap && typeof node['$ref'] === 'string') return this.reference(node, node['$ref'], doc);
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (inNameMap) out[key] = this.copy(value, doc);
      else if (key.startsWith('x-capstan-')) continue;
      else if (key.startsWith('x-') || DATA_KEYS.has(key)) out[key] = clone(value);
      else out[key] = this.copy(value, doc, NAME_MAPS.has(key));
    }
    return out;
  }

  /** Schemas found so far and all they reach, sorted by name. */
  schemas(): Map<string, Json> {
    for (let i = 0; i < this.queue.length; i++) {
      const { doc, name } = this.queue[i]!;
      const entry = this.found.get(name)!;
      if (entry.schema !== null) continue;
      entry.schema = this.copy(followPointer(doc.root, `/components/schemas/${name}`), doc);
    }
    return new Map([...this.found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v.schema]));
  }

  private reference(node: JsonObject, ref: string, doc: SpecDocument): Json {
    const target = splitRef(ref, doc);
    const targetDoc = this.specs.byPath.get(target.path);
    if (!targetDoc) throw new CodegenError([{ file: doc.displayName, pointer: '', message: `unresolved $ref ${ref}` }]);
    const schemaName = SCHEMA_POINTER.exec(target.pointer)?.[1];
    if (schemaName === undefined) {
      // Shared parameters, bodies and responses are written out in place, as kube serves them.
      return this.copy(followPointer(targetDoc.root, target.pointer), targetDoc);
    }
    const name = schemaName.replace(/~1/g, '/').replace(/~0/g, '~');
    const seen = this.found.get(name);
    if (seen === undefined) {
      this.found.set(name, { from: targetDoc.path, schema: null });
      this.queue.push({ doc: targetDoc, name });
    } else if (seen.from !== targetDoc.path) {
      throw new CodegenError([{ file: doc.displayName, pointer: '', message: `schema ${name} is defined in two files; served documents need one` }]);
    }
    const local: JsonObject = { $ref: `#/components/schemas/${name}` };
    const siblings = Object.entries(node).filter(([k]) => k !== '$ref' && !k.startsWith('x-capstan-'));
    if (siblings.length === 0) return local;
    // OpenAPI 3.0 ignores keys beside a $ref; kube keeps descriptions and defaults by wrapping
    // the reference in a one-element allOf.
    const out: JsonObject = { allOf: [local] };
    for (const [k, v] of siblings) out[k] = k.startsWith('x-') || DATA_KEYS.has(k) ? clone(v) : this.copy(v, doc);
    return out;
  }
}
