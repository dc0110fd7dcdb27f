// Resolves `$ref`s across the spec files: `#/pointer` inside the same file, or
// `../other/v1.yaml#/pointer` relative to the referring file.
import { posix } from 'node:path';
import { isObject, type SpecFile } from './spec-files.js';

export interface Resolved {
  file: string;
  value: unknown;
}

function decodePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((token) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~'));
}

export class RefResolver {
  private readonly byPath = new Map<string, SpecFile>();

  constructor(files: SpecFile[]) {
    for (const file of files) this.byPath.set(file.path, file);
  }

  /** Follows `ref` as written in `fromFile`; undefined when the file or pointer is missing. */
  resolve(fromFile: string, ref: string): Resolved | undefined {
    const hash = ref.indexOf('#');
    const filePart = hash < 0 ? ref : ref.slice(0, hash);
    const pointer = hash < 0 ? '' : ref.slice(hash + 1);
    const target = filePart === '' ? fromFile : posix.normalize(posix.join(posix.dirname(fromFile), filePart));
    const file = this.byPath.get(target);
    if (file === undefined) return undefined;
    let value: unknown = file.doc;
    for (const token of decodePointer(pointer)) {
      if (Array.isArray(value)) value = value[Number(token)];
      else if (isObject(value) && Object.hasOwn(value, token)) value = value[token];
      else return undefined;
    }
    return value === undefined ? undefined : { file: target, value };
  }

  /** Follows chains of `$ref`-only objects to the first object that is not a reference. */
  deref(fromFile: string, value: unknown): Resolved | undefined {
    let current: Resolved = { file: fromFile, value };
    for (let hops = 0; hops < 20; hops++) {
      if (!isObject(current.value) || typeof current.value['$ref'] !== 'string') return current;
      const next = this.resolve(current.file, current.value['$ref']);
      if (next === undefined) return undefined;
      current = next;
    }
    return undefined;
  }
}

/** The last pointer segment of a reference: the schema name for `.../schemas/<name>`. */
export function refTargetName(ref: string): string {
  const hash = ref.indexOf('#');
  const tokens = decodePointer(hash < 0 ? '' : ref.slice(hash + 1));
  return tokens.at(-1) ?? ref;
}

/** Every `$ref` in a document with the JSON path where it appears. */
export function collectRefs(value: unknown, at = ''): { at: string; ref: string }[] {
  const found: { at: string; ref: string }[] = [];
  if (Array.isArray(value)) value.forEach((item, i) => found.push(...collectRefs(item, `${at}[${i}]`)));
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push({ at, ref: child });
      else found.push(...collectRefs(child, `${at}/${key}`));
    }
  }
  return found;
}
