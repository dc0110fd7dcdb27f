// Splits a byte stream of concatenated JSON objects (a watch body: one object per line, but
// chunks may end anywhere, even inside a multi-byte character) into whole decoded values.
// It tracks brace depth and string state over bytes, so it does not depend on newlines.
import type { Readable } from 'node:stream';

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c;

export class JsonObjectSplitter {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;

  /** Feeds a chunk; returns the texts of the objects it completed. */
  push(chunk: Buffer): string[] {
    const out: string[] = [];
    const base = this.pendingLength;
    let buffer = chunk;
    let offset = base;
    for (let i = 0; i < buffer.length; i++) {
      const byte = buffer[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
        continue;
      }
      if (byte === QUOTE) {
        if (this.depth === 0) throw new SyntaxError('watch stream: a value outside any object');
        this.inString = true;
      } else if (byte === OPEN) {
        if (this.depth === 0) this.start = offset + i;
        this.depth++;
      } else if (byte === CLOSE) {
        if (this.depth === 0) throw new SyntaxError('watch stream: unbalanced "}"');
        this.depth--;
        if (this.depth === 0) {
          const whole = this.pending.length > 0 ? Buffer.concat([...this.pending, buffer]) : buffer;
          out.push(whole.subarray(this.start, offset + i + 1).toString('utf8'));
          // Drop what was consumed; positions restart at the rest of this chunk.
          buffer = buffer.subarray(i + 1);
          offset = 0;
          i = -1;
          this.pending = [];
          this.pendingLength = 0;
          this.start = -1;
        }
      } else if (this.depth === 0 && byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) {
        throw new SyntaxError('watch stream: a value outside any object');
      }
    }
    if (this.depth > 0) {
      if (offset === 0 && this.pending.length === 0) {
        // Keep only from the start of the unfinished object.
        this.pending = [buffer.subarray(this.start)];
        this.pendingLength = buffer.length - this.start;
        this.start = 0;
      } else {
        this.pending.push(buffer);
        this.pendingLength += buffer.length;
      }
    }
    return out;
  }

  /** True when a partial object is waiting for more bytes. */
  get incomplete(): boolean {
    return this.depth > 0;
  }
}

/** Yields each JSON object of a byte stream, parsed. */
export async function* decodeJsonObjects(body: Readable): AsyncGenerator<unknown, void, undefined> {
  const splitter = new JsonObjectSplitter();
  for await (const chunk of body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    for (const text of splitter.push(bytes)) yield JSON.parse(text) as unknown;
  }
  if (splitter.incomplete) throw new SyntaxError('watch stream ended inside an object');
}
