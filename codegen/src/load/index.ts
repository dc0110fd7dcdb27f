// load: spec files -> parsed documents with every `$ref` checked. Referenced files outside
// the inputs are read too. Problems are collected and thrown together.
import { CodegenError, type SpecProblem } from '../errors.js';
import { parseDocument, readDocument, type SpecDocument } from './documents.js';
import { displayPath, expandInputs } from './inputs.js';
import { followPointer, forEachRef, splitRef } from './refs.js';

export type { SpecDocument, OpenApiVersion } from './documents.js';
export { parseDocument } from './documents.js';
export { displayPath, expandInputs } from './inputs.js';
export { splitRef, followPointer } from './refs.js';

export interface LoadedSpecs {
  /** The input files (directories expanded), as display paths. */
  readonly inputs: readonly string[];
  /** Every document, inputs and referenced ones, sorted by path. */
  readonly documents: readonly SpecDocument[];
  readonly byPath: ReadonlyMap<string, SpecDocument>;
}

export interface LoadOptions {
  readonly cwd: string;
  /** Files or directories; directories are searched for .yaml/.yml/.json. */
  readonly inputs: readonly string[];
  /** For tests: documents given as text, keyed by absolute path, read instead of the disk. */
  readonly overrides?: ReadonlyMap<string, string>;
}

export function loadSpecs(options: LoadOptions): LoadedSpecs {
  const { cwd } = options;
  const byPath = new Map<string, SpecDocument>();
  const problems: SpecProblem[] = [];
  const read = (path: string): SpecDocument => {
    const text = options.overrides?.get(path);
    return text !== undefined ? parseDocument(path, text, cwd) : readDocument(path, cwd);
  };
  const inputPaths = options.overrides && options.inputs.length === 0 ? [...options.overrides.keys()].sort() : expandInputs(options.inputs, cwd);
  const inputSet = new Set(inputPaths);
  const queue = [...inputPaths];
  for (let i = 0; i < queue.length; i++) {
    const path = queue[i]!;
    if (byPath.has(path)) continue;
    let doc: SpecDocument;
    try {
      doc = read(path);
    } catch (err) {
      if (err instanceof CodegenError) {
        // A referenced file that cannot be read is reported at the referring `$ref` below.
        if (!inputSet.has(path) && err.problems.every((p) => p.message.startsWith('cannot read'))) continue;
        problems.push(...err.problems);
        continue;
      }
      throw err;
    }
    byPath.set(path, doc);
    forEachRef(doc.root, '', (ref) => {
      const target = splitRef(ref, doc);
      if (target.path !== path && !byPath.has(target.path) && !queue.includes(target.path)) queue.push(target.path);
    });
  }
  if (problems.length > 0) throw new CodegenError(problems);

  // With every file read, each reference must land on something.
  for (const doc of byPath.values()) {
    forEachRef(doc.root, '', (ref, at) => {
      const target = splitRef(ref, doc);
      const targetDoc = byPath.get(target.path);
      if (!targetDoc) {
        problems.push({ file: doc.displayName, pointer: at, message: `dangling $ref ${JSON.stringify(ref)}: file ${displayPath(target.path, cwd)} not found` });
      } else if (followPointer(targetDoc.root, target.pointer) === undefined) {
        problems.push({ file: doc.displayName, pointer: at, message: `dangling $ref ${JSON.stringify(ref)}: nothing at ${target.pointer} in ${targetDoc.displayName}` });
      }
    });
  }
  if (problems.length > 0) throw new CodegenError(problems);
  const documents = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { inputs: inputPaths.map((p) => displayPath(p, cwd)), documents, byPath };
}
